import assert from 'node:assert/strict';
import { TokensService } from '@app/domain/identity';
import type { TestApp } from '@app/testing';
import type { Response } from 'supertest';

/** A JSON body as the API answers it (the tests read its fields freely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** supertest with one caller's credentials on every request (a bearer header value, or an API key). */
export function client(t: TestApp, credentials: string) {
  const header: [string, string] = credentials.startsWith('Bearer ') ? ['authorization', credentials] : ['x-api-key', credentials];
  const wrap = (method: 'get' | 'post' | 'patch' | 'delete' | 'put') => (url: string) => t.http[method](url).set(...header);
  return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), delete: wrap('delete'), put: wrap('put') };
}

/**
 * A bearer header value for the user, issued at the test clock's current
 * time. Tests that move the clock by weeks mint a fresh one after each move
 * (access tokens live minutes).
 */
export async function tokenNow(t: TestApp, userId: string): Promise<string> {
  return `Bearer ${(await t.app.get(TokensService).issue(userId)).accessToken}`;
}

/** The ETag (and so the If-Match value) of a record at a version: `"<id>.<version>"`. */
export const etagFor = (id: string, version: number | string) => `"${id}.${version}"`;

/** The ETag an answer carries (asserted present), for a following If-Match. */
export function etagOf(res: Response): string {
  const etag = res.headers.etag;
  assert.ok(etag, `expected an ETag on ${res.status} ${JSON.stringify(res.body)}`);
  return etag;
}

/** The body of an answer, asserted to have come with `status` (the message shows the body when not). */
export function bodyOf(res: Response, status: number): Json {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** POSTs `body` to `url` as `credentials` and returns the record made (asserting 201 Created). */
export async function created(t: TestApp, credentials: string, url: string, body: object): Promise<Json> {
  return bodyOf(await client(t, credentials).post(url).send(body), 201);
}
