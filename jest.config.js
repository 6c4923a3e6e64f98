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
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/dist/apps', '<rootDir>/dist/libs'], testMatch: ['**/*.spec.js'], ...timeout(30_000) },
    { ...common, ...withDatabase, displayName: 'e2e', roots: ['<rootDir>/dist/test'], testMatch: ['**/*.e2e-spec.js'], ...timeout(180_000) },
    { ...common, ...withDatabase, displayName: 'bench', roots: ['<rootDir>/dist/test'], testMatch: ['**/*.bench.js'], ...timeout(1_800_000) },
  ],
};
