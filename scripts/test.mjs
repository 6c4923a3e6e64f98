// `npm test`: build, then run Jest on the compiled tests (jest.config.js).
// Arguments: --unit, --e2e or --bench choose the kind (default: unit and e2e;
// benchmarks run only when asked); other words keep only the test files whose
// names contain them (`npm test -- problem-lists audit`); `-t <pattern>` and
// other Jest flags are passed on (`npm test -- --unit -t 'review schedule'`).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 9)) {
  process.stderr.write(
    `npm test needs Node.js 24.9 or later (this is ${process.version}): Jest loads NestJS 12's ES modules through require(esm) in its VM modules.\n` +
      'Install Node.js 24 LTS (nvm install 24, your distribution\'s nodejs 24 package, or the installer from the Node.js website) and run npm ci again.\n',
  );
  process.exit(1);
}

const args = process.argv.slice(2);
const projects = args.includes('--bench') ? ['bench'] : args.includes('--unit') ? ['unit'] : args.includes('--e2e') ? ['e2e'] : ['unit', 'e2e'];
const passOn = [];
const names = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (['--unit', '--e2e', '--bench'].includes(arg)) continue;
  if (arg === '-t' || arg === '--testNamePattern') passOn.push(arg, args[++i] ?? '');
  else if (arg.startsWith('-')) passOn.push(arg);
  else names.push(arg.replace(/\.ts$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);
const nodeFlags = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'];
const run = spawnSync(
  process.execPath,
  [
    ...nodeFlags,
    require.resolve('jest/bin/jest'),
    '--selectProjects', ...projects,
    `--maxWorkers=${Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 2}`,
    ...passOn,
    ...names,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, ...nodeFlags].filter(Boolean).join(' ') } },
);
process.exit(run.status ?? 1);
