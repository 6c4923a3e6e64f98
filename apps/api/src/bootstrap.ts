import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { configureHttpApp, createFastifyAdapter, type AppConfig } from '@app/core';
import { ApiModule, type ApiModuleOptions } from './app.module';

/** Builds the API application exactly as production runs it; e2e tests use this too. */
export async function createApiApp(config: AppConfig, options: ApiModuleOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, options), createFastifyAdapter(config), {
    bufferLogs: true,
    abortOnError: false,
    // JSON only (Fastify's own parser, bounded by configureHttpApp): no form or text bodies (415).
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  await configureHttpApp(app, config);
  return app;
}
