// Runs before each test file: the project's timeout (jest.config.js `globals.testTimeoutMs`),
// or CSP_TEST_TIMEOUT_MS when scripts/test.mjs was given --long.
jest.setTimeout(Number(process.env.CSP_TEST_TIMEOUT_MS) || testTimeoutMs);
