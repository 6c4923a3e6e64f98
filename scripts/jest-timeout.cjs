// Runs before each test file: the project's timeout (jest.config.js `globals.testTimeoutMs`).
jest.setTimeout(testTimeoutMs);
