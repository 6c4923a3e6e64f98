import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, createFastifyAdapter, setApiPrefix, type AppConfig } from '@app/core';
import { ApiModule } from './app.module';

/**
 * The OpenAPI document the API serves at /docs/openapi.json, built without a
 * database, Redis or a listening server: Nest's preview mode builds the
 * module graph without instantiating providers.
 */
export async function emitOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), createFastifyAdapter(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    setApiPrefix(app);
    return buildOpenApiDocument(app, config);
  } finally {
    await app.close();
  }
}
