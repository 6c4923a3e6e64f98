import 'reflect-metadata';
import { loadConfigOrExit } from '@app/core/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit('csp-api');
  const app = await createApiApp(config);
  await app.listen({ port: config.api.port, host: config.api.host });
  process.stdout.write(`csp-api listening on ${config.api.publicUrl}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`csp-api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
