import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { uuidv7 } from '@app/core';
import { entryOf, firstN, firstOf } from '@app/testing';
import { agenciesOf, agencyOf, member, type Member, membersOf, partnershipId } from './support/identity';
import { arrangeStrategy, createProblem, insertProblem, type ArrangedStrategy } from './support/problems';
import { closeMeeting, createGroup, getMeeting, idsOf, insertActions, openMeeting, scheduleMeeting, tasking } from './support/tasking';
import { client, type Json, tokenNow } from './support/http';
import { useArranged, useTestApp } from './support/app';

/**
 * The generated agenda: every section hit by data arranged for it, and
 * missed by data just outside it; frozen at opening; a strategic group's
 * review of the assessment and strategy. Test clock: 2026-01-15T10:00Z
 * (London 10:00, GMT) unless moved.
 */
describe('generated agendas', () => {
  const t = useTestApp();
  /** Cardiff's people, by role. */
  const people = useArranged(() => membersOf(t, 'cardiff', ['chair', 'analyst', 'viewer']));
  let police: string;
  let council: string;
  let strategy: ArrangedStrategy;
  let group: Json;
  /** Arranged rows by name. */
  const a: Record<string, string> = {};
  const p: Record<string, string> = {};
  const f: Record<string, string> = {};
  let m0: Json;
  let m1: Json;
  let m2: Json;

  async function arrangeProblem(
    stage: 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed',
    set: { planned?: string | null; loggedAt?: string; priority?: string | null },
  ) {
    const { id } = await insertProblem(t, 'cardiff', stage);
    await t.db.query(
      `UPDATE problems SET planned_assessment_date = $2, stage_changed_at = coalesce($3::timestamptz, stage_changed_at), control_strategy_priority_id = $4 WHERE id = $1`,
      [id, set.planned === undefined ? null : set.planned, set.loggedAt ?? null, set.priority ?? null],
    );
    return id;
  }

  async function insertFlag(code: string, subjectId: string, resolved: boolean) {
    const id = uuidv7();
    await t.db.query(
      `INSERT INTO flags (id, partnership_id, kind, subject_type, subject_id, due_date, raised_at, resolved_at, resolution)
       VALUES ($1, $2, 'problem_unevaluated', 'problem', $3, '2026-01-11', '2026-01-12T06:00:00Z', $4, $5)`,
      [id, await partnershipId(t, code), subjectId, resolved ? '2026-01-13T06:00:00Z' : null, resolved ? 'scan' : null],
    );
    return id;
  }

  beforeAll(async () => {
    ({ police, local_authority: council } = await agenciesOf(t, 'cardiff', ['police', 'local_authority']));
    strategy = await arrangeStrategy(t, 'cardiff');
    const [p1, p2] = strategy.current;
    group = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police, council], cadenceDays: 28 });

    // Problems for review before the horizon (2026-02-17), and just outside.
    p.passed = await arrangeProblem('response', { planned: '2026-01-10', priority: p1 });
    p.beforeHorizon = await arrangeProblem('assessment', { planned: '2026-02-16' });
    p.onHorizon = await arrangeProblem('analysis', { planned: '2026-02-17' });
    p.closed = await arrangeProblem('closed', { planned: '2026-01-10', priority: p2 });
    // Nominations: logged before the previous meeting opened (10:00), and from then on.
    p.oldNomination = await arrangeProblem('scanning', { loggedAt: '2026-01-15T09:59:59Z' });
    p.newNomination = await arrangeProblem('scanning', { loggedAt: '2026-01-15T10:00:00Z' });
    p.viaApi = (await createProblem(t, 'cardiff', people.analyst.auth, { controlStrategyPriorityId: p1 })).id;

    [a.overdue5, a.overdue1, a.overdue7, a.dueToday, a.dueBeforeHorizon, a.dueOnHorizon, a.done, a.cancelled] = firstN(
      await insertActions(t, 'cardiff', [
        { dueDate: '2026-01-10', agencyId: police },
        { dueDate: '2026-01-14', agencyId: council, status: 'in_progress' },
        { dueDate: '2026-01-08', agencyId: police },
        { dueDate: '2026-01-15', agencyId: police },
        { dueDate: '2026-02-16', agencyId: council, controlStrategyPriorityId: p1 },
        { dueDate: '2026-02-17', agencyId: police },
        { dueDate: '2026-01-05', agencyId: police, status: 'done', controlStrategyPriorityId: p2 },
        { dueDate: '2026-01-12', agencyId: police, status: 'cancelled' },
      ]),
      8,
    );

    f.open = await insertFlag('cardiff', p.passed, false);
    f.resolved = await insertFlag('cardiff', p.closed, true);
    f.newport = await insertFlag('newport', uuidv7(), false);

    // The group's first meeting, held this morning; the next two scheduled.
    m0 = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-01-15T09:00:00Z');
    m0 = await openMeeting(t, 'cardiff', people.chair.auth, m0.id);
    await closeMeeting(t, 'cardiff', people.chair.auth, m0.id);
    m1 = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-01-20T18:00:00Z');
    m2 = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-02-17T18:00:00Z');
  });

  it('lists overdue actions oldest first, and actions due before the next meeting', async () => {
    const { agenda } = await getMeeting(t, 'cardiff', people.viewer.auth, m1.id);
    assert.equal(agenda.asOf, '2026-01-15');
    assert.deepEqual([agenda.horizon, agenda.horizonFrom, agenda.nextMeetingId], ['2026-02-17', 'next_meeting', m2.id]);
    assert.deepEqual(idsOf(agenda.overdueActions), [a.overdue7, a.overdue5, a.overdue1]);
    assert.deepEqual(
      agenda.overdueActions.map((x: Json) => x.daysOverdue),
      [7, 5, 1],
    );
    assert.deepEqual(idsOf(agenda.actionsDue), [a.dueToday, a.dueBeforeHorizon]);
    const entry = agenda.overdueActions[1];
    assert.deepEqual(Object.keys(entry).sort(), [
      'controlStrategyPriorityId',
      'daysOverdue',
      'dueDate',
      'id',
      'meetingId',
      'ownerAgencyId',
      'problemId',
      'reference',
      'status',
      'title',
    ]);
    assert.equal(entry.dueDate, '2026-01-10');
    assert.equal(entry.ownerAgencyId, police);
  });

  it('lists problems due for review before the next meeting, passed ones included, closed ones not', async () => {
    const { agenda } = await getMeeting(t, 'cardiff', people.viewer.auth, m1.id);
    assert.deepEqual(idsOf(agenda.problemsForReview), [p.passed, p.beforeHorizon]);
    const entry = agenda.problemsForReview[0];
    assert.deepEqual(Object.keys(entry).sort(), ['controlStrategyPriorityId', 'id', 'plannedAssessmentDate', 'reference', 'stage', 'stageChangedAt', 'title']);
    assert.deepEqual([entry.stage, entry.plannedAssessmentDate], ['response', '2026-01-10']);
    assert.ok(!JSON.stringify(agenda).includes('Arranged for a test'), 'no descriptions (or triangle text) on the agenda');
  });

  it("lists new nominations since the group's previous meeting (all at scanning for its first)", async () => {
    const { agenda } = await getMeeting(t, 'cardiff', people.viewer.auth, m1.id);
    assert.equal(agenda.previousMeetingId, m0.id);
    assert.equal(agenda.nominationsSince, '2026-01-15T10:00:00.000Z');
    assert.deepEqual(new Set(idsOf(agenda.newNominations)), new Set([p.newNomination, p.viaApi]));
    assert.ok(agenda.newNominations.every((n: Json) => n.stage === 'scanning'));
    // The first meeting's frozen agenda had every problem at scanning.
    assert.equal(m0.agenda.previousMeetingId, null);
    assert.equal(m0.agenda.nominationsSince, null);
    assert.deepEqual(new Set(idsOf(m0.agenda.newNominations)), new Set([p.oldNomination, p.newNomination, p.viaApi]));
  });

  it('shows the current priorities with their open problems and actions, marking those with no activity', async () => {
    const { agenda } = await getMeeting(t, 'cardiff', people.viewer.auth, m1.id);
    const [p1, p2] = firstN(strategy.current, 2);
    assert.deepEqual(
      agenda.priorities.map((x: Json) => [x.id, x.openProblems, x.openActions, x.noActivity, x.staleAssessment]),
      [
        [p1, 2, 1, false, false],
        [p2, 0, 0, true, false],
      ],
    );
    assert.ok(!agenda.priorities.some((x: Json) => x.id === strategy.old), 'a priority of an earlier version only is not shown');
    // The actions behind the counts, whatever their status.
    const byPriority = async (id: string) =>
      idsOf(
        (
          await client(t, people.viewer.auth)
            .get(`${tasking('cardiff')}/actions?priorityId=${id}`)
            .expect(200)
        ).body.items,
      );
    assert.deepEqual(await byPriority(p1), [a.dueBeforeHorizon]);
    assert.deepEqual(await byPriority(p2), [a.done]);
    assert.equal(agenda.strategicReview, null, "a tactical group's agenda has no strategic review");
  });

  it("shows the partnership's open flags only", async () => {
    const { agenda } = await getMeeting(t, 'cardiff', people.viewer.auth, m1.id);
    assert.deepEqual(idsOf(agenda.flags), [f.open]);
    assert.deepEqual(agenda.flags[0], {
      id: f.open,
      kind: 'problem_unevaluated',
      subjectType: 'problem',
      subjectId: p.passed,
      dueDate: '2026-01-11',
      raisedAt: '2026-01-12T06:00:00.000Z',
      acknowledged: false,
    });
    assert.deepEqual(agenda.truncated, []);
  });

  it('runs to the meeting date plus the cadence when no next meeting is scheduled', async () => {
    const weekly = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police], cadenceDays: 7 });
    const meeting = await scheduleMeeting(t, 'cardiff', people.analyst.auth, weekly.id, '2026-01-20T18:00:00Z');
    const { agenda } = meeting;
    assert.deepEqual([agenda.horizon, agenda.horizonFrom, agenda.nextMeetingId, agenda.previousMeetingId], ['2026-01-27', 'cadence', null, null]);
    assert.deepEqual(idsOf(agenda.actionsDue), [a.dueToday]);
    assert.deepEqual(idsOf(agenda.problemsForReview), [p.passed]);
    assert.deepEqual(idsOf(agenda.overdueActions), [a.overdue7, a.overdue5, a.overdue1], 'overdue actions do not depend on the group');
  });

  it("freezes the agenda when the meeting opens; new data does not change it, while a scheduled meeting's agenda follows it", async () => {
    // The meeting opens at 18:00 (tokens minted at each move of the clock: access tokens live minutes).
    t.clock.set('2026-01-15T18:00:00Z');
    try {
      const before = (await getMeeting(t, 'cardiff', await tokenNow(t, people.viewer.user.id), m1.id)).agenda;
      assert.equal(before.generatedAt, '2026-01-15T18:00:00.000Z');
      const opened = await openMeeting(t, 'cardiff', await tokenNow(t, people.chair.user.id), m1.id);
      assert.equal(opened.agendaFrozen, true);
      assert.deepEqual(opened.agenda, before, 'frozen as generated at opening');
      const stored = firstOf(await t.db.query<{ agenda: Json }>('SELECT agenda FROM meetings WHERE id = $1', [m1.id]));
      assert.deepEqual({ ...stored.agenda, links: {} }, before, 'stored as answered (links are added to each answer)');

      // The partnership moves on, and the clock with it.
      t.clock.set('2026-01-15T19:00:00Z');
      const [late] = await insertActions(t, 'cardiff', [{ dueDate: '2026-01-02', agencyId: council }]);
      const fresh = (await createProblem(t, 'cardiff', await tokenNow(t, people.analyst.user.id), { title: 'Fly-tipping behind the precinct' })).id;
      await client(t, await tokenNow(t, people.chair.user.id))
        .patch(`${tasking('cardiff')}/actions/${a.dueToday}`)
        .send({ status: 'done' })
        .expect(200);
      await t.db.query(`UPDATE flags SET resolved_at = now(), resolution = 'scan' WHERE id = $1`, [f.open]);
      t.clock.set('2026-01-16T10:00:00Z');
      const auth = await tokenNow(t, people.viewer.user.id);
      const frozen = await getMeeting(t, 'cardiff', auth, m1.id);
      assert.deepEqual(frozen.agenda, before);

      const live = (await getMeeting(t, 'cardiff', auth, m2.id)).agenda;
      assert.equal(live.asOf, '2026-01-16');
      assert.equal(live.previousMeetingId, m1.id);
      assert.deepEqual(idsOf(live.overdueActions), [late, a.overdue7, a.overdue5, a.overdue1]);
      assert.ok(!idsOf(live.actionsDue).includes(entryOf(a, 'dueToday')), 'done: no longer due');
      assert.equal(live.nominationsSince, '2026-01-15T18:00:00.000Z');
      assert.deepEqual(idsOf(live.newNominations), [fresh], 'only what was logged since the previous meeting opened');
      assert.deepEqual(live.flags, []);
      // The next meeting after m2: none, so m2 runs on its own cadence.
      assert.deepEqual([live.horizonFrom, live.horizon], ['cadence', '2026-03-17']);
    } finally {
      t.clock.set('2026-01-15T10:00:00Z');
    }
  });

  describe('a strategic group', () => {
    let nChair: Member;
    let board: Json;
    let first: Json;

    beforeAll(async () => {
      const newport = await agencyOf(t, 'newport', 'local_authority');
      nChair = await member(t, 'newport', 'chair');
      await arrangeStrategy(t, 'newport');
      board = await createGroup(t, 'newport', nChair.auth, {
        name: 'Safer Newport board',
        level: 'strategic',
        chairUserId: nChair.user.id,
        agencyIds: [newport],
      });
      first = await scheduleMeeting(t, 'newport', nChair.auth, board.id, '2026-01-22T14:00:00Z');
    });

    it("shows the approved assessment's review state and the strategy in good standing", async () => {
      assert.equal(board.cadenceDays, 91);
      const { agenda } = first;
      assert.deepEqual([agenda.level, agenda.horizon, agenda.horizonFrom], ['strategic', '2026-04-23', 'cadence']);
      const review = agenda.strategicReview;
      assert.equal(review.assessment.status, 'approved');
      assert.equal(review.assessment.nextReviewDue, '2026-04-15');
      assert.equal(review.assessment.reviewState, 'not_due');
      assert.equal(review.controlStrategy.versionNumber, 2);
      assert.equal(review.controlStrategy.staleAssessment, false);
      assert.equal(review.controlStrategy.strategicAssessmentId, review.assessment.id);
      assert.equal(review.staleStrategyWarning, null);
      assert.ok(agenda.priorities.length === 2 && agenda.priorities.every((x: Json) => !x.staleAssessment));
      // Newport's agenda shows its own flag, and none of Cardiff's actions, problems or flags.
      assert.deepEqual([agenda.overdueActions, agenda.actionsDue, agenda.problemsForReview], [[], [], []]);
      assert.deepEqual(idsOf(agenda.flags), [f.newport]);
    });

    it('warns when the review falls due, and marks the strategy and its priorities stale once it is overdue', async () => {
      t.clock.set('2026-04-02T09:00:00Z');
      try {
        const soon = (await getMeeting(t, 'newport', await tokenNow(t, nChair.user.id), first.id)).agenda;
        assert.equal(soon.strategicReview.assessment.reviewState, 'due_soon');
        assert.equal(soon.strategicReview.staleStrategyWarning, null);
        // London 10:00 BST on 16 April: the review was due on the 15th.
        t.clock.set('2026-04-16T09:00:00Z');
        const auth = await tokenNow(t, nChair.user.id);
        const late = await scheduleMeeting(t, 'newport', auth, board.id, '2026-04-20T13:00:00Z');
        const review = late.agenda.strategicReview;
        assert.equal(review.assessment.reviewState, 'overdue');
        assert.equal(review.controlStrategy.staleAssessment, true);
        assert.match(review.staleStrategyWarning, /version 2 rests on a strategic assessment whose review was due on 2026-04-15/);
        assert.ok(late.agenda.priorities.every((x: Json) => x.staleAssessment === true));
        // A tactical group's agenda marks the priorities, without the strategic review.
        const tactical = await createGroup(t, 'newport', auth, { chairUserId: nChair.user.id, agencyIds: [board.agencyIds[0]] });
        const meeting = await scheduleMeeting(t, 'newport', auth, tactical.id, '2026-04-21T09:00:00Z');
        assert.equal(meeting.agenda.strategicReview, null);
        assert.ok(meeting.agenda.priorities.length === 2 && meeting.agenda.priorities.every((x: Json) => x.staleAssessment === true));
      } finally {
        t.clock.set('2026-01-15T10:00:00Z');
      }
    });
  });
});
