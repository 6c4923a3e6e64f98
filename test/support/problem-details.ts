import assert from 'node:assert/strict';
import type { Response } from 'supertest';

/** Asserts an RFC 9457 answer: status, content type, and the `type` ending with `slug`. */
export function expectProblem(res: Response, status: number, slug?: string): Record<string, unknown> {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.body as Record<string, unknown>;
  assert.equal(body.status, status);
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.type, 'string');
  if (slug) assert.ok(String(body.type).endsWith(slug), `type ${String(body.type)} should end with ${slug}`);
  assert.ok(!JSON.stringify(body).includes('    at '), 'a problem never carries a stack trace');
  return body;
}
