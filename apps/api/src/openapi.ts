import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '@app/core/config';
import { emitOpenApiDocument } from './openapi-document';

/**
 * Writes the OpenAPI document without starting anything (`npm run openapi`;
 * `npm run lint:openapi` lints it):
 *   node dist/apps/api/src/openapi.js [file] [server URL]   (default: stdout, https://csp-tasking.example.org)
 */
async function main(): Promise<void> {
  // Nothing connects in preview mode: a placeholder URL satisfies the options builder.
  const config = loadConfig({ DATABASE_URL: 'postgres://preview@localhost/openapi', PUBLIC_URL: process.argv[3] ?? 'https://csp-tasking.example.org' });
  const document = `${JSON.stringify(await emitOpenApiDocument(config), null, 2)}\n`;
  const out = process.argv[2];
  if (out) writeFileSync(out, document);
  else process.stdout.write(document);
}

main().catch((err: unknown) => {
  process.stderr.write(`csp-openapi failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
