import assert from 'node:assert/strict';
import { uuidv7 } from '@app/core';
import { firstOf, type TestApp } from '@app/testing';
import { partnershipId } from './identity';
import { client, type Json } from './http';

export const tasking = (code: string) => `/api/v1/partnerships/${code}`;

/** A tasking group made through the API by `auth` (a chair or admin). */
export async function createGroup(
  t: TestApp,
  code: string,
  auth: string,
  body: { chairUserId: string; agencyIds: string[]; name?: string; level?: 'strategic' | 'tactical'; cadenceDays?: number },
): Promise<Json> {
  const res = await client(t, auth)
    .post(`${tasking(code)}/tasking-groups`)
    .send({ name: `Tactical group ${uuidv7().slice(-6)}`, level: 'tactical', ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

export async function scheduleMeeting(t: TestApp, code: string, auth: string, groupId: string, scheduledFor: string): Promise<Json> {
  const res = await client(t, auth)
    .post(`${tasking(code)}/tasking-groups/${groupId}/meetings`)
    .send({ scheduledFor });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

export async function openMeeting(t: TestApp, code: string, auth: string, meetingId: string): Promise<Json> {
  const res = await client(t, auth).post(`${tasking(code)}/meetings/${meetingId}/open`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export async function closeMeeting(t: TestApp, code: string, auth: string, meetingId: string): Promise<Json> {
  const res = await client(t, auth).post(`${tasking(code)}/meetings/${meetingId}/close`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export async function getMeeting(t: TestApp, code: string, auth: string, meetingId: string): Promise<Json> {
  const res = await client(t, auth).get(`${tasking(code)}/meetings/${meetingId}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
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
