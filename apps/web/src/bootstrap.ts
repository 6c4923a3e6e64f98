import { join, resolve } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig, Clock } from '@app/core';
import { GOVUK_ASSETS, MOJ_ASSETS } from './assets';
import { WebModule } from './web.module';
import { Web } from './web';

/** apps/web/public, from the source tree (dist/apps/web/src -> the repository root). */
export const PUBLIC_DIR = resolve(__dirname, '../../../../apps/web/public');

/** Builds the console exactly as it runs; the browser tests use this too. */
export async function createWebApp(config: AppConfig, options: { clock?: Clock } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ trustProxy: config.api.trustProxy, logger: false, bodyLimit: 256 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(WebModule.forRoot(config, options.clock), adapter, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  await app.register(helmet, {
    // The page sets its own policy with a nonce (see Pages.render).
    contentSecurityPolicy: false,
    // Served over plain HTTP on a developer's machine; production sits behind TLS.
    strictTransportSecurity: config.web.secureCookies,
  });
  await app.register(cookie);
  const minifiedScripts = (path: string) => path.endsWith('.min.js');
  const assetFolders = [
    { root: join(GOVUK_ASSETS, 'assets'), prefix: '/assets/govuk/' },
    { root: GOVUK_ASSETS, prefix: '/assets/govuk-js/', allowedPath: minifiedScripts },
    { root: MOJ_ASSETS, prefix: '/assets/moj/', allowedPath: minifiedScripts },
    { root: PUBLIC_DIR, prefix: '/assets/app/' },
  ];
  for (const folder of assetFolders) await app.register(fastifyStatic, { ...folder, decorateReply: false, index: false });
  app.get(Web).install(app.getHttpAdapter().getInstance());
  app.enableShutdownHooks();
  return app;
}
