import { startTestServer, type TestServer } from './test-server';

/** Jest `globalSetup` of the e2e and bench projects (jest.config.js). */
export default async function globalSetup(): Promise<void> {
  (globalThis as { cspTestServer?: TestServer }).cspTestServer = await startTestServer();
}
