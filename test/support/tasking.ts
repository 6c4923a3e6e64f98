import { uuidv7 } from '@app/core';
import { firstOf, type TestApp } from '@app/testing';
import { partnershipId } from './identity';
import { bodyOf, client, created, type Json } from './http';

export const tasking = (code: string) => `/api/v1/partnerships/${code}`;

/**
 * `count` actions for the benchmarks, set-based in SQL: spread across every partnership's agencies, due from 40 days before
 * 2026-01-15 to a year after, one in ten done, one in ten cancelled, one in ten in progress, the rest open.
 */
export async function generateActions(t: Pick<TestApp, 'db'>, count: number): Promise<void> {
  await t.db.query(
    `WITH ag AS (SELECT id, partnership_id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM agencies)
     INSERT INTO actions (id, partnership_id, number, reference, title, owner_agency_id, due_date, status, completed_at, created_by_type)
     SELECT gen_random_uuid(), ag.partnership_id, 1000000 + i, 'BENCH-A-' || i, 'Benchmark action', ag.id,
            date '2026-01-15' + ((i % 400) - 40),
            CASE WHEN i % 10 = 0 THEN 'done' WHEN i % 10 = 1 THEN 'cancelled' WHEN i % 10 = 2 THEN 'in_progress' ELSE 'open' END,
            CASE WHEN i % 10 = 0 THEN timestamptz '2026-01-01T12:00:00Z' END, 'system'
       FROM generate_series(1, $1) AS i JOIN ag ON ag.n = 1 + i % ag.total`,
    [count],
  );
}

/** A tasking group made through the API by `auth` (a chair or admin). */
export async function createGroup(
  t: TestApp,
  code: string,
  auth: string,
  body: { chairUserId: string; agencyIds: string[]; name?: string; level?: 'strategic' | 'tactical'; cadenceDays?: number },
): Promise<Json> {
  return created(t, auth, `${tasking(code)}/tasking-groups`, { name: `Tactical group ${uuidv7().slice(-6)}`, level: 'tactical', ...body });
}

export async function scheduleMeeting(t: TestApp, code: string, auth: string, groupId: string, scheduledFor: string): Promise<Json> {
  return created(t, auth, `${tasking(code)}/tasking-groups/${groupId}/meetings`, { scheduledFor });
}

export async function openMeeting(t: TestApp, code: string, auth: string, meetingId: string): Promise<Json> {
  return bodyOf(await client(t, auth).post(`${tasking(code)}/meetings/${meetingId}/open`), 200);
}

export async function closeMeeting(t: TestApp, code: string, auth: string, meetingId: string): Promise<Json> {
  return bodyOf(await client(t, auth).post(`${tasking(code)}/meetings/${meetingId}/close`), 200);
}

export async function getMeeting(t: TestApp, code: string, auth: string, meetingId: string): Promise<Json> {
  return bodyOf(await client(t, auth).get(`${tasking(code)}/meetings/${meetingId}`), 200);
}

export interface ArrangedAction {
  dueDate: string;
  status?: 'open' | 'in_progress' | 'done' | 'cancelled';
  agencyId: string;
  completedAt?: string | null;
  meetingId?: string | null;
  problemId?: string | null;
  controlStrategyPriorityId?: string | null;
  title?: string;
}

/**
 * Actions written straight into the database (as a superuser), for dates the
 * API would refuse (due dates in the past) and exact completion instants.
 * Returns their ids, in order.
 */
export async function insertActions(t: TestApp, code: string, actions: ArrangedAction[]): Promise<string[]> {
  const pid = await partnershipId(t, code);
  const { prefix } = firstOf(await t.db.query<{ prefix: string }>('SELECT reference_prefix AS prefix FROM partnerships WHERE id = $1', [pid]));
  const ids: string[] = [];
  for (const a of actions) {
    const { number } = firstOf(
      await t.db.query<{ number: number }>(
        `INSERT INTO action_reference_counters (partnership_id, last_number) VALUES ($1, 1)
       ON CONFLICT (partnership_id) DO UPDATE SET last_number = action_reference_counters.last_number + 1 RETURNING last_number AS number`,
        [pid],
      ),
    );
    const id = uuidv7();
    const status = a.status ?? 'open';
    const completedAt = status === 'done' ? (a.completedAt ?? `${a.dueDate}T12:00:00Z`) : null;
    await t.db.query(
      `INSERT INTO actions (id, partnership_id, number, reference, meeting_id, title, owner_agency_id, due_date, status, problem_id, control_strategy_priority_id, completed_at, created_by_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'system')`,
      [
        id,
        pid,
        number,
        `${prefix}-A-${String(number).padStart(4, '0')}`,
        a.meetingId ?? null,
        a.title ?? `Arranged action due ${a.dueDate}`,
        a.agencyId,
        a.dueDate,
        status,
        a.problemId ?? null,
        a.controlStrategyPriorityId ?? null,
        completedAt,
      ],
    );
    ids.push(id);
  }
  return ids;
}

/** The ids in a list of objects, in order. */
export const idsOf = (items: { id: string }[]) => items.map((i) => i.id);
