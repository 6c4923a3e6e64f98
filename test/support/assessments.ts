import type { TestApp } from '@app/testing';
import { bodyOf, client, created, type Json } from './http';

export interface PriorityBody {
  title: string;
  category?: string;
  impact: number;
  likelihood: number;
  rationale?: string;
}

export const base = (code: string) => `/api/v1/partnerships/${code}`;

/** A draft assessment, made through the API by `auth` (an analyst or admin). */
export async function draftAssessment(t: TestApp, code: string, auth: string, body: Record<string, unknown> = {}): Promise<Json> {
  return created(t, auth, `${base(code)}/strategic-assessments`, {
    title: 'Strategic assessment 2026-27',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ...body,
  });
}

export async function addPriority(t: TestApp, code: string, auth: string, assessmentId: string, body: PriorityBody): Promise<Json> {
  return created(t, auth, `${base(code)}/strategic-assessments/${assessmentId}/priorities`, { category: 'general', ...body });
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
): Promise<Json> {
  const draft = await draftAssessment(t, code, draftAuth, body);
  for (const p of priorities) await addPriority(t, code, draftAuth, draft.id, p);
  return bodyOf(await client(t, chairAuth).post(`${base(code)}/strategic-assessments/${draft.id}/approve`), 200);
}

/** A draft control strategy on an approved assessment, every priority led by `leadAgencyId`. */
export async function draftStrategy(t: TestApp, code: string, auth: string, assessment: Json, leadAgencyId: string): Promise<Json> {
  return bodyOf(
    await client(t, auth)
      .post(`${base(code)}/control-strategies`)
      .send({
        strategicAssessmentId: assessment.id,
        priorities: (assessment.priorities as { id: string }[]).map((p) => ({
          assessmentPriorityId: p.id,
          leadAgencyId,
          strands: { prevention: { objectives: ['Reduce repeat locations'], measures: ['Incidents per month'] } },
        })),
      }),
    201,
  );
}

/** An approved assessment (as `approvedAssessment`) drafted by the partnership's analyst and approved by its chair, as `who` gives them. */
export async function approvedBy(
  t: TestApp,
  who: (code: string) => Promise<{ analyst: string; chair: string }>,
  code: string,
  priorities?: PriorityBody[],
): Promise<Json> {
  const p = await who(code);
  return approvedAssessment(t, code, p.analyst, p.chair, priorities);
}
