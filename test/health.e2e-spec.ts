import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '@app/testing';
import { generateApiKey, hashApiKey, loadApiKeySecret } from '@app/domain/identity';
import { uuidv7 } from '@app/core';
import { partnershipId } from './support/identity';
import { expectProblem } from './support/problem';

describe('health', () => {
  describe('with PostgreSQL and Redis up', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp();
    });
    after(async () => {
      await t.close();
    });

    it('is live and ready, without authentication', async () => {
      const live = await t.http.get('/health/live').expect(200);
      assert.equal(live.body.status, 'ok');
      const ready = await t.http.get('/health/ready').expect(200);
      assert.equal(ready.body.status, 'ok');
      assert.equal(ready.body.details.database.status, 'up');
      assert.equal(ready.body.details.redis.status, 'up');
    });
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;
    before(async () => {
      // Port 1 on loopback: nothing listens there, so connections are refused at once.
      t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    });
    after(async () => {
      await t.close();
    });

    it('stays live but answers 503 problem+json on readiness, naming Redis', async () => {
      await t.http.get('/health/live').expect(200);
      const body = expectProblem(await t.http.get('/health/ready'), 503);
      const checks = body.checks as Record<string, { status: string }>;
      assert.equal(checks.redis.status, 'down');
      assert.equal(checks.database.status, 'up');
    });

    it('still serves requests that need only the database', async () => {
      // Signing in needs Redis (its failure counters); an API key does not.
      const key = generateApiKey();
      await t.db.query(`INSERT INTO api_keys (id, partnership_id, name, prefix, key_hash, scopes) VALUES ($1, $2, 'feed', $3, $4, '{problems:read}')`, [
        uuidv7(),
        await partnershipId(t, 'cardiff'),
        key.slice(0, 13),
        hashApiKey(await loadApiKeySecret(t.config), key),
      ]);
      const res = await t.http.get('/api/v1/partnerships?limit=1').set('x-api-key', key).expect(200);
      assert.equal(res.body.items.length, 1);
    });
  });
});
