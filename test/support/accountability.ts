import assert from 'node:assert/strict';
import { uuidv7 } from '@app/core';
import { firstOf, type TestApp } from '@app/testing';
import { agencyOf, member, partnershipId } from './identity';
import { arrangeStrategy, nextProblemReference } from './problems';

export type { Json };
import { insertActions, tasking } from './tasking';
import { client, type Json, tokenNow } from './http';

/** A figure of a figures answer, by key (for the period, or a quarter's). */
export function figure(hallmarks: Json[], key: string): Json {
  const found = hallmarks.flatMap((h) => h.figures).find((f: Json) => f.key === key);
  assert.ok(found, `figure ${key}`);
  return found;
}

export interface ArrangedProblem {
  createdAt: string;
  source: string;
  stage: 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed';
  stageChangedAt: string;
  priorityId?: string | null;
  /** Stage changes before the current one: [toStage, changedAt]. */
  history?: [string, string][];
  evaluation?: 'eliminated' | 'reduced' | 'less_harmful' | 'handled_elsewhere' | 'no_change' | 'worse';
}

/** Problems written straight into the database (as a superuser) with exact instants, stage history and evaluations. */
export async function insertProblems(t: TestApp, code: string, problems: ArrangedProblem[]): Promise<string[]> {
  const pid = await partnershipId(t, code);
  const ids: string[] = [];
  for (const p of problems) {
    const { number, reference } = await nextProblemReference(t, pid);
    const id = uuidv7();
    await t.db.query(
      `INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, stage, stage_changed_at, created_at, control_strategy_priority_id, evaluated_at)
       VALUES ($1, $2, $3, $4, $5, 'Arranged for a test', 'anti-social-behaviour', $6, $7, $8, $9, $10, $11)`,
      [
        id,
        pid,
        number,
        reference,
        `Arranged problem ${number}`,
        p.source,
        p.stage,
        p.stageChangedAt,
        p.createdAt,
        p.priorityId ?? null,
        p.evaluation ? p.stageChangedAt : null,
      ],
    );
    const history: [string, string][] = [['scanning', p.createdAt], ...(p.history ?? [])];
    if (p.stage !== 'scanning' || history.length > 1) history.push([p.stage, p.stageChangedAt]);
    let from: string | null = null;
    for (const [i, [to, at]] of history.entries()) {
      await t.db.query(
        `INSERT INTO problem_stage_changes (id, partnership_id, problem_id, kind, from_stage, to_stage, actor_type, changed_at) VALUES ($1, $2, $3, $4, $5, $6, 'system', $7)`,
        [uuidv7(), pid, id, i === 0 ? 'created' : 'advanced', from, to, at],
      );
      from = to;
    }
    if (p.evaluation) {
      await t.db.query(
        `INSERT INTO problem_evaluations (problem_id, partnership_id, process, impact_measure, impact_period_start, impact_period_end, impact_value, impact_result, displacement_kinds, lessons, evaluated_at, evaluated_by_type)
         VALUES ($1, $2, '[]', 'Incidents a month', '2026-01-01', '2026-03-31', 12, $3, '{none}', 'Lighting and patrols together worked; patrols alone did not.', $4, 'system')`,
        [id, pid, p.evaluation, p.stageChangedAt],
      );
    }
    ids.push(id);
  }
  return ids;
}

/**
 * The hand-computed fixture of docs/figures.md's worked example, in one
 * partnership, for the period 2025-12-01 to 2026-03-31 judged on 2026-04-10:
 * - reviews: the assessment approved on 2025-12-01 was due for review on
 *   2026-03-01 and reviewed on 2026-03-05: 1 period, late, 4 days;
 * - control strategy (published 2025-12-01): 2 current priorities, one with
 *   an open problem in Q1 (coverage 1/2 in the period and Q1, 0/2 in December);
 * - a tactical group created 2025-12-01 meeting every 14 days, meetings
 *   opened on 8 and 22 January, 5 February and 5 March: expected 8 in the
 *   period (121 days), kept 4; Q1: 6 expected, 4 kept; December: 2 and 0;
 * - actions due in Q1: police done on time, done late, open overdue (rolled
 *   over to the 22 January meeting), in progress overdue; council three done
 *   on time and one cancelled: 4 on time of 7 with a verdict, 1 rolled over;
 * - problems: logged in the period 4 (2 from community sources), closed in
 *   it 2 (1 evaluated, result reduced), at the end of March: scanning 1,
 *   analysis 2, closed 2.
 */
export async function arrangeWorkedExample(t: TestApp, code: string): Promise<{ chair: string; police: string; council: string }> {
  const police = await agencyOf(t, code, 'police');
  const council = await agencyOf(t, code, 'local_authority');
  t.clock.set('2025-12-01T09:00:00Z');
  const chairMember = await member(t, code, 'chair');
  const strategy = await arrangeStrategy(t, code);
  const pid = await partnershipId(t, code);
  let chair = await tokenNow(t, chairMember.user.id);
  const group = await client(t, chair)
    .post(`${tasking(code)}/tasking-groups`)
    .send({ name: `Tactical ${uuidv7().slice(-6)}`, level: 'tactical', cadenceDays: 14, chairUserId: chairMember.user.id, agencyIds: [police, council] });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  await t.db.query(`UPDATE tasking_groups SET created_at = '2025-12-01T09:00:00Z' WHERE id = $1`, [group.body.id]);
  const meetings: string[] = [];
  for (const day of ['2026-01-08', '2026-01-22', '2026-02-05', '2026-03-05']) {
    t.clock.set(`${day}T08:00:00Z`);
    chair = await tokenNow(t, chairMember.user.id);
    const m = await client(t, chair)
      .post(`${tasking(code)}/tasking-groups/${group.body.id}/meetings`)
      .send({ scheduledFor: `${day}T17:00:00Z` });
    assert.equal(m.status, 201, JSON.stringify(m.body));
    assert.equal((await client(t, chair).post(`${tasking(code)}/meetings/${m.body.id}/open`)).status, 200);
    if (meetings.length === 0) {
      // Actions made in the first meeting (the minutes guard wants it open).
      await insertActions(t, code, [
        { dueDate: '2026-01-10', agencyId: police, status: 'done', completedAt: '2026-01-09T12:00:00Z', meetingId: m.body.id },
        { dueDate: '2026-01-12', agencyId: police, status: 'done', completedAt: '2026-01-20T12:00:00Z', meetingId: m.body.id },
        { dueDate: '2026-01-15', agencyId: police, meetingId: m.body.id },
      ]);
    }
    assert.equal((await client(t, chair).post(`${tasking(code)}/meetings/${m.body.id}/close`)).status, 200);
    meetings.push(m.body.id);
  }
  await insertActions(t, code, [
    { dueDate: '2026-02-20', agencyId: police, status: 'in_progress' },
    { dueDate: '2026-02-01', agencyId: council, status: 'done', completedAt: '2026-01-30T12:00:00Z' },
    { dueDate: '2026-02-10', agencyId: council, status: 'done', completedAt: '2026-02-10T12:00:00Z' },
    { dueDate: '2026-03-01', agencyId: council, status: 'cancelled', controlStrategyPriorityId: strategy.current[1] },
    { dueDate: '2026-03-20', agencyId: council, status: 'done', completedAt: '2026-03-19T12:00:00Z' },
  ]);
  await t.db.query(`UPDATE actions SET created_at = '2025-12-15T12:00:00Z' WHERE partnership_id = $1`, [pid]);
  await insertProblems(t, code, [
    {
      createdAt: '2026-01-05T10:00:00Z',
      source: 'community_engagement',
      stage: 'analysis',
      stageChangedAt: '2026-01-20T10:00:00Z',
      priorityId: strategy.current[0],
    },
    { createdAt: '2026-02-10T10:00:00Z', source: 'monitoring', stage: 'scanning', stageChangedAt: '2026-02-10T10:00:00Z' },
    {
      createdAt: '2026-03-01T10:00:00Z',
      source: 'asb_case_review',
      stage: 'closed',
      stageChangedAt: '2026-03-20T10:00:00Z',
      evaluation: 'reduced',
      history: [['analysis', '2026-03-05T10:00:00Z']],
    },
    { createdAt: '2025-11-01T10:00:00Z', source: 'referral', stage: 'closed', stageChangedAt: '2026-02-15T10:00:00Z' },
    {
      createdAt: '2026-03-10T10:00:00Z',
      source: 'monitoring',
      stage: 'response',
      stageChangedAt: '2026-04-05T10:00:00Z',
      history: [['analysis', '2026-03-25T10:00:00Z']],
    },
  ]);
  // The review due on 2026-03-01, recorded four days late.
  t.clock.set('2026-03-05T10:00:00Z');
  chair = await tokenNow(t, chairMember.user.id);
  const { id: assessmentId } = firstOf(
    await t.db.query<{ id: string }>(`SELECT id FROM strategic_assessments WHERE partnership_id = $1 AND status = 'approved'`, [pid]),
  );
  const review = await client(t, chair)
    .post(`${tasking(code)}/strategic-assessments/${assessmentId}/reviews`)
    .send({ summary: 'Quarterly review, a little late' });
  assert.equal(review.status, 201, JSON.stringify(review.body));
  t.clock.set('2026-04-10T10:00:00Z');
  return { chair: await tokenNow(t, chairMember.user.id), police, council };
}
