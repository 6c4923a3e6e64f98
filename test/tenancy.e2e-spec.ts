import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { TransactionHost } from '@app/core';
import { createTestApp, firstOf, type TestApp } from '@app/testing';
import { member, partnershipId } from './support/identity';

/** Row-level security as the API's restricted role sees it. */
describe('partnership isolation underneath the API', () => {
  let t: TestApp;
  let ds: DataSource;
  let tx: TransactionHost;
  let cardiff: string;
  let newport: string;

  beforeAll(async () => {
    // One pooled connection: every request and check below shares it.
    t = await createTestApp({ poolSize: 1 });
    ds = t.app.get(DataSource);
    tx = t.app.get(TransactionHost);
    cardiff = await partnershipId(t, 'cardiff');
    newport = await partnershipId(t, 'newport');
  });
  afterAll(async () => {
    await t.close();
  });

  it('connects as a role that is neither a superuser nor able to bypass row-level security', async () => {
    const [me] = await ds.query(`SELECT current_user AS name, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`);
    assert.deepEqual(me, { name: t.config.database.app.user, rolsuper: false, rolbypassrls: false });
    const owners = await ds.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`);
    assert.equal(owners[0].n, 0, 'the API role owns no table');
  });

  it('shows no partnership rows without a partnership, and only its own inside one', async () => {
    await member(t, 'newport', 'admin');
    const count = (sql: string) => tx.manager.query(sql).then((r: { n: number }[]) => firstOf(r).n);
    const outside = await tx.run(null, async () => [
      await count('SELECT count(*)::int AS n FROM agencies'),
      await count('SELECT count(*)::int AS n FROM memberships'),
    ]);
    assert.deepEqual(outside, [0, 0]);
    const inside = await tx.run(cardiff, () => tx.manager.query(`SELECT DISTINCT partnership_id AS id FROM agencies`));
    assert.deepEqual(inside, [{ id: cardiff }]);
    // Writing another partnership's row from inside one is refused by the policy.
    await assert.rejects(
      tx.run(cardiff, () =>
        tx.manager.query(`INSERT INTO agencies (id, partnership_id, name, kind) VALUES (gen_random_uuid(), $1, 'Intruder', 'other')`, [newport]),
      ),
      /row-level security/,
    );
    const updated = await tx.run(cardiff, () => tx.manager.query(`UPDATE agencies SET name = name || '!' WHERE partnership_id = $1`, [newport]));
    assert.equal(updated[1], 0, "another partnership's rows are invisible to UPDATE");
  });

  it('does not leak the partnership (or the user) of one request into the next on the same connection', async () => {
    const cardiffViewer = await member(t, 'cardiff', 'viewer');
    const newportViewer = await member(t, 'newport', 'viewer');
    const [pid] = await ds.query(`SELECT pg_backend_pid() AS pid`);
    await t.http.get('/api/v1/partnerships/cardiff/agencies').set('authorization', cardiffViewer.auth).expect(200);
    await t.http.get('/api/v1/partnerships/cardiff/members').set('authorization', cardiffViewer.auth).expect(200);
    // The next unit of work without a partnership, on the one pooled connection.
    const [state] = await tx.run(null, () =>
      tx.manager.query(
        `SELECT pg_backend_pid() AS pid, current_setting('app.partnership_id', true) AS partnership, current_setting('app.user_id', true) AS "user",
           (SELECT count(*)::int FROM agencies) AS agencies, (SELECT count(*)::int FROM memberships) AS memberships,
           (SELECT count(*)::int FROM api_keys) AS "apiKeys", (SELECT count(*)::int FROM audit_events WHERE partnership_id IS NOT NULL) AS audit`,
      ),
    );
    assert.equal(state.pid, pid.pid, 'the same connection');
    assert.deepEqual({ ...state, pid: undefined }, { pid: undefined, partnership: '', user: '', agencies: 0, memberships: 0, apiKeys: 0, audit: 0 });
    // And through the API: a request without partnership context right after one with it.
    await t.http.get('/api/v1/partnerships/cardiff').set('authorization', cardiffViewer.auth).expect(200);
    const mine = await t.http.get('/api/v1/me').set('authorization', newportViewer.auth).expect(200);
    assert.deepEqual(
      mine.body.memberships.map((m: { partnershipCode: string }) => m.partnershipCode),
      ['newport'],
    );
    const list = await t.http.get('/api/v1/partnerships').set('authorization', newportViewer.auth).expect(200);
    assert.deepEqual(
      list.body.items.map((p: { code: string }) => p.code),
      ['newport'],
    );
    const [again] = await ds.query(`SELECT current_setting('app.partnership_id', true) AS p, (SELECT count(*)::int FROM agencies) AS n`);
    assert.deepEqual(again, { p: '', n: 0 });
  });

  it("lets a transaction see its user's own memberships and the API key whose hash it carries, nothing more", async () => {
    const someone = await member(t, 'cardiff', 'chair');
    const seen = await tx.run(null, () => tx.manager.query(`SELECT user_id AS "userId" FROM memberships`), { userId: someone.user.id });
    assert.deepEqual(seen, [{ userId: someone.user.id }]);
    const keys = await tx.run(null, async () => {
      await tx.manager.query(`SELECT set_config('app.api_key_hash', 'no-such-hash', true)`);
      return tx.manager.query(`SELECT id FROM api_keys`);
    });
    assert.deepEqual(keys, []);
  });
});
