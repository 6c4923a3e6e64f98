import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { QueueEvents, type Queue } from 'bullmq';
import { requestHash } from '@app/domain/idempotency';
import { JOBS, QUEUES, redisConnectionOptions } from '@app/queue';
import { createTestApp, createTestWorker, firstOf, nth, type TestApp } from '@app/testing';
import { member, platformAdmin, signIn, type TestUser } from './support/identity';
import { expectProblem } from './support/problem-details';
import { problemBody, problemsOf } from './support/problems';

describe('Idempotency-Key on creating requests', () => {
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let adminUser: TestUser;
  let analystUser: TestUser;

  /** Tokens follow the test clock: sign in again after moving it. */
  async function signInAgain(): Promise<void> {
    admin = `Bearer ${await signIn(t, adminUser)}`;
    analyst = `Bearer ${await signIn(t, analystUser)}`;
  }

  beforeAll(async () => {
    t = await createTestApp();
    ({ user: adminUser, auth: admin } = await member(t, 'cardiff', 'admin'));
    ({ user: analystUser, auth: analyst } = await member(t, 'cardiff', 'analyst'));
  });
  afterAll(async () => {
    await t.close();
  });

  const agencies = '/api/v1/partnerships/cardiff/agencies';
  /** Creates an agency as the admin under an Idempotency-Key (through `http`: another app on the same database, say). */
  const postAgency = (key: string, body: Record<string, unknown>, http = t.http) =>
    http.post(agencies).set('authorization', admin).set('idempotency-key', key).send(body);
  const count = async (sql: string, params: unknown[] = []) => Number(firstOf(await t.db.query<{ n: string }>(sql, params)).n);

  it('replays the first response to a retry with the same key and body, creating once', async () => {
    const body = { name: 'Cardiff Street Pastors', kind: 'third_sector' };
    const first = await postAgency('agency-create-1', body).expect(201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const retry = await postAgency('agency-create-1', { kind: 'third_sector', name: 'Cardiff Street Pastors' }).expect(201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.body, first.body);
    // The stored bytes exactly, keys in the order first sent.
    assert.equal(retry.text, first.text);
    assert.match(String(retry.headers['content-type']), /^application\/json/);
    assert.equal(await count(`SELECT count(*) AS n FROM agencies WHERE name = 'Cardiff Street Pastors'`), 1);
  });

  it("claims the key on the request's own connection: a one-connection pool serves an idempotent POST", async () => {
    // The claim used to take a second connection while authentication held the first.
    const narrow = await createTestApp({ environment: t, poolSize: 1 });
    try {
      const body = { name: 'Barry Youth Outreach', kind: 'third_sector' };
      const first = await postAgency('one-connection-1', body, narrow.http).expect(201);
      const retry = await postAgency('one-connection-1', body, narrow.http).expect(201);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.deepEqual(retry.body, first.body);
      expectProblem(await postAgency('one-connection-1', { ...body, name: 'Other' }, narrow.http), 422);
      assert.equal(await count(`SELECT count(*) AS n FROM agencies WHERE name = 'Barry Youth Outreach'`), 1);
      // The work ran after the claim's commit with the tenant and user set again: audited as the admin.
      const [audit] = await t.db.query<{ actor: string }>(`SELECT actor_id AS actor FROM audit_events WHERE target_id = $1 AND action = 'agency.created'`, [
        first.body.id,
      ]);
      assert.equal(audit?.actor, adminUser.id);
    } finally {
      await narrow.close();
    }
  });

  it('does not use up a key on a request refused as invalid: the corrected retry runs', async () => {
    const refused = await postAgency('agency-create-invalid', { name: 'Youth Offending Service', kind: 'no-such-kind' });
    const problem = expectProblem(refused, 400, 'validation');
    assert.ok(Array.isArray(problem.errors) && problem.errors.length > 0);
    const corrected = await postAgency('agency-create-invalid', { name: 'Youth Offending Service', kind: 'third_sector' });
    assert.equal(corrected.status, 201, corrected.text);
    assert.equal(corrected.headers['idempotent-replayed'], undefined);
    const again = await postAgency('agency-create-invalid', { name: 'Youth Offending Service', kind: 'third_sector' }).expect(201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.text, corrected.text);
    assert.equal(await count(`SELECT count(*) AS n FROM agencies WHERE name = 'Youth Offending Service'`), 1);
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    await postAgency('agency-create-2', { name: 'Victim Support Cardiff', kind: 'third_sector' }).expect(201);
    const reused = await postAgency('agency-create-2', { name: 'Something Else', kind: 'other' });
    expectProblem(reused, 422, 'idempotency-key-reused');
    assert.equal(await count(`SELECT count(*) AS n FROM agencies WHERE name = 'Something Else'`), 0);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    // A claim taken a moment ago by a request that has not finished.
    const caller = firstOf(
      await t.db.query<{ id: string }>(
        `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id JOIN partnerships p ON p.id = m.partnership_id WHERE p.code = 'cardiff' AND m.role = 'admin' ORDER BY u.created_at LIMIT 1`,
      ),
    );
    const partnership = firstOf(await t.db.query<{ id: string }>(`SELECT id FROM partnerships WHERE code = 'cardiff'`));
    const body = { name: 'Slow Agency', kind: 'other' };
    await t.db.query(
      `INSERT INTO idempotency_records (id, partnership_id, caller_type, caller_id, key, method, path, request_hash, state, claimed_at, expires_at)
       VALUES (gen_random_uuid(), $1, 'user', $2, 'in-flight-key', 'POST', $3, $4, 'in_flight', $5, $5::timestamptz + interval '1 day')`,
      [partnership.id, caller.id, agencies, requestHash('POST', agencies, body), t.clock.now()],
    );
    expectProblem(await postAgency('in-flight-key', body), 409, 'idempotency-key-in-flight');
    assert.equal(await count(`SELECT count(*) AS n FROM agencies WHERE name = 'Slow Agency'`), 0);
    // A claim older than any request may run belongs to a request that died: a retry takes it over.
    t.clock.advance(6 * 60 * 1000);
    await postAgency('in-flight-key', body).expect(201);
    assert.equal(await count(`SELECT count(*) AS n FROM agencies WHERE name = 'Slow Agency'`), 1);
  });

  it('replays a client error as it was answered, and forgets the key after 24 hours', async () => {
    const bad = { name: 'Cardiff Council', kind: 'local_authority' }; // already exists: 409
    const first = await postAgency('dup-agency', bad);
    expectProblem(first, 409, 'agency-exists');
    const retry = await postAgency('dup-agency', bad);
    expectProblem(retry, 409, 'agency-exists');
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.body, first.body);

    await postAgency('day-old', { name: 'Day Old Agency', kind: 'other' }).expect(201);
    t.clock.advance(24 * 3600 * 1000 + 1000);
    await signInAgain();
    // Expired: the key is free again, for any request.
    const fresh = await postAgency('day-old', { name: 'Another Day Agency', kind: 'other' }).expect(201);
    assert.equal(fresh.headers['idempotent-replayed'], undefined);
  });

  it('keeps keys per caller: another caller with the same key is a new request', async () => {
    const body = problemBody({ title: 'Keys are per caller' });
    await t.http.post(problemsOf('cardiff')).set('authorization', analyst).set('idempotency-key', 'shared-key').send(body).expect(201);
    const other = (await member(t, 'cardiff', 'analyst')).auth;
    const second = await t.http.post(problemsOf('cardiff')).set('authorization', other).set('idempotency-key', 'shared-key').send(body).expect(201);
    assert.equal(second.headers['idempotent-replayed'], undefined);
    assert.equal(await count(`SELECT count(*) AS n FROM problems WHERE title = 'Keys are per caller'`), 2);
  });

  it('replays a created problem with its ETag and creates one record under concurrent retries', async () => {
    const body = problemBody({ title: 'Retried over a flaky network' });
    const send = () => t.http.post(problemsOf('cardiff')).set('authorization', analyst).set('idempotency-key', 'flaky-network').send(body);
    const answers = await Promise.all([send(), send(), send()]);
    const statuses = answers.map((r) => r.status).sort();
    // One created; the others either replayed it or were told it is still running.
    assert.ok(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    );
    assert.equal(await count(`SELECT count(*) AS n FROM problems WHERE title = 'Retried over a flaky network'`), 1);
    const replay = await send().expect(201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const created = answers.find((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined)!;
    assert.equal(replay.body.reference, created.body.reference);
    assert.equal(replay.headers.etag, created.headers.etag);
  });

  it('refuses the key where the answer shows a secret once, and rejects a malformed key', async () => {
    const res = await t.http
      .post('/api/v1/partnerships/cardiff/api-keys')
      .set('authorization', admin)
      .set('idempotency-key', 'key-1')
      .send({ name: 'feed', scopes: ['problems:read'] });
    expectProblem(res, 422, 'idempotency-not-supported');
    assert.equal(await count(`SELECT count(*) AS n FROM api_keys WHERE name = 'feed'`), 0);
    const malformed = await t.http
      .post(agencies)
      .set('authorization', admin)
      .set('idempotency-key', 'x'.repeat(256))
      .send({ name: 'Long Key Agency', kind: 'other' });
    expectProblem(malformed, 400, 'validation');
  });

  it('scopes keys by partnership: a record from another partnership is never replayed', async () => {
    const platform = (await platformAdmin(t)).auth;
    await t.http
      .post('/api/v1/partnerships/newport/agencies')
      .set('authorization', platform)
      .set('idempotency-key', 'cross')
      .send({ name: 'Cross Agency', kind: 'other' })
      .expect(201);
    const elsewhere = await t.http.post(agencies).set('authorization', platform).set('idempotency-key', 'cross').send({ name: 'Cross Agency', kind: 'other' });
    expectProblem(elsewhere, 422, 'idempotency-key-reused');
  });

  it('documents the header on creating routes', async () => {
    const doc = await t.http.get('/docs/openapi.json').expect(200);
    const params = doc.body.paths['/api/v1/partnerships/{partnershipId}/problems'].post.parameters as { name: string; in: string }[];
    assert.ok(params.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'));
  });
});

describe('purging expired Idempotency-Key records (worker)', () => {
  it('deletes the expired records of every partnership through the queue, and keeps the rest', async () => {
    const w = await createTestWorker();
    const events = new QueueEvents(QUEUES.maintenance, { connection: redisConnectionOptions(w.config, 'worker'), prefix: w.config.redis.prefix });
    try {
      await events.waitUntilReady();
      const partnerships = await w.db.query<{ id: string }>(`SELECT id FROM partnerships WHERE code IN ('cardiff', 'newport')`);
      const now = w.clock.now();
      const insert = (partnershipId: string | null, expiresAt: Date) =>
        w.db.query(
          `INSERT INTO idempotency_records (id, partnership_id, caller_type, caller_id, key, method, path, request_hash, state, claimed_at, expires_at)
           VALUES (gen_random_uuid(), $1, 'user', gen_random_uuid(), 'k', 'POST', '/x', 'h', 'completed', $2, $3)`,
          [partnershipId, now, expiresAt],
        );
      const past = new Date(now.getTime() - 1000);
      const future = new Date(now.getTime() + 3600_000);
      await insert(firstOf(partnerships).id, past);
      await insert(nth(partnerships, 1).id, past);
      await insert(null, past);
      await insert(firstOf(partnerships).id, future);
      const queue = w.app.get<Queue>(getQueueToken(QUEUES.maintenance));
      const job = await queue.add(JOBS.purgeIdempotencyRecords.name, {});
      const done = await new Promise<{ returnvalue: unknown }>((resolve) =>
        events.on('completed', (event) => {
          if (event.jobId === job.id) resolve(event);
        }),
      );
      assert.deepEqual(done.returnvalue, { deleted: 3 });
      const left = await w.db.query<{ expires_at: Date }>('SELECT expires_at FROM idempotency_records');
      assert.equal(left.length, 1);
      assert.equal(new Date(firstOf(left).expires_at).getTime(), future.getTime());
    } finally {
      await events.close();
      await w.close();
    }
  });
});
