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
      customProps: (req: IncomingMessage) => ({ requestId: requestIdFor(req) }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      transport: config.log.pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    },
  };
}
