import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { TransactionHost, uuidv7 } from '@app/core';
import { SCANNERS } from '@app/domain';
import { FlagScanService, FlagsService, scannerIndexes } from '@app/domain/flags';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { apiKey, member, partnershipId } from './support/identity';
import { expectProblem } from './support/problem-details';
import { insertScannerBackground } from './support/scanners';
import { emitFlagEvents, insertSubscriptions } from './support/webhooks';
import { countRows } from './support/database';

const KIND = 'webhook_subscription_disabled';

describe('flags: scanner framework, raise and resolve, and the flags API', () => {
  let t: TestApp;
  let w: TestWorker;
  let scans: FlagScanService;
  let cardiff: string;
  let chair: string;
  let viewer: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTestWorker({ environment: t });
    scans = w.app.get(FlagScanService);
    cardiff = await partnershipId(t, 'cardiff');
    chair = (await member(t, 'cardiff', 'chair')).auth;
    viewer = (await member(t, 'cardiff', 'viewer')).auth;
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  const flagsOf = (subjectIds: string[]) =>
    t.db.query<{ id: string; subject_id: string; due_date: string; resolved_at: Date | null; resolution: string | null }>(
      `SELECT id, subject_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, resolved_at, resolution FROM flags WHERE subject_id = ANY($1::uuid[]) ORDER BY subject_id`,
      [subjectIds],
    );
  const eventsOf = (type: string, flagIds: string[]) =>
    countRows(t, `SELECT 1 FROM outbox_events WHERE type = $1 AND subject_id = ANY($2::uuid[])`, [type, flagIds]);
  /** One open flag of the test's own in a partnership (on a fresh subject), with its subject. */
  const ownFlag = async (code: string) => {
    const id = firstOf((await emitFlagEvents(t, code, 1)).flagIds);
    const row = firstOf(await t.db.query<{ subject_id: string }>('SELECT subject_id FROM flags WHERE id = $1', [id]));
    return { id, subject: { type: 'webhook_subscription', id: row.subject_id } };
  };

  it('raises one flag per cause across partnerships, with one flag.raised event each, and none for a manual disable', async () => {
    const a = await insertSubscriptions(t, 'cardiff', 2, { disabledReason: 'gone' });
    const b = await insertSubscriptions(t, 'newport', 1, { disabledReason: 'retries_exhausted' });
    const manual = await insertSubscriptions(t, 'cardiff', 1, { disabledReason: 'manual' });
    const active = await insertSubscriptions(t, 'cardiff', 1);
    const result = await scans.scan(KIND);
    assert.equal(result.raised, 3);
    const flags = await flagsOf([...a, ...b, ...manual, ...active]);
    assert.deepEqual(flags.map((f) => f.subject_id).sort(), [...a, ...b].sort());
    assert.ok(flags.every((f) => f.due_date === '2026-01-15' && f.resolved_at === null));
    assert.equal(
      await eventsOf(
        'flag.raised',
        flags.map((f) => f.id),
      ),
      3,
    );
    const newportFlag = firstOf(await t.db.query<{ partnership_id: string }>('SELECT partnership_id FROM flags WHERE subject_id = $1', [b[0]]));
    assert.equal(newportFlag.partnership_id, await partnershipId(t, 'newport'));
  });

  it('makes no second flag or event when scanned again, or by two scans at once', async () => {
    const ids = await insertSubscriptions(t, 'torfaen', 5, { disabledReason: 'gone' });
    await scans.scan(KIND);
    await scans.scan(KIND);
    await Promise.all([scans.scan(KIND), scans.scan(KIND), scans.scan(KIND)]);
    const flags = await flagsOf(ids);
    assert.equal(flags.length, 5);
    assert.equal(
      await eventsOf(
        'flag.raised',
        flags.map((f) => f.id),
      ),
      5,
    );
  });

  it('resolves a flag at the next scan once its cause is gone, with one flag.resolved event', async () => {
    const id = firstOf(await insertSubscriptions(t, 'cardiff', 1, { disabledReason: 'gone' }));
    await scans.scan(KIND);
    await t.db.query(`UPDATE webhook_subscriptions SET disabled_at = NULL, disabled_reason = NULL WHERE id = $1`, [id]);
    const result = await scans.scan(KIND);
    assert.ok(result.resolved >= 1);
    const flag = firstOf(await flagsOf([id]));
    assert.ok(flag.resolved_at);
    assert.equal(flag.resolution, 'scan');
    await scans.scan(KIND);
    assert.equal(await eventsOf('flag.resolved', [flag.id]), 1);
  });

  it('resolves in the transaction of the fix (re-enabling the subscription through the API)', async () => {
    const admin = (await member(t, 'cardiff', 'admin')).auth;
    const id = firstOf(await insertSubscriptions(t, 'cardiff', 1, { disabledReason: 'retries_exhausted' }));
    await scans.scan(KIND);
    const res = await t.http.patch(`/api/v1/partnerships/cardiff/webhooks/${id}`).set('authorization', admin).send({ active: true }).expect(200);
    assert.equal(res.body.active, true);
    const flag = firstOf(await flagsOf([id]));
    assert.ok(flag.resolved_at, 'resolved by the same request');
    assert.equal(flag.resolution, 'cause_fixed');
    assert.equal(await eventsOf('flag.resolved', [flag.id]), 1);
    await scans.scan(KIND);
    assert.equal(await eventsOf('flag.resolved', [flag.id]), 1, 'the scan finds nothing more to resolve');
  });

  it("raises directly in a context's transaction, once per cause key, and rolls back with it", async () => {
    const flags = t.app.get(FlagsService);
    const tx = t.app.get(TransactionHost);
    const subject = { type: 'webhook_subscription', id: uuidv7() };
    const first = await tx.run(cardiff, () =>
      flags.raise([
        { kind: KIND, subject, dueDate: '2026-01-10' },
        { kind: KIND, subject, dueDate: '2026-01-10' },
      ]),
    );
    assert.equal(first.length, 1);
    const again = await tx.run(cardiff, () =>
      flags.raise([
        { kind: KIND, subject, dueDate: '2026-01-10' },
        { kind: KIND, subject, dueDate: '2026-01-11' },
      ]),
    );
    assert.deepEqual(
      again.map((f) => f.dueDate),
      ['2026-01-11'],
      'a new due date is a new cause',
    );
    const rolledBack = { type: 'webhook_subscription', id: uuidv7() };
    await assert.rejects(
      tx.run(cardiff, async () => {
        await flags.raise([{ kind: KIND, subject: rolledBack, dueDate: '2026-01-10' }]);
        throw new Error('the change failed');
      }),
    );
    assert.equal((await flagsOf([rolledBack.id])).length, 0);
    const resolved = await tx.run(cardiff, () => flags.resolveFor(subject));
    assert.equal(resolved.length, 2);
    assert.equal((await tx.run(cardiff, () => flags.resolveFor(subject))).length, 0, 'already resolved');
    // Row-level security: resolving another partnership's subject from cardiff changes nothing.
    const newportFlag = await ownFlag('newport');
    assert.equal((await tx.run(cardiff, () => flags.resolveFor(newportFlag.subject, { partnershipId: cardiff }))).length, 0);
    assert.equal(firstOf(await flagsOf([newportFlag.subject.id])).resolved_at, null, "newport's flag stays open");
  });

  it('has, for every registered scanner, a statement its declared index can serve', async () => {
    // Realistic tables (history, rows not due), so that among several indexes the planner takes the one that serves the statement.
    await insertScannerBackground(t);
    for (const definition of SCANNERS) {
      const plan = await scans.explain(definition.kind, { withoutSeqScan: true });
      for (const index of scannerIndexes(definition)) assert.match(plan, new RegExp(`\\b${index}\\b`), `${definition.kind}:\n${plan}`);
    }
  });

  it('uses the partial index of disabled subscriptions, so a scan costs what is due, not the table', async () => {
    await t.db.query(
      `INSERT INTO webhook_subscriptions (id, partnership_id, url, events, secret_ciphertext)
       SELECT gen_random_uuid(), $1, 'https://bulk.example.org/hook', '{problem.created}', 'v1.x.y.z' FROM generate_series(1, 20000)`,
      [cardiff],
    );
    await t.db.query('ANALYZE webhook_subscriptions');
    const plan = await scans.explain(KIND);
    await t.db.query(`DELETE FROM webhook_subscriptions WHERE url = 'https://bulk.example.org/hook'`);
    assert.match(plan, /ix_webhook_subscriptions_disabled/, plan);
    assert.doesNotMatch(plan, /Seq Scan on webhook_subscriptions/, plan);
  });

  describe('API', () => {
    const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((f) => f.id);

    it("lists a partnership's flags newest first, filtered by kind and open, across pages", async () => {
      const { flagIds: mine } = await emitFlagEvents(t, 'cardiff', 5);
      const fixed = await ownFlag('cardiff');
      await t.app.get(TransactionHost).run(cardiff, () => t.app.get(FlagsService).resolveFor(fixed.subject));
      const flagIds = (
        await t.db.query<{ id: string }>(`SELECT id FROM flags WHERE partnership_id = $1 ORDER BY raised_at DESC, id DESC LIMIT 100`, [cardiff])
      ).map((r) => r.id);
      assert.ok([...mine, fixed.id].every((id) => flagIds.includes(id)));
      const all = await t.http.get('/api/v1/partnerships/cardiff/flags?limit=100').set('authorization', viewer).expect(200);
      assert.deepEqual(idsOf(all), flagIds);
      const open = await t.http.get(`/api/v1/partnerships/cardiff/flags?open=true&kind=${KIND}&limit=100`).set('authorization', viewer).expect(200);
      assert.ok(mine.every((id) => idsOf(open).includes(id)) && !idsOf(open).includes(fixed.id));
      assert.ok(open.body.items.every((f: { open: boolean; kind: string }) => f.open && f.kind === KIND));
      const closed = await t.http.get('/api/v1/partnerships/cardiff/flags?open=false&limit=100').set('authorization', viewer).expect(200);
      assert.ok(idsOf(closed).includes(fixed.id) && !mine.some((id) => idsOf(closed).includes(id)));
      assert.ok(closed.body.items.every((f: { resolvedAt: string | null }) => f.resolvedAt));
      const first = await t.http.get('/api/v1/partnerships/cardiff/flags?limit=2').set('authorization', viewer).expect(200);
      const second = await t.http.get(`/api/v1/partnerships/cardiff/flags?limit=2&cursor=${first.body.nextCursor}`).set('authorization', viewer).expect(200);
      assert.deepEqual(
        [...first.body.items, ...second.body.items].map((f: { id: string }) => f.id),
        flagIds.slice(0, 4),
      );
      const newport = await t.http.get('/api/v1/partnerships/newport/flags').set('authorization', viewer);
      expectProblem(newport, 404, 'not-found');
      expectProblem(await t.http.get('/api/v1/partnerships/cardiff/flags?kind=made_up').set('authorization', viewer), 400, 'validation');
    });

    it('acknowledges once, audited, honouring If-Match; stays open', async () => {
      const { id } = await ownFlag('cardiff');
      const got = await t.http.get(`/api/v1/partnerships/cardiff/flags/${id}`).set('authorization', viewer).expect(200);
      const etag = got.headers.etag as string;
      expectProblem(await t.http.post(`/api/v1/partnerships/cardiff/flags/${id}/acknowledge`).set('authorization', viewer), 403, 'forbidden');
      expectProblem(
        await t.http.post(`/api/v1/partnerships/cardiff/flags/${id}/acknowledge`).set('authorization', chair).set('if-match', `"${id}.99"`),
        412,
        'precondition-failed',
      );
      const ack = await t.http.post(`/api/v1/partnerships/cardiff/flags/${id}/acknowledge`).set('authorization', chair).set('if-match', etag).expect(200);
      assert.ok(ack.body.acknowledgedAt);
      assert.equal(ack.body.acknowledgedBy.type, 'user');
      assert.equal(ack.body.open, true);
      assert.notEqual(ack.headers.etag, etag);
      expectProblem(await t.http.post(`/api/v1/partnerships/cardiff/flags/${id}/acknowledge`).set('authorization', chair), 409, 'flag-already-acknowledged');
      const audit = await t.db.query<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_events WHERE target_id = $1`, [id]);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['flag.acknowledged'],
      );
      const newportFlag = await ownFlag('newport');
      expectProblem(await t.http.post(`/api/v1/partnerships/cardiff/flags/${newportFlag.id}/acknowledge`).set('authorization', chair), 404, 'not-found');
    });

    it('lets an API key with tasking scopes read and acknowledge', async () => {
      const admin = (await member(t, 'cardiff', 'admin')).auth;
      const reader = await apiKey(t, 'cardiff', admin, ['tasking:read']);
      const writer = await apiKey(t, 'cardiff', admin, ['tasking:write']);
      const { id } = await ownFlag('cardiff');
      const open = await t.http.get('/api/v1/partnerships/cardiff/flags?open=true&limit=100').set('x-api-key', reader.key).expect(200);
      const listed = open.body.items.find((f: { id: string }) => f.id === id);
      assert.equal(listed?.acknowledgedAt, null, 'the reader sees the open, unacknowledged flag');
      expectProblem(await t.http.post(`/api/v1/partnerships/cardiff/flags/${id}/acknowledge`).set('x-api-key', reader.key), 403);
      const ack = await t.http.post(`/api/v1/partnerships/cardiff/flags/${id}/acknowledge`).set('x-api-key', writer.key).expect(200);
      assert.deepEqual(ack.body.acknowledgedBy, { type: 'api_key', id: writer.id });
    });
  });
});
