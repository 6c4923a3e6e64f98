// `npm test`: build, then let the runner prepare PostgreSQL and run every test
// file (unit tests beside the code, e2e tests in test/) with Node's test runner.
// Extra arguments: --unit, --e2e, --bench (benchmarks only), or parts of file names to run only those.
import { spawnSync } from 'node:child_process';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, ['dist/libs/testing/src/runner.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
