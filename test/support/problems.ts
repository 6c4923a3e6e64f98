import assert from 'node:assert/strict';
import { TransactionHost, uuidv7 } from '@app/core';
import { RequestContexts, type Principal } from '@app/core/security';
import { StrategicAssessmentsService } from '@app/domain/assessments';
import { ControlStrategiesService } from '@app/domain/strategy';
import { firstOf, type TestApp } from '@app/testing';
import { bodyOf, client, created, type Json } from './http';
import { agencyOf, createUser, partnershipId } from './identity';

export const problemsOf = (code: string) => `/api/v1/partnerships/${code}/problems`;

/** A valid body for POST .../problems; `overrides` replace fields. */
export function problemBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Youth ASB around Loudoun Square shops',
    description: 'Groups gathering from 6pm; shutters damaged and shop staff intimidated.',
    category: 'anti-social-behaviour',
    source: 'complaint',
    locations: [{ code: 'W05000999', label: 'Butetown: Loudoun Square', lat: 51.4686, lng: -3.1698 }],
    ...overrides,
  };
}

export const TRIANGLE = {
  offender: 'A group of six to eight teenagers, two named by shop staff',
  handler: 'Parents; the youth offending service',
  victim: 'Staff of the three shops',
  guardian: 'Shop managers',
  location: 'The parade of shops on Loudoun Square',
  manager: 'Council estates team',
};

export const BASELINE = { measure: 'ASB incidents reported to police', periodStart: '2025-10-01', periodEnd: '2025-12-31', value: 40 };

export function evaluationBody(responseIds: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    process: responseIds.map((responseId) => ({ responseId, delivered: true, note: 'Delivered as planned; PC Jones led it' })),
    impact: { measure: 'ASB incidents reported to police', periodStart: '2026-04-01', periodEnd: '2026-06-30', value: 30, result: 'reduced' },
    displacement: { kinds: ['none'], note: null },
    diffusionOfBenefits: 'Fewer calls from the next street too',
    lessons: 'Start with the shop managers; the named youths responded to diversion.',
    ...overrides,
  };
}

export async function createProblem(t: TestApp, code: string, auth: string, overrides: Record<string, unknown> = {}): Promise<Json> {
  return created(t, auth, problemsOf(code), problemBody(overrides));
}

export async function advance(t: TestApp, code: string, auth: string, id: string, to: string): Promise<Json> {
  const res = await client(t, auth)
    .post(`${problemsOf(code)}/${id}/advance`)
    .send({ to });
  assert.equal(res.status, 200, `advance to ${to}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function addResponse(t: TestApp, code: string, auth: string, id: string, body: Record<string, unknown>): Promise<Json> {
  return created(t, auth, `${problemsOf(code)}/${id}/responses`, {
    description: 'Dispersal patrols Thursday to Saturday evenings',
    type: 'enforcement',
    startDate: '2026-02-01',
    endDate: '2026-04-30',
    ...body,
  });
}

/**
 * A problem created through the API by `auth` (an analyst, chair or admin)
 * with `problem`'s fields and taken to analysis, its analysis recorded: the
 * whole triangle and a baseline, plus `analysis`. The problem as the
 * analysis answers it.
 */
export async function analysedProblem(t: TestApp, code: string, auth: string, more: { problem?: Json; analysis?: Json } = {}): Promise<Json> {
  const { id } = await createProblem(t, code, auth, more.problem);
  await advance(t, code, auth, id, 'analysis');
  return bodyOf(
    await client(t, auth)
      .put(`${problemsOf(code)}/${id}/analysis`)
      .send({ triangle: TRIANGLE, baseline: BASELINE, ...more.analysis }),
    200,
  );
}

/**
 * A problem taken through the API to `stage` by `auth` (an analyst, chair or
 * admin): analysis with the whole triangle and a baseline, one response owned
 * by `ownerAgencyId`, a planned assessment date, an evaluation.
 */
export async function problemAt(
  t: TestApp,
  code: string,
  auth: string,
  stage: 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed',
  ownerAgencyId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ problem: Json; responseId?: string }> {
  const fields = { plannedAssessmentDate: '2026-07-31', ...overrides };
  if (stage === 'scanning') return { problem: await createProblem(t, code, auth, fields) };
  let problem = await analysedProblem(t, code, auth, { problem: fields, analysis: { repeatPatterns: ['repeat_location'] } });
  const id = problem.id as string;
  const api = client(t, auth);
  if (stage === 'analysis') return { problem };
  await advance(t, code, auth, id, 'response');
  const responseId: string = (await addResponse(t, code, auth, id, { ownerAgencyId })).id;
  if (stage === 'response') return { problem: (await api.get(`${problemsOf(code)}/${id}`)).body, responseId };
  problem = await advance(t, code, auth, id, 'assessment');
  if (stage === 'assessment') return { problem, responseId };
  const evaluation = await api.put(`${problemsOf(code)}/${id}/evaluation`).send(evaluationBody([responseId]));
  assert.equal(evaluation.status, 200, JSON.stringify(evaluation.body));
  problem = await advance(t, code, auth, id, 'closed');
  return { problem, responseId };
}

/** Runs `work` inside the partnership's transaction as a chair (what approvals and publishing need). */
async function asChair<T>(t: TestApp, code: string, work: (pid: string) => Promise<T>): Promise<T> {
  const pid = await partnershipId(t, code);
  const user = await createUser(t);
  const principal: Principal = { kind: 'user', userId: user.id, platformAdmin: false, role: 'chair', partnershipId: pid };
  const tx = t.app.get(TransactionHost);
  return RequestContexts.run({ requestId: null, principal }, () => tx.run(pid, () => work(pid)));
}

export interface ArrangedStrategy {
  /** Priorities of the current (published) control strategy. */
  current: string[];
  /** A priority of an earlier version only. */
  old: string;
}

/**
 * An approved strategic assessment with three priorities, a control
 * strategy version 1 acting on all three, then version 2 acting on the first
 * two only (published, so current): the third's id belongs to version 1 only.
 */
export async function arrangeStrategy(t: TestApp, code: string): Promise<ArrangedStrategy> {
  const agency = await agencyOf(t, code);
  const assessments = t.app.get(StrategicAssessmentsService);
  const strategies = t.app.get(ControlStrategiesService);
  const strands = { prevention: { objectives: ['Fewer repeat locations'], measures: ['Incidents per month'] } };
  return asChair(t, code, async (pid) => {
    const draft = await assessments.create(pid, { title: 'Strategic assessment 2026-27', periodStart: '2026-04-01', periodEnd: '2027-03-31' });
    for (const title of ['ASB hotspots', 'Violence in the night-time economy', 'Fly-tipping']) {
      await assessments.addPriority(pid, draft.assessment.id, { title, category: 'asb', impact: 3, likelihood: 3 });
    }
    const approved = await assessments.approve(pid, draft.assessment.id);
    const publish = async (priorityIds: string[]) => {
      const version = await strategies.create(pid, {
        strategicAssessmentId: approved.assessment.id,
        priorities: priorityIds.map((assessmentPriorityId) => ({ assessmentPriorityId, leadAgencyId: agency, strands })),
      });
      return (await strategies.publish(pid, version.strategy.id)).priorities;
    };
    const ids = approved.priorities.map((p) => p.id);
    const v1 = await publish(ids);
    const v2 = await publish(ids.slice(0, 2));
    const current = v2.map((p) => p.id);
    const old = v1.map((p) => p.id).find((id) => !current.includes(id))!;
    return { current, old };
  });
}

/** The partnership's next problem number and reference, taken from its counter (as a superuser). */
export async function nextProblemReference(t: TestApp, pid: string): Promise<{ number: number; reference: string }> {
  const { prefix } = firstOf(await t.db.query<{ prefix: string }>('SELECT reference_prefix AS prefix FROM partnerships WHERE id = $1', [pid]));
  const { number } = firstOf(
    await t.db.query<{ number: number }>(
      `INSERT INTO problem_reference_counters (partnership_id, last_number) VALUES ($1, 1)
     ON CONFLICT (partnership_id) DO UPDATE SET last_number = problem_reference_counters.last_number + 1 RETURNING last_number AS number`,
      [pid],
    ),
  );
  return { number, reference: `${prefix}-P-${String(number).padStart(4, '0')}` };
}

/**
 * A problem written straight into the database (as a superuser) at `stage`,
 * with one location and, given an agency, one planned response: for suites
 * that need many problems at a given stage quickly (the authorization matrix).
 */
export async function insertProblem(
  t: TestApp,
  code: string,
  stage: 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed' = 'scanning',
  options: { agencyId?: string } = {},
): Promise<{ id: string; responseId?: string }> {
  const pid = await partnershipId(t, code);
  const { number, reference } = await nextProblemReference(t, pid);
  const id = uuidv7();
  await t.db.query(
    `INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, stage, stage_changed_at, planned_assessment_date)
     VALUES ($1, $2, $3, $4, 'Arranged problem', 'Arranged for a test', 'anti-social-behaviour', 'monitoring', $5, now(), '2026-06-30')`,
    [id, pid, number, reference, stage],
  );
  await t.db.query(
    `INSERT INTO problem_locations (id, partnership_id, problem_id, position, code, label) VALUES ($1, $2, $3, 1, 'W05000999', 'Arranged ward')`,
    [uuidv7(), pid, id],
  );
  if (!options.agencyId) return { id };
  const responseId = uuidv7();
  await t.db.query(
    `INSERT INTO problem_responses (id, partnership_id, problem_id, description, type, owner_agency_id, start_date, status)
     VALUES ($1, $2, $3, 'Arranged response', 'enforcement', $4, '2026-02-01', 'planned')`,
    [responseId, pid, id, options.agencyId],
  );
  return { id, responseId };
}
