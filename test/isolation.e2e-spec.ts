import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { firstOf } from '@app/testing';
import { useTestApp } from './support/app';

/**
 * The API's database login must be the restricted application role: a
 * superuser would bypass row-level security and every isolation test would
 * pass without testing anything.
 */
describe('database role and row-level security', () => {
  const t = useTestApp();
  let ds: DataSource;
  let cardiffId: string;
  let newportId: string;

  beforeAll(async () => {
    ds = t.app.get<DataSource>(getDataSourceToken());
    const rows = await t.db.query<{ id: string; code: string }>("SELECT id, code FROM partnerships WHERE code IN ('cardiff', 'newport')");
    cardiffId = rows.find((r) => r.code === 'cardiff')!.id;
    newportId = rows.find((r) => r.code === 'newport')!.id;
  });

  it('connects as a role that is not a superuser, cannot bypass RLS and owns no table', async () => {
    const [role] = await ds.query(
      `SELECT current_user AS name, r.rolsuper, r.rolbypassrls,
              (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    assert.equal(role.name, t.config.database.app.user);
    assert.equal(role.rolsuper, false);
    assert.equal(role.rolbypassrls, false);
    assert.equal(role.owned, 0);
  });

  it('enables and forces row-level security on every table with a partnership_id', async () => {
    const tables = await t.db.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'partnership_id' AND NOT a.attisdropped)`,
    );
    assert.ok(tables.length >= 2);
    for (const table of tables) {
      assert.equal(table.relrowsecurity, true, `${table.relname} has RLS enabled`);
      assert.equal(table.relforcerowsecurity, true, `${table.relname} forces RLS`);
    }
  });

  it('shows no partnership rows without a partnership context', async () => {
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM agencies');
    assert.equal(n, 0);
    const { total } = firstOf(await t.db.query<{ total: number }>('SELECT count(*)::int AS total FROM agencies'));
    assert.ok(total >= 19 * 5);
  });

  it("shows only the current partnership's rows inside its transaction, and the setting ends with it", async () => {
    const seen = await ds.transaction(async (m) => {
      await m.query(`SELECT set_config('app.partnership_id', $1, true)`, [cardiffId]);
      return m.query('SELECT DISTINCT partnership_id FROM agencies');
    });
    assert.deepEqual(seen, [{ partnership_id: cardiffId }]);
    const [{ setting }] = await ds.query(`SELECT current_setting('app.partnership_id', true) AS setting`);
    assert.ok(setting === null || setting === '', 'the tenant does not outlive its transaction');
  });

  it('refuses to write a row into another partnership', async () => {
    await assert.rejects(
      ds.transaction(async (m) => {
        await m.query(`SELECT set_config('app.partnership_id', $1, true)`, [cardiffId]);
        await m.query(`INSERT INTO agencies (id, partnership_id, name, kind) VALUES (gen_random_uuid(), $1, 'Intruder', 'other')`, [newportId]);
      }),
      /row-level security/,
    );
    const found = await t.db.query("SELECT 1 FROM agencies WHERE name = 'Intruder'");
    assert.equal(found.length, 0);
  });

  it("cannot update or delete another partnership's rows", async () => {
    const changed = await ds.transaction(async (m) => {
      await m.query(`SELECT set_config('app.partnership_id', $1, true)`, [cardiffId]);
      const [, updated] = await m.query(`UPDATE agencies SET name = name || ' (changed)' WHERE partnership_id = $1`, [newportId]);
      const [, deleted] = await m.query(`DELETE FROM agencies WHERE partnership_id = $1`, [newportId]);
      return { updated, deleted };
    });
    assert.deepEqual(changed, { updated: 0, deleted: 0 });
    const names = await t.db.query<{ name: string }>("SELECT name FROM agencies WHERE partnership_id = $1 AND name LIKE '%(changed)'", [newportId]);
    assert.equal(names.length, 0);
  });

  it('cannot switch off row-level security or change roles', async () => {
    await assert.rejects(ds.query('ALTER TABLE agencies DISABLE ROW LEVEL SECURITY'), /must be owner/);
    await assert.rejects(ds.query('SET ROLE postgres'), /permission denied/);
  });
});
