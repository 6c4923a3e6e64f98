import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { configureHttpApp, createFastifyAdapter, type AppConfig } from '@app/core';
import { ApiModule, type ApiModuleOptions } from './app.module';
import { mountImportUploads } from './intake/import-uploads';
import { mountQueueBoard } from './operations/queue-board';
import type { ApiRequest } from './security/api-request';
import { clientAddress } from './security/client-address';

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
  await mountQueueBoard(app, config);
  await mountImportUploads(app, config);
  // A request refused after authentication began its transaction (access,
  // rate limit, an idempotent replay) never reaches the interceptor that
  // finishes it: roll it back once the answer is sent, or the client is gone.
  const abandon = async (request: unknown) => {
    await (request as ApiRequest).authenticated?.transaction.abandon();
  };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request) => {
    (request as ApiRequest).clientAddress = clientAddress(request, config.web.forwardingSecret);
  });
  fastify.addHook('onResponse', abandon);
  fastify.addHook('onRequestAbort', abandon);
  return app;
}
