import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config';
import { requestIdFor } from '../http/request-id';

/** Paths pino never writes out: credentials in headers and bodies. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.apiKey',
  'password',
  'secret',
];

export function loggerParams(config: AppConfig, service: 'api' | 'worker' | 'cli'): Params {
  return {
    // Every route under the API prefix; health checks (outside it) are not logged.
    forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.log.level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage) => requestIdFor(req),
      // Lines logged while handling a request carry its id only (`requestId`); the request itself is written
      // once, on the line that ends it (customSuccessObject / customErrorObject). This is for the log's
      // content, not its cost: pino-http still binds the request into a child logger of its own.
      quietReqLogger: true,
      quietResLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      customSuccessObject: (req: IncomingMessage, _res: unknown, value: object) => ({ req, ...value }),
      customErrorObject: (req: IncomingMessage, _res: unknown, _error: Error, value: object) => ({ req, ...value }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      transport: config.log.pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    },
  };
}
