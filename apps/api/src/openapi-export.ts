import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_PREFIX, buildOpenApiDocument, createFastifyAdapter, loadConfig } from '@app/core';
import { ApiModule } from './app.module';

/**
 * Writes the OpenAPI document to the file named by the first argument,
 * without connecting to anything: the application is built in preview mode
 * (modules and controllers, no providers instantiated), with the default
 * configuration so the document does not depend on the machine.
 */
async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: openapi-export <file.json>');
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused' });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), createFastifyAdapter(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  const document = buildOpenApiDocument(app, config);
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`openapi-export failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
