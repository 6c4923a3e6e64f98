import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** The header the console proves itself with (the shared CONSOLE_FORWARDING_SECRET). */
export const CONSOLE_SECRET_HEADER = 'x-console-forwarding-secret';
/** The address of the person the console acts for. */
export const CONSOLE_CLIENT_HEADER = 'x-console-client-address';

function sameSecret(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The address a request counts against: the console's word for the person it
 * signs in when the request carries the console's secret and a valid IP
 * address, else the connection's (or the trusted proxy's) address. Without a
 * configured secret the headers are ignored, so no caller can choose its own.
 */
export function clientAddress(request: FastifyRequest, secret: string | undefined): string {
  if (!secret) return request.ip;
  const claimed = request.headers[CONSOLE_CLIENT_HEADER];
  if (typeof claimed !== 'string' || !isIP(claimed) || !sameSecret(secret, request.headers[CONSOLE_SECRET_HEADER])) return request.ip;
  return claimed;
}
