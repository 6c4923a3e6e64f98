// Jest runs the compiled tests in dist/ (`npm test` builds first), each kind a
// project: `unit` (beside the code, no database), `e2e` (test/, real PostgreSQL
// and Redis: the global setup migrates a template database once and each file
// clones it) and `bench` (figures only, never part of `npm test`).
// scripts/test.mjs chooses the projects and passes file-name filters on.
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // The compiled JavaScript is run as it is; the transform only hands Jest the
  // source map tsc wrote beside it, so stack traces name the TypeScript lines.
  transform: { '^.+\\.js$': '<rootDir>/scripts/jest-source-maps.cjs' },
  moduleFileExtensions: ['js', 'json'],
  // Always print each file's duration.
  slowTestThreshold: 0,
  // Jest reads `testTimeout` from the top level only; each project sets its own here.
  setupFilesAfterEnv: ['<rootDir>/scripts/jest-timeout.cjs'],
};
const timeout = (ms) => ({ globals: { testTimeoutMs: ms } });
const withDatabase = {
  globalSetup: '<rootDir>/dist/libs/testing/src/jest/global-setup.js',
  globalTeardown: '<rootDir>/dist/libs/testing/src/jest/global-teardown.js',
};

module.exports = {
  verbose: true,
  // How long a worker may take to exit once every file has run, before Jest
  // kills it and prints "A worker process has failed to exit gracefully".
  // Measured: the workers leave nothing open (only their IPC channel and
  // stdio) and run their exit handlers within 20 ms of being told to end, but
  // tearing down a heap that booted dozens of Nest apps took the process 130
  // to over 500 ms to end on a busy 2-core machine: the default 500 ms
  // reported a leak that was not there. A real leak (a handle that is never
  // closed) still holds the worker past this and is still reported.
  workerGracefulExitTimeout: 5_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/dist/apps', '<rootDir>/dist/libs', '<rootDir>/dist/migrations'],
      testMatch: ['**/*.spec.js'],
      ...timeout(30_000),
    },
    { ...common, ...withDatabase, displayName: 'e2e', roots: ['<rootDir>/dist/test'], testMatch: ['**/*.e2e-spec.js'], ...timeout(180_000) },
    { ...common, ...withDatabase, displayName: 'bench', roots: ['<rootDir>/dist/test'], testMatch: ['**/*.bench.js'], ...timeout(1_800_000) },
  ],
};
