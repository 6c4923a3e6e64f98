import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootstrapDatabaseRoles, TransactionHost } from '@app/core';
import { createTestApp, firstOf, nth, type TestApp } from '@app/testing';
import { createUser, member, partnershipId, platformAdmin } from './support/identity';
import { closeAuditSealer, sealAudit } from './support/audit';
import { expectProblem } from './support/problem-details';
import { createAgenciesAtOnce } from './support/partnerships';

interface Row {
  id: string;
  seq: string;
  partnership_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  occurred_at: Date;
  details: Record<string, unknown>;
}

describe('audit trail', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof member>>;
  let cardiff: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await member(t, 'cardiff', 'admin');
    cardiff = await partnershipId(t, 'cardiff');
  });
  afterAll(async () => {
    await closeAuditSealer(t);
    await t.close();
  });

  const rows = (where: string, params: unknown[] = []) => t.db.query<Row>(`SELECT * FROM audit_events WHERE ${where} ORDER BY partnership_id, seq`, params);

  it('records creates, changes, transitions, sign-ins and reads of personal data, with actor, partnership, target, time and request id', async () => {
    const as = (requestId: string) => ({ authorization: admin.auth, 'x-request-id': requestId });
    const agency = await t.http
      .post('/api/v1/partnerships/cardiff/agencies')
      .set(as('req-agency'))
      .send({ name: 'Audit Trust', kind: 'third_sector' })
      .expect(201);
    const user = await createUser(t);
    await t.http.post('/api/v1/partnerships/cardiff/members').set(as('req-member')).send({ userId: user.id, role: 'viewer' }).expect(201);
    await t.http.get('/api/v1/partnerships/cardiff/members').set(as('req-read')).expect(200);
    await t.http.patch('/api/v1/partnerships/cardiff').set(as('req-settings')).send({ tacticalCadenceDays: 10 }).expect(200);
    const key = await t.http
      .post('/api/v1/partnerships/cardiff/api-keys')
      .set(as('req-key'))
      .send({ name: 'Feed', scopes: ['problems:read'] })
      .expect(201);
    await t.http.delete(`/api/v1/partnerships/cardiff/api-keys/${key.body.id}`).set(as('req-revoke')).expect(204);
    await t.http.delete(`/api/v1/partnerships/cardiff/members/${user.id}`).set(as('req-remove')).expect(204);

    const recorded = await rows(`partnership_id = $1 AND request_id LIKE 'req-%'`, [cardiff]);
    const summary = recorded.map((r) => [r.request_id, r.action, r.target_type, r.target_id]);
    assert.deepEqual(summary, [
      ['req-agency', 'agency.created', 'agency', agency.body.id],
      ['req-member', 'member.added', 'user', user.id],
      ['req-read', 'members.read', 'membership', null],
      ['req-settings', 'partnership.settings_changed', 'partnership', cardiff],
      ['req-key', 'api_key.created', 'api_key', key.body.id],
      ['req-revoke', 'api_key.revoked', 'api_key', key.body.id],
      ['req-remove', 'member.removed', 'user', user.id],
    ]);
    for (const r of recorded) {
      assert.deepEqual([r.actor_type, r.actor_id], ['user', admin.user.id]);
      assert.equal(r.occurred_at.toISOString(), t.clock.now().toISOString());
    }
    assert.ok((nth(recorded, 2).details.userIds as string[]).includes(user.id), 'the read names whose data was read');
    assert.deepEqual(nth(recorded, 3).details, { before: { tacticalCadenceDays: 28 }, after: { tacticalCadenceDays: 10 } });
    assert.ok(!JSON.stringify(nth(recorded, 4).details).includes(key.body.key), 'no secret in the trail');

    // Sign-ins (and account creation) are platform-wide events.
    await t.http.post('/api/v1/auth/token').send({ email: admin.user.email, password: 'wrong password' }).expect(401);
    const pa = await platformAdmin(t);
    const created = await t.http.post('/api/v1/users').set('authorization', pa.auth).send({ email: 'audited@example.org', displayName: 'Audited' }).expect(201);
    await t.http.get(`/api/v1/users/${created.body.id}`).set('authorization', pa.auth).expect(200);
    const platform = await rows(`partnership_id IS NULL AND action IN ('auth.login_failed', 'auth.login_succeeded', 'user.created', 'user.read')`);
    assert.ok(platform.some((r) => r.action === 'user.read' && r.target_id === created.body.id && r.actor_id === pa.user.id));
    const failed = platform.find((r) => r.action === 'auth.login_failed' && r.target_id === admin.user.id);
    assert.ok(failed && failed.actor_type === 'anonymous' && failed.details.address);
    assert.ok(platform.some((r) => r.action === 'auth.login_succeeded' && r.actor_id === pa.user.id));
    assert.ok(platform.some((r) => r.action === 'user.created' && r.actor_id === pa.user.id));
    // A refused request leaves no row: the audit row commits with the work.
    const before = await rows(`partnership_id = $1`, [cardiff]);
    await t.http.post('/api/v1/partnerships/cardiff/agencies').set(as('req-dup')).send({ name: 'Audit Trust', kind: 'other' }).expect(409);
    assert.equal((await rows(`partnership_id = $1`, [cardiff])).length, before.length);
  });

  it('lists the trail for admins, newest first, filtered and keyset-paginated', async () => {
    const path = '/api/v1/partnerships/cardiff/audit-events';
    for (const name of ['One', 'Two', 'Three']) {
      await t.http
        .post('/api/v1/partnerships/cardiff/agencies')
        .set('authorization', admin.auth)
        .send({ name: `Paged ${name}`, kind: 'other' })
        .expect(201);
    }
    const first = await t.http.get(`${path}?action=agency.created&limit=2`).set('authorization', admin.auth).expect(200);
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.items[0].seq > first.body.items[1].seq);
    assert.equal(first.body.items[0].details.name, 'Paged Three');
    const second = await t.http.get(`${path}?action=agency.created&limit=2&cursor=${first.body.nextCursor}`).set('authorization', admin.auth).expect(200);
    assert.ok(second.body.items.every((e: { seq: number }) => e.seq < first.body.items[1].seq));
    const agencyId = first.body.items[0].targetId;
    const byTarget = await t.http.get(`${path}?targetType=agency&targetId=${agencyId}`).set('authorization', admin.auth).expect(200);
    assert.deepEqual(
      byTarget.body.items.map((e: { action: string }) => e.action),
      ['agency.created'],
    );
    const byActor = await t.http.get(`${path}?actorId=${admin.user.id}&limit=100`).set('authorization', admin.auth).expect(200);
    assert.ok(byActor.body.items.length >= 3 && byActor.body.items.every((e: { actorId: string }) => e.actorId === admin.user.id));
    const now = t.clock.now().getTime();
    const inWindow = await t.http
      .get(`${path}?from=${new Date(now - 1000).toISOString()}&to=${new Date(now + 1000).toISOString()}&limit=100`)
      .set('authorization', admin.auth)
      .expect(200);
    assert.ok(inWindow.body.items.length >= 3);
    const later = await t.http
      .get(`${path}?from=${new Date(now + 1000).toISOString()}`)
      .set('authorization', admin.auth)
      .expect(200);
    assert.deepEqual(later.body.items, []);
    expectProblem(await t.http.get(`${path}?from=yesterday`).set('authorization', admin.auth), 400, 'validation');
  });

  it('accepts INSERT and SELECT only from the application role: UPDATE, DELETE and TRUNCATE fail', async () => {
    const tx = t.app.get(TransactionHost);
    const ds = t.app.get(DataSource);
    const [{ n }] = await tx.run(cardiff, () => tx.manager.query(`SELECT count(*)::int AS n FROM audit_events`));
    assert.ok(n > 0);
    for (const sql of [`UPDATE audit_events SET action = 'rewritten'`, `DELETE FROM audit_events`, `TRUNCATE audit_events`]) {
      await assert.rejects(
        tx.run(cardiff, () => tx.manager.query(sql)),
        /permission denied/,
        sql,
      );
    }
    // Re-running the role bootstrap (as every deploy does) does not give them back.
    await bootstrapDatabaseRoles(t.db.adminUrl, t.config);
    for (const role of [t.config.database.app.user, t.config.database.worker.user]) {
      const privileges = await t.db.query<Record<string, boolean>>(
        `SELECT has_table_privilege($1, 'audit_events', 'INSERT') AS insert, has_table_privilege($1, 'audit_events', 'SELECT') AS select,
                has_table_privilege($1, 'audit_events', 'UPDATE') AS update, has_table_privilege($1, 'audit_events', 'DELETE') AS delete,
                has_table_privilege($1, 'audit_events', 'TRUNCATE') AS truncate`,
        [role],
      );
      assert.deepEqual(privileges[0], { insert: true, select: true, update: false, delete: false, truncate: false }, role);
    }
    // The worker role seals rows: it may write the seal columns and nothing else.
    const [columns] = await t.db.query<Record<string, boolean>>(
      `SELECT has_column_privilege($1, 'audit_events', 'hash', 'UPDATE') AS hash, has_column_privilege($1, 'audit_events', 'chain_position', 'UPDATE') AS position,
              has_column_privilege($1, 'audit_events', 'action', 'UPDATE') AS action, has_column_privilege($1, 'audit_events', 'details', 'UPDATE') AS details`,
      [t.config.database.worker.user],
    );
    assert.deepEqual(columns, { hash: true, position: true, action: false, details: false });
    const app = firstOf(
      await t.db.query<{ hash: boolean }>(`SELECT has_column_privilege($1, 'audit_events', 'hash', 'UPDATE') AS hash`, [t.config.database.app.user]),
    );
    assert.equal(app.hash, false);
    await assert.rejects(ds.query(`UPDATE audit_events SET action = 'rewritten'`), /permission denied/);
  });

  it('keeps one unbroken chain under concurrent writes', async () => {
    const newportAdmin = await member(t, 'newport', 'admin');
    await createAgenciesAtOnce(t, 'newport', newportAdmin.auth, 12, 'Concurrent');
    const waiting = await t.http.get('/api/v1/partnerships/newport/audit-events/verify').set('authorization', newportAdmin.auth).expect(200);
    assert.deepEqual([waiting.body.checkedRows, waiting.body.unsealed.rows], [0, 12]);
    await sealAudit(t, 5);
    const report = await t.http.get('/api/v1/partnerships/newport/audit-events/verify').set('authorization', newportAdmin.auth).expect(200);
    assert.equal(report.body.intact, true);
    assert.equal(report.body.checkedRows, 12);
    assert.equal(report.body.lastSeq, 12);
  });

  it('verifies the chain, and finds the first row a superuser altered or removed', async () => {
    // Chains of its own: ten audited changes in swansea, three in wrexham.
    const swanseaAdmin = await member(t, 'swansea', 'admin');
    const wrexhamAdmin = await member(t, 'wrexham', 'admin');
    for (const [code, auth, count] of [
      ['swansea', swanseaAdmin.auth, 10],
      ['wrexham', wrexhamAdmin.auth, 3],
    ] as const) {
      for (let i = 0; i < count; i++) {
        await t.http
          .post(`/api/v1/partnerships/${code}/agencies`)
          .set('authorization', auth)
          .send({ name: `Chained ${i}`, kind: 'other' })
          .expect(201);
      }
    }
    const swansea = await partnershipId(t, 'swansea');
    const path = '/api/v1/partnerships/swansea/audit-events/verify';
    await sealAudit(t);
    const intact = await t.http.get(path).set('authorization', swanseaAdmin.auth).expect(200);
    assert.equal(intact.body.intact, true);
    assert.equal(intact.body.firstBroken, null);
    const total = intact.body.checkedRows as number;
    assert.ok(total >= 10);
    assert.equal(intact.body.lastSeq, total);

    const victim = firstOf(
      await t.db.query<{ id: string; seq: string }>(`SELECT id, seq FROM audit_events WHERE partnership_id = $1 AND chain_position = 4`, [swansea]),
    );
    await t.db.query(`UPDATE audit_events SET details = details || '{"name": "Innocent"}' WHERE id = $1`, [victim.id]);
    const altered = await t.http.get(path).set('authorization', swanseaAdmin.auth).expect(200);
    assert.equal(altered.body.intact, false);
    assert.deepEqual(altered.body.firstBroken, { id: victim.id, seq: 4, reason: 'hash-mismatch' });
    assert.equal(altered.body.lastSeq, 3);

    // Wrexham: a deleted row breaks the sequence at the row after it.
    const wrexham = await partnershipId(t, 'wrexham');
    const gone = firstOf(await t.db.query<{ id: string }>(`SELECT id FROM audit_events WHERE partnership_id = $1 AND chain_position = 2`, [wrexham]));
    const next = firstOf(await t.db.query<{ id: string }>(`SELECT id FROM audit_events WHERE partnership_id = $1 AND chain_position = 3`, [wrexham]));
    await t.db.query(`DELETE FROM audit_events WHERE id = $1`, [gone.id]);
    const pa = await platformAdmin(t);
    const removed = await t.http.get('/api/v1/partnerships/wrexham/audit-events/verify').set('authorization', pa.auth).expect(200);
    assert.deepEqual([removed.body.intact, removed.body.firstBroken], [false, { id: next.id, seq: 3, reason: 'sequence-gap' }]);
    // Swansea's chain is its own: wrexham's damage does not show there, and vice versa.
    const swanseaAgain = await t.http.get(path).set('authorization', pa.auth).expect(200);
    assert.equal(swanseaAgain.body.firstBroken.seq, 4);
  });
});
