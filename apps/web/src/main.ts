import 'reflect-metadata';
import { loadConfigOrExit } from '@app/core/config';
import { createWebApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit('csp-web');
  const app = await createWebApp(config);
  await app.listen({ port: config.web.port, host: config.api.host });
  process.stdout.write(
    `csp-web listening on http://${config.api.host === '0.0.0.0' ? 'localhost' : config.api.host}:${config.web.port} (API ${config.web.apiUrl})\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`csp-web failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
