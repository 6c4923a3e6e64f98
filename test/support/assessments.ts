import assert from 'node:assert/strict';
import { TokensService } from '@app/domain/identity';
import type { TestApp } from '@app/testing';

/** A JSON body as the API answered it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiBody = Record<string, any>;

/** supertest with one caller's credentials on every request (`Authorization` value, or an API key). */
export function as(t: TestApp, credentials: string) {
  const header: [string, string] = credentials.startsWith('Bearer ') ? ['authorization', credentials] : ['x-api-key', credentials];
  const wrap = (method: 'get' | 'post' | 'patch' | 'delete' | 'put') => (url: string) => t.http[method](url).set(...header);
  return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), delete: wrap('delete'), put: wrap('put') };
}

export interface PriorityBody {
  title: string;
  category?: string;
  impact: number;
  likelihood: number;
  rationale?: string;
}

/**
 * A bearer token for the user issued at the test clock's current time.
 * Tests that move the clock by weeks mint a fresh one after each move
 * (access tokens live minutes).
 */
export async function tokenNow(t: TestApp, userId: string): Promise<string> {
  return `Bearer ${(await t.app.get(TokensService).issue(userId)).accessToken}`;
}

export const base = (code: string) => `/api/v1/partnerships/${code}`;

/** A draft assessment, made through the API by `auth` (an analyst or admin). */
export async function draftAssessment(t: TestApp, code: string, auth: string, body: Record<string, unknown> = {}): Promise<ApiBody> {
  const res = await as(t, auth)
    .post(`${base(code)}/strategic-assessments`)
    .send({ title: 'Strategic assessment 2026-27', periodStart: '2026-04-01', periodEnd: '2027-03-31', ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

export async function addPriority(t: TestApp, code: string, auth: string, assessmentId: string, body: PriorityBody): Promise<ApiBody> {
  const res = await as(t, auth)
    .post(`${base(code)}/strategic-assessments/${assessmentId}/priorities`)
    .send({ category: 'general', ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/**
 * A draft with priorities, approved through the API. `draftAuth` drafts,
 * `chairAuth` approves (an admin may do both).
 */
export async function approvedAssessment(
  t: TestApp,
  code: string,
  draftAuth: string,
  chairAuth: string,
  priorities: PriorityBody[] = [{ title: 'Violence in the night-time economy', impact: 4, likelihood: 3 }],
  body: Record<string, unknown> = {},
): Promise<ApiBody> {
  const draft = await draftAssessment(t, code, draftAuth, body);
  for (const p of priorities) await addPriority(t, code, draftAuth, draft.id, p);
  const res = await as(t, chairAuth).post(`${base(code)}/strategic-assessments/${draft.id}/approve`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** A draft control strategy on an approved assessment, every priority led by `leadAgencyId`. */
export async function draftStrategy(
  t: TestApp,
  code: string,
  auth: string,
  assessment: ApiBody,
  leadAgencyId: string,
): Promise<ApiBody> {
  const res = await as(t, auth)
    .post(`${base(code)}/control-strategies`)
    .send({
      strategicAssessmentId: assessment.id,
      priorities: (assessment.priorities as { id: string }[]).map((p) => ({
        assessmentPriorityId: p.id,
        leadAgencyId,
        strands: { prevention: { objectives: ['Reduce repeat locations'], measures: ['Incidents per month'] } },
      })),
    });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Rows of a table for one subject, as the superuser sees them. */
export async function outboxFor(t: TestApp, subjectId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return t.db.query('SELECT type, data FROM outbox_events WHERE subject_id = $1 ORDER BY occurred_at, id', [subjectId]);
}

export async function auditFor(t: TestApp, targetId: string): Promise<{ action: string; actor_id: string | null; details: Record<string, unknown> }[]> {
  return t.db.query('SELECT action, actor_id, details FROM audit_events WHERE target_id = $1 ORDER BY seq', [targetId]);
}

export async function countRows(t: TestApp, table: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}
