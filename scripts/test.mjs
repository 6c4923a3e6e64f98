// `npm test`: build, then run Jest on the compiled tests (jest.config.js).
// Arguments: --unit, --e2e or --bench choose the kind (default: unit and e2e;
// benchmarks run only when asked); other words keep only the test files whose
// names contain them (`npm test -- problem-lists audit`); `-t <pattern>` and
// other Jest flags are passed on (`npm test -- --unit -t 'review schedule'`);
// --long allows 30 minutes a test.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 9)) {
  process.stderr.write(
    `npm test needs Node.js 24.9 or later (this is ${process.version}): Jest loads NestJS 12's ES modules through require(esm) in its VM modules.\n` +
      "Install Node.js 24 LTS (nvm install 24, your distribution's nodejs 24 package, or the installer from the Node.js website) and run npm ci again.\n",
  );
  process.exit(1);
}

const args = process.argv.slice(2);
const projects = args.includes('--bench') ? ['bench'] : args.includes('--unit') ? ['unit'] : args.includes('--e2e') ? ['e2e'] : ['unit', 'e2e'];
const passOn = [];
const names = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (['--unit', '--e2e', '--bench', '--long'].includes(arg)) continue;
  if (arg === '-t' || arg === '--testNamePattern') passOn.push(arg, args[++i] ?? '');
  else if (arg.startsWith('-')) passOn.push(arg);
  else names.push(arg.replace(/\.ts$/, ''));
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// A name keeps the files whose path inside the repository contains it (not the
// absolute path: a checkout under a folder named like a test must not match everything).
const suffixes = { unit: '.spec.js', e2e: '.e2e-spec.js', bench: '.bench.js' };
const roots = { unit: ['dist/apps', 'dist/libs', 'dist/migrations'], e2e: ['dist/test'], bench: ['dist/test'] };
const find = (dir, suffix, out = []) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) find(path, suffix, out);
    else if (entry.endsWith(suffix)) out.push(path);
  }
  return out;
};
let byPath = [];
if (names.length) {
  byPath = projects
    .flatMap((kind) => roots[kind].flatMap((dir) => find(dir, suffixes[kind])))
    .filter((file) => names.some((name) => relative('dist', file).includes(name)));
  if (!byPath.length) {
    process.stderr.write(`No test files matched ${names.join(', ')}.\n`);
    process.exit(1);
  }
}

const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);
const nodeFlags = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'];
const run = spawnSync(
  process.execPath,
  [
    ...nodeFlags,
    require.resolve('jest/bin/jest'),
    '--selectProjects',
    ...projects,
    `--maxWorkers=${Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 2}`,
    ...passOn,
    ...(byPath.length ? ['--runTestsByPath', ...byPath] : []),
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, ...nodeFlags].filter(Boolean).join(' '),
      // --long (`npm run fuzz`): up to 30 minutes a test.
      ...(args.includes('--long') ? { CSP_TEST_TIMEOUT_MS: '1800000' } : {}),
    },
  },
);
process.exit(run.status ?? 1);
