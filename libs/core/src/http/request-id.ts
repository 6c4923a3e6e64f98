import type { IncomingMessage } from 'node:http';
import { uuidv7 } from '../ids';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the caller's `X-Request-Id` when it is sane, else a new
 * one. Stored on the raw request so the logger and Fastify agree.
 */
export function requestIdFor(req: IncomingMessage): string {
  const raw = req as IncomingMessage & { id?: unknown };
  if (typeof raw.id === 'string' && raw.id) return raw.id;
  const incoming = req.headers['x-request-id'];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  const id = value && SAFE_ID.test(value) ? value : uuidv7();
  raw.id = id;
  return id;
}
