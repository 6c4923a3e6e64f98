import { Client } from 'pg';
import type { AppConfig } from '../config';
import { databaseName } from './connection';
import { oneRow } from '../rows';

/** Tables the runtime roles may only INSERT into and SELECT from (their migrations revoke the rest too). */
export const APPEND_ONLY_TABLES = [
  'audit_events',
  'audit_checkpoints',
  'assessment_reviews',
  'problem_stage_changes',
  'action_status_changes',
  'meeting_addenda',
  'incident_revisions',
] as const;

/** Columns of `users` the runtime roles may read: all but `password_hash` (read through `csp_password_hash(id)`). */
export const USERS_READABLE_COLUMNS = [
  'id',
  'email',
  'display_name',
  'platform_admin',
  'external_issuer',
  'external_subject',
  'disabled_at',
  'password_changed_at',
  'version',
  'created_at',
  'updated_at',
  'oversight_all',
  'oversight_partnership_ids',
] as const;

/** The migration bookkeeping: the owner's alone to write. */
export const MIGRATION_TABLES = ['typeorm_migrations', 'typeorm_metadata'] as const;

export interface BootstrapResult {
  createdRoles: string[];
  /** False when the bootstrapping login is not a superuser: the worker role then lacks BYPASSRLS. */
  workerBypassesRls: boolean;
}

/**
 * Creates (or brings up to date) the three database roles and their grants:
 * - the owner runs migrations and owns every table;
 * - the application role (API and worker) is NOSUPERUSER, NOBYPASSRLS, not an
 *   owner, and gets only DML on tables through default privileges;
 * - the worker role reads across partnerships for set-based scans (BYPASSRLS).
 * Idempotent; connects with `adminUrl`, which needs CREATEROLE (a superuser
 * to grant BYPASSRLS).
 */
export async function bootstrapDatabaseRoles(adminUrl: string, config: AppConfig): Promise<BootstrapResult> {
  for (const [role, variable] of [
    ['owner', 'DATABASE_OWNER_PASSWORD'],
    ['app', 'DATABASE_APP_PASSWORD'],
    ['worker', 'DATABASE_WORKER_PASSWORD'],
  ] as const) {
    if (!config.database[role].password) throw new Error(`${variable} is required to create the database roles`);
  }
  const client = new Client({ connectionString: adminUrl, ssl: config.database.ssl ? { rejectUnauthorized: true } : false });
  await client.connect();
  const createdRoles: string[] = [];
  try {
    const me = await client.query<{ current_user: string; rolsuper: boolean }>('SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user');
    const { current_user: currentUser, rolsuper: isSuperuser } = oneRow(me.rows, 'the bootstrap login in pg_roles');
    const { owner, app, worker } = config.database;

    const ensureRole = async (name: string, password: string, attributes: string) => {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
      if (exists.rowCount === 0) {
        const sql = await client.query<{ sql: string }>("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql", [name, password]);
        await client.query(oneRow(sql.rows).sql);
        createdRoles.push(name);
      }
      if (name === currentUser) return; // never demote the login doing the bootstrap
      const sql = await client.query<{ sql: string }>(`SELECT format('ALTER ROLE %I LOGIN PASSWORD %L ${attributes}', $1::text, $2::text) AS sql`, [
        name,
        password,
      ]);
      await client.query(oneRow(sql.rows).sql);
    };

    await ensureRole(owner.user, owner.password, 'NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS');
    await ensureRole(app.user, app.password, 'NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS NOINHERIT');
    await ensureRole(worker.user, worker.password, `NOSUPERUSER NOCREATEROLE NOCREATEDB NOINHERIT ${isSuperuser ? 'BYPASSRLS' : ''}`);

    const db = databaseName(adminUrl);
    const q = (sql: string) => client.query(sql);
    const id = (name: string) => `"${name.replace(/"/g, '""')}"`;
    await q(`GRANT CONNECT, TEMPORARY ON DATABASE ${id(db)} TO ${id(owner.user)}, ${id(app.user)}, ${id(worker.user)}`);
    await q(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q(`GRANT USAGE, CREATE ON SCHEMA public TO ${id(owner.user)}`);
    await q(`GRANT USAGE ON SCHEMA public TO ${id(app.user)}, ${id(worker.user)}`);
    // Tables the owner creates later get DML for the runtime roles; migrations
    // narrow this where a table must be append-only.
    await q(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${id(owner.user)} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${id(app.user)}, ${id(worker.user)}`,
    );
    await q(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${id(owner.user)} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${id(app.user)}, ${id(worker.user)}`,
    );
    // Tables created before this bootstrap ran (a re-run after an upgrade).
    await q(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${id(app.user)}, ${id(worker.user)}`);
    await q(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${id(app.user)}, ${id(worker.user)}`);
    // The broad grant above must not reopen append-only tables (the audit trail).
    for (const table of APPEND_ONLY_TABLES) {
      const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [`public.${table}`]);
      if (exists.rows[0]?.present) {
        await q(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE ${id(table)} FROM ${id(app.user)}, ${id(worker.user)}`);
      }
    }
    // Nor reopen what the LeastPrivilege migration narrowed.
    const runtime = `${id(app.user)}, ${id(worker.user)}`;
    for (const table of MIGRATION_TABLES) {
      const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [`public.${table}`]);
      if (exists.rows[0]?.present) await q(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE ${id(table)} FROM ${runtime}`);
    }
    const hashReader = await client.query(`SELECT to_regprocedure('public.csp_password_hash(uuid)') IS NOT NULL AS present`);
    if (hashReader.rows[0]?.present) {
      await q(`REVOKE SELECT ON TABLE users FROM ${runtime}`);
      // Only the columns that exist yet (a database part-way through its migrations lacks the later ones).
      const present = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = ANY($1::text[])`,
        [[...USERS_READABLE_COLUMNS]],
      );
      await q(`GRANT SELECT (${present.rows.map((r) => id(r.column_name)).join(', ')}) ON TABLE users TO ${runtime}`);
      await q(`GRANT EXECUTE ON FUNCTION csp_password_hash(uuid) TO ${runtime}`);
    }
    // The worker seals audit rows: it may write their seal columns, nothing else (the revoke above took it back).
    const sealColumns = await client.query(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'audit_events' AND column_name = 'chain_position'`,
    );
    if (sealColumns.rows[0]?.n) await q(`GRANT UPDATE (chain_position, prev_hash, hash, sealed_at) ON TABLE audit_events TO ${id(worker.user)}`);
    return { createdRoles, workerBypassesRls: isSuperuser };
  } finally {
    await client.end();
  }
}

/** Creates a database if it does not exist (needs CREATEDB on the admin login). */
export async function ensureDatabase(adminUrl: string, name: string, ownerRole?: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return false;
    const sql = await client.query<{ sql: string }>(
      ownerRole ? "SELECT format('CREATE DATABASE %I OWNER %I', $1::text, $2::text) AS sql" : "SELECT format('CREATE DATABASE %I', $1::text) AS sql",
      ownerRole ? [name, ownerRole] : [name],
    );
    await client.query(oneRow(sql.rows).sql);
    return true;
  } finally {
    await client.end();
  }
}
