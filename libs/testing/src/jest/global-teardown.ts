import type { TestServer } from './test-server';

/** Jest `globalTeardown`: drops this run's databases and stops an embedded server. Runs in the process of the global setup. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { cspTestServer?: TestServer };
  await holder.cspTestServer?.stop();
  holder.cspTestServer = undefined;
}
