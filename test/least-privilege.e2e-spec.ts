import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Client } from 'pg';
import { urlForRole } from '@app/core';
import { createTestApp, firstOf, type TestApp } from '@app/testing';
import { createUser, signIn } from './support/identity';

/**
 * What the runtime roles may not do, tried as those roles on the migrated
 * database (the API's role, csp_app, and the worker's).
 */
describe('least privilege of the runtime database roles', () => {
  let t: TestApp;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    for (const client of clients) await client.end();
    await t.close();
  });

  async function as(role: 'app' | 'worker'): Promise<Client> {
    const client = new Client({ connectionString: urlForRole(t.db.adminUrl, t.config.database[role]) });
    await client.connect();
    clients.push(client);
    return client;
  }

  async function refused(client: Client, sql: string, params: unknown[] = []): Promise<void> {
    await assert.rejects(client.query(sql, params), (err: { code?: string }) => err.code === '42501', `${sql} is refused`);
  }

  it('cannot write the migration bookkeeping, as the API or the worker', async () => {
    for (const role of ['app', 'worker'] as const) {
      const client = await as(role);
      await refused(client, `INSERT INTO typeorm_migrations ("timestamp", name) VALUES (1, 'Forged1')`);
      await refused(client, `DELETE FROM typeorm_migrations`);
      await refused(client, `UPDATE typeorm_migrations SET name = 'x'`);
      await refused(client, `DELETE FROM typeorm_metadata`);
      await refused(client, `INSERT INTO typeorm_metadata (type, name) VALUES ('VIEW', 'forged')`);
    }
    const count = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM typeorm_migrations');
    assert.ok(Number(firstOf(count).n) >= 10);
  });

  it('cannot read password hashes in bulk, yet sign-in and password changes still work', async () => {
    const user = await createUser(t);
    const app = await as('app');
    await refused(app, 'SELECT password_hash FROM users');
    await refused(app, 'SELECT * FROM users');
    await refused(await as('worker'), 'SELECT password_hash FROM users');
    const rows = await app.query<{ email: string }>('SELECT id, email FROM users WHERE id = $1', [user.id]);
    assert.equal(firstOf(rows.rows).email, user.email);
    // The API signs in through csp_password_hash(id) and changes a password by writing the column.
    const token = await signIn(t, user);
    await t.http
      .post('/api/v1/me/password')
      .set('authorization', `Bearer ${token}`)
      .send({ currentPassword: user.password, newPassword: 'a brand new passphrase' })
      .expect(204);
    await signIn(t, { email: user.email, password: 'a brand new passphrase' });
    const stored = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    assert.match(firstOf(stored).password_hash, /^scrypt\$/);
  });
});
