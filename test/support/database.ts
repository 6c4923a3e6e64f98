import { Client } from 'pg';
import { urlForRole } from '@app/core';
import { firstOf, type TestApp, type TestEnvironment } from '@app/testing';

/**
 * What is stored, read behind the app's back: these queries run as a
 * superuser (row-level security does not apply), for arranging and asserting.
 */

export async function outboxOf(t: TestEnvironment, subjectId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return t.db.query('SELECT type, data FROM outbox_events WHERE subject_id = $1 ORDER BY occurred_at, id', [subjectId]);
}

export async function auditOf(t: TestEnvironment, targetId: string): Promise<{ action: string; actor_id: string | null; details: Record<string, unknown> }[]> {
  return t.db.query('SELECT action, actor_id, details FROM audit_events WHERE target_id = $1 ORDER BY seq', [targetId]);
}

/** `count(*)` of a FROM clause: a table, or a table with its WHERE (`count(t, 'problems WHERE stage = $1', ['closed'])`). */
export async function count(t: TestEnvironment, from: string, params: unknown[] = []): Promise<number> {
  return firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params)).n;
}

/** The number of rows a query returns. */
export async function countRows(t: TestEnvironment, sql: string, params: unknown[] = []): Promise<number> {
  return firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params)).n;
}

/**
 * A connection as one of the runtime roles (the API's restricted role, or
 * the worker's), as production connects: row-level security and the grants
 * apply. The caller ends it.
 */
export async function connectAs(t: Pick<TestApp, 'db' | 'config'>, role: 'app' | 'worker'): Promise<Client> {
  const client = new Client({ connectionString: urlForRole(t.db.adminUrl, t.config.database[role]) });
  await client.connect();
  return client;
}
