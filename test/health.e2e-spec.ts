import assert from 'node:assert/strict';
import { afterAll, describe, it } from '@jest/globals';
import { TokensService } from '@app/domain/identity';
import { entryOf } from '@app/testing';
import { createUser } from './support/identity';
import { expectProblem } from './support/problem-details';
import { useTestApp } from './support/app';

describe('health', () => {
  describe('with PostgreSQL and Redis up', () => {
    const t = useTestApp();

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
    // Port 1 on loopback: nothing listens there, so connections are refused at once.
    const t = useTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    afterAll(async () => {
      // ioredis's disconnect() of a connection that was refused arms a timer
      // (`disconnectTimeout`, 2 s) waiting for a close event that already
      // happened; let it run out so the test process exits cleanly.
      await new Promise((done) => setTimeout(done, 2_100));
    });

    it('stays live but answers 503 problem+json on readiness, naming Redis', async () => {
      await t.http.get('/health/live').expect(200);
      const body = expectProblem(await t.http.get('/health/ready'), 503);
      const checks = body.checks as Record<string, { status: string }>;
      assert.equal(entryOf(checks, 'redis').status, 'down');
      assert.equal(entryOf(checks, 'database').status, 'up');
    });

    it('still serves requests that need only the database (rate limits fail open), but refuses sign-in (503)', async () => {
      const user = await createUser(t, { platformAdmin: true });
      const { accessToken } = await t.app.get(TokensService).issue(user.id);
      const started = Date.now();
      const res = await t.http.get('/api/v1/partnerships?limit=1').set('authorization', `Bearer ${accessToken}`).expect(200);
      assert.equal(res.body.items.length, 1);
      assert.ok(Date.now() - started < 1000, 'no waiting on the absent Redis');
      // Failed sign-ins are counted in Redis: without it, sign-in fails closed.
      expectProblem(await t.http.post('/api/v1/auth/token').send({ email: user.email, password: user.password }), 503);
    });
  });
});
