import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import { inspectInput, jsonShapeProblem } from './input-limits';
import { dtoClassesOf, hardenOpenApiDocument } from './openapi-hardening';
import { rawProblemResponse, sendProblem, toProblem } from './problem.filter';
import { ValidationProblem } from './problems';
import { requestIdFor } from './request-id';
import { securityHeaders } from './security-headers';

export const API_PREFIX = 'api/v1';

/** Routes served outside the API prefix: health and metrics, for load balancers and scrapers. */
export const UNPREFIXED_ROUTES: readonly string[] = ['health/live', 'health/ready', 'metrics'];

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.api.bodyLimitBytes,
    trustProxy: config.api.trustProxy,
    genReqId: (req: IncomingMessage) => requestIdFor(req),
    requestIdHeader: false,
    // Our logger (pino through nestjs-pino) logs requests; Fastify's own stays quiet.
    logger: false,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors the router raises before any route runs (a path parameter over
    // maxParamLength: 414; a malformed URL: 400) answer problem+json too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(reply, toProblem(error, request.url)),
    // Errors Node's HTTP parser raises before there is a request (headers too
    // large: 431; a malformed chunked body or request line: 400).
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(rawProblemResponse(error));
      socket.destroy(error);
    },
  });
}

/** `/api/v1` before every route but the health checks. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [...UNPREFIXED_ROUTES] });
}

export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('CSP tasking and coordination API')
    .setDescription(
      'Partnership tasking and coordination for Community Safety Partnerships: strategic assessments with an ' +
        'enforced quarterly review, control strategies, tasking groups and meetings, and SARA problem records. ' +
        'Errors are RFC 9457 application/problem+json. Requests without valid credentials (sign-in among them) are rate ' +
        'limited per client address; the web console names the address of the person it acts for in X-Console-Client-Address, ' +
        'which counts only with the shared secret in X-Console-Forwarding-Secret (CONSOLE_FORWARDING_SECRET) and is ignored otherwise.',
    )
    .setVersion('1')
    .addServer(config.api.publicUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A JWT for people, or an API key for systems.' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key for systems.' }, 'apiKey');
  const document = SwaggerModule.createDocument(app, builder.build());
  // Every authenticated POST honours Idempotency-Key (API.md).
  for (const item of Object.values(document.paths)) {
    const post = item.post;
    if (!post?.security?.length) continue;
    post.parameters = [
      ...(post.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 255 },
        description:
          'A key of your choosing (1-255 printable characters). A retry with the same key and body replays the first answer ' +
          '(with `Idempotent-Replayed: true`) for 24 hours; the same key with another body is 422 `idempotency-key-reused`; ' +
          'a retry while the first is still running is 409 `idempotency-key-in-flight`. Routes whose answer shows a secret ' +
          'once refuse it (422 `idempotency-not-supported`).',
      },
    ];
  }
  return hardenOpenApiDocument(document, dtoClassesOf(handlerParameterTypes(app)));
}

/** The declared types of every controller handler's parameters (bodies, queries, path parameters...). */
function handlerParameterTypes(app: INestApplication): unknown[] {
  const types: unknown[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        if (name === 'constructor') continue;
        const declared: unknown = Reflect.getMetadata('design:paramtypes', prototype, name);
        if (Array.isArray(declared)) types.push(...(declared as unknown[]));
      }
    }
  }
  return types;
}

/**
 * The HTTP edge every API instance and every e2e test shares: security headers,
 * request ids on every response, the API prefix and OpenAPI. Errors Fastify
 * raises before a handler runs (bad JSON, body too large) reach the global
 * ProblemDetailsFilter through Nest's Fastify error handler.
 */
export async function configureHttpApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // helmet's headers, on every response (errors and 404s too), worked out once.
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  // The API reads JSON only: any other body is 415 (Fastify's default text parser goes).
  // A JSON body's size and nesting are counted before it is parsed (see jsonShapeProblem).
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    const shape = jsonShapeProblem(text as string);
    if (shape) done(new ValidationProblem([{ path: '(body)', message: shape }]), undefined);
    else void parseJson(request, text as string, done);
  });
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Every decoded input, on every route, before validation and any SQL:
  // bounded depth and size, no NUL characters (see input-limits.ts).
  fastify.addHook('preValidation', async (request) => {
    for (const value of [request.params, request.query, request.body]) {
      if (value === undefined || value === null) continue;
      // A streamed upload (text/csv) is the route's to read, row by row: only decoded values are inspected here.
      if (value instanceof Readable || Buffer.isBuffer(value)) continue;
      const { errors, more } = inspectInput(value, '');
      if (errors.length) throw new ValidationProblem(errors, 'The request is not valid.', more);
    }
  });
  const requests = app
    .get(MetricsService)
    .histogram('csp_http_request_duration_seconds', 'HTTP requests by route template, method and status', ['method', 'route', 'status']);
  fastify.addHook('onResponse', async (request, reply) => {
    // The route's template (never the concrete path) keeps the label set small.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  setApiPrefix(app);
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    useGlobalPrefix: false,
  });
}
