import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/core/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`csp-api: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApiApp(config);
  await app.listen({ port: config.api.port, host: config.api.host });
  process.stdout.write(`csp-api listening on ${config.api.publicUrl}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`csp-api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
