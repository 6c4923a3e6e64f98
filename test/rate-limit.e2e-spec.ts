import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { TokensService } from '@app/domain/identity';
import { createTestApp, type TestApp } from '@app/testing';
import { addMember, createUser } from './support/identity';
import { expectProblem } from './support/problem-details';

describe('request rate limits shared by API instances', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp({ env: { RATE_LIMIT_PER_PRINCIPAL: '5', RATE_LIMIT_PER_ADDRESS: '3', RATE_LIMIT_WINDOW_SECONDS: '30' } });
    // A second instance on the same database and Redis prefix.
    b = await createTestApp({ environment: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  async function tokenFor(): Promise<string> {
    const user = await createUser(a);
    await addMember(a, user.id, 'cardiff', 'viewer');
    return `Bearer ${(await a.app.get(TokensService).issue(user.id)).accessToken}`;
  }

  it('limits each user across instances, with 429 problem+json and Retry-After', async () => {
    const first = await tokenFor();
    const second = await tokenFor();
    const path = '/api/v1/partnerships/cardiff';
    for (const app of [a, a, b, b, a]) await app.http.get(path).set('authorization', first).expect(200);
    const limited = await b.http.get(path).set('authorization', first);
    expectProblem(limited, 429, 'rate-limited');
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 30, `Retry-After ${limited.headers['retry-after']}`);
    // Another user is counted separately; health checks are never limited.
    await a.http.get(path).set('authorization', second).expect(200);
    for (let i = 0; i < 8; i++) await b.http.get('/health/live').expect(200);
  });

  it('limits callers without valid credentials per address, bad tokens included', async () => {
    for (let i = 0; i < 3; i++) expectProblem(await (i % 2 ? a : b).http.get('/api/v1/me').set('authorization', 'Bearer nonsense'), 401);
    const limited = await a.http.get('/api/v1/me');
    expectProblem(limited, 429, 'rate-limited');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    // Sign-in requests come from the same address: limited too.
    expectProblem(await b.http.post('/api/v1/auth/token').send({ email: 'x@example.org', password: 'whatever' }), 429);
  });

  it('counts well-formed API keys the database does not know against the address as well', async () => {
    const c = await createTestApp({ env: { RATE_LIMIT_PER_PRINCIPAL: '100', RATE_LIMIT_PER_ADDRESS: '3', RATE_LIMIT_WINDOW_SECONDS: '30' } });
    try {
      // Each key is a different claimed caller, so only the address can hold a caller trying keys.
      for (let i = 0; i < 3; i++) {
        const guess = `cspk_${randomBytes(32).toString('base64url')}`;
        expectProblem(await c.http.get('/api/v1/partnerships/cardiff').set('x-api-key', guess), 401);
      }
      expectProblem(await c.http.get('/api/v1/partnerships/cardiff').set('x-api-key', `cspk_${randomBytes(32).toString('base64url')}`), 429);
      expectProblem(await c.http.get('/api/v1/me'), 429);
    } finally {
      await c.close();
    }
  });
});
