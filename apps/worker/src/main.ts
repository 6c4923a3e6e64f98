import 'reflect-metadata';
import { loadConfigOrExit } from '@app/core/config';
import { createWorkerApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit('csp-worker');
  const app = await createWorkerApp(config);
  await app.listen({ port: config.worker.port, host: config.api.host });
  process.stdout.write(`csp-worker running; health on http://${config.api.host}:${config.worker.port}/health/ready\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`csp-worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
