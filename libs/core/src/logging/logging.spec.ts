import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { HttpLogger, Options } from 'pino-http';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../config';
import { loggerParams } from './logging';

/** pino-http as the API configures it, writing its lines into an array. */
function requestLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const params = loggerParams({ log: { level: 'info', pretty: false } } as AppConfig, 'api');
  return { middleware: pinoHttp(params.pinoHttp as Options, sink), lines };
}

/** One request through a real HTTP server running the middleware, answered with `status`. */
async function exchange(middleware: HttpLogger, headers: Record<string, string>, status: number): Promise<void> {
  const server = createServer((req, res) =>
    middleware(req, res, () => {
      req.log.warn('something to say while handling it');
      res.statusCode = status;
      res.end('{}');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await (await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers })).text();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('request logging', () => {
  it('writes one line per request with its id, method, path and status, and no credentials', async () => {
    const { middleware, lines } = requestLogger();
    await exchange(middleware, { 'x-request-id': 'req-42', authorization: 'Bearer secret-token', cookie: 'session=x' }, 200);

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, service: 'api', requestId: 'req-42', msg: 'something to say while handling it' });
    expect(lines[1]).toMatchObject({
      level: 30,
      service: 'api',
      requestId: 'req-42',
      req: { id: 'req-42', method: 'GET', url: '/api/v1/me' },
      res: { statusCode: 200 },
      msg: 'request completed',
    });
    expect(typeof lines[1]!.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/secret-token|session=x/);
  });

  it('ends a failed request with its line too (the error itself is logged by the problem details filter)', async () => {
    const { middleware, lines } = requestLogger();
    await exchange(middleware, {}, 500);

    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: 30, req: { method: 'GET', url: '/api/v1/me' }, res: { statusCode: 500 }, msg: 'request errored' });
    expect(lines[1]!.requestId).toEqual((lines[1]!.req as { id: string }).id);
    expect(lines[0]!.requestId).toEqual(lines[1]!.requestId);
  });
});
