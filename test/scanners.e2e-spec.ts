import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { SCANNERS } from '@app/domain';
import { FlagScanService, type ScanResult } from '@app/domain/flags';
import { QUEUES, scanSchedulerId } from '@app/queue';
import { createTestApp, createTestWorker, firstOf, nth, type TestApp, type TestWorker } from '@app/testing';
import { approvedAssessment, base, draftStrategy } from './support/assessments';
import { agencyOf, partnershipId, partnershipPeople } from './support/identity';
import { evaluationBody, insertProblem, problemAt, problemsOf } from './support/problems';
import { firstScansDone, flagEvents, flagsOf, insertScannerBackground, scanAtOnce } from './support/scanners';
import { client, type Json } from './support/http';

/**
 * The scanner kinds of the assessments, strategy and problems contexts, on
 * data arranged through the API with the test clock: raised on the day the
 * cause falls due and not the day before, one flag per cause however often
 * and however concurrently it is scanned (two workers, each with its own
 * connections), resolved by the request that fixes the cause (before any
 * scan), and the plans of their statements on realistic tables.
 */
describe('flag scanners: reviews, strategies and problems', () => {
  let t: TestApp;
  let workers: TestWorker[];
  /** An analyst, a chair and an admin of the partnership, with tokens issued at the clock's current time. */
  const who = partnershipPeople(() => t);
  const scan = (kind: string, worker = 0): Promise<ScanResult> => nth(workers, worker).app.get(FlagScanService).scan(kind);
  /** The same kind scanned by both workers at the same moment. */
  const scanBoth = (kind: string) => scanAtOnce(t, [() => scan(kind, 0), () => scan(kind, 1)]);
  const on = (day: string) => t.clock.set(`${day}T12:00:00Z`);
  const open = <F extends { resolved_at: Date | null }>(flags: F[]) => flags.filter((f) => f.resolved_at === null);
  /**
   * What a scan did to these subjects' flags of the kind. A scan covers every
   * partnership, other tests' rows among them, so a test counts its own.
   */
  const scanned = async (kind: string, ids: string[], run: () => Promise<unknown>) => {
    const before = await flagsOf(t, ids, kind);
    await run();
    const after = await flagsOf(t, ids, kind);
    const wasOpen = new Set(open(before).map((f) => f.id));
    return { raised: after.length - before.length, resolved: after.filter((f) => wasOpen.has(f.id) && f.resolved_at !== null).length };
  };
  /** The chair's review of an assessment, at the clock's time. */
  const reviewed = async (code: string, assessmentId: string, summary: string) => {
    const res = await client(t, (await who(code)).chair)
      .post(`${base(code)}/strategic-assessments/${assessmentId}/reviews`)
      .send({ summary });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const scanFor = (kind: string, ids: string[], worker = 0) => scanned(kind, ids, () => scan(kind, worker));
  const scanBothFor = (kind: string, ids: string[]) => scanned(kind, ids, () => scanBoth(kind));
  /** Scans for `kind` on one worker (raises one flag), then on the other and on both at once (raise no second one). */
  const raisesOnce = async (kind: string, ids: string[]) => {
    assert.equal((await scanFor(kind, ids)).raised, 1, `the first scan raises ${kind}`);
    assert.equal((await scanFor(kind, ids, 1)).raised, 0, `a scan on the other worker raises no second ${kind}`);
    assert.equal((await scanBothFor(kind, ids)).raised, 0, `concurrent scans raise no second ${kind}`);
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { SCAN_INTERVAL_MINUTES: '1440' } });
    workers = [await createTestWorker({ environment: t }), await createTestWorker({ environment: t })];
    // The schedulers' first scans (at start, on empty tables) are done before anything is arranged.
    await firstScansDone(t);
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await t.close();
  });

  it('has the workers schedule a scan of every kind at the configured interval, once however many start', async () => {
    const queue = nth(workers, 1).app.get<Queue>(getQueueToken(QUEUES.flags));
    const schedulers = await queue.getJobSchedulers();
    // Every registered kind, the four of this suite among them.
    const expected = SCANNERS.map((scanner) => scanner.kind).sort();
    for (const kind of ['assessment_review_due_soon', 'assessment_review_overdue', 'control_strategy_stale', 'problem_unevaluated'])
      assert.ok(expected.includes(kind as never), kind);
    assert.deepEqual(
      schedulers.map((s) => [s.key, Number(s.every)]).sort(),
      expected.map((kind) => [scanSchedulerId(kind), 1440 * 60_000]),
    );
  });

  describe('assessment_review_due_soon and assessment_review_overdue', () => {
    const reviewState = async (code: string, assessment: Json) =>
      (
        await client(t, (await who(code)).analyst)
          .get(`${base(code)}/strategic-assessments/${assessment.id}`)
          .expect(200)
      ).body.reviewState as string;
    /**
     * An assessment of the test's own partnership approved on 15 January
     * (review due 15 April), taken through the first `steps` of its cycle:
     * 1 the due-soon scan on 1 April; 2 the scans of 16 April (overdue
     * raised, due soon resolved); 3 the chair's review, and the due-soon
     * scan of 2 July for the next cycle.
     */
    const cycle = async (code: string, steps: number) => {
      on('2026-01-15');
      const p = await who(code);
      const assessment = await approvedAssessment(t, code, p.analyst, p.chair);
      assert.equal(assessment.nextReviewDue, '2026-04-15');
      if (steps >= 1) {
        on('2026-04-01');
        await scan('assessment_review_due_soon');
      }
      if (steps >= 2) {
        on('2026-04-16');
        await scan('assessment_review_overdue');
        await scan('assessment_review_due_soon');
      }
      if (steps >= 3) {
        await reviewed(code, assessment.id, 'Quarterly review, a month late');
        on('2026-07-02');
        await scan('assessment_review_due_soon');
      }
      return assessment;
    };

    it('raises due soon 14 days before the due date (not 15), once, however often and however concurrently it is scanned', async () => {
      const assessment = await cycle('cardiff', 0);
      const ids = [assessment.id as string];
      on('2026-03-31');
      assert.equal((await scanFor('assessment_review_due_soon', ids)).raised, 0);
      assert.equal(await reviewState('cardiff', assessment), 'not_due');
      assert.deepEqual(await flagsOf(t, ids), [], 'nothing the day before the window opens');

      on('2026-04-01');
      assert.equal(await reviewState('cardiff', assessment), 'due_soon');
      await raisesOnce('assessment_review_due_soon', ids);
      const flags = await flagsOf(t, ids);
      assert.deepEqual(
        flags.map((f) => [f.kind, f.subject_type, f.due_date, f.partnership_id, f.resolved_at]),
        [['assessment_review_due_soon', 'strategic_assessment', '2026-04-15', await partnershipId(t, 'cardiff'), null]],
      );
      assert.equal((await flagEvents(t, [firstOf(flags).id], 'flag.raised')).length, 1);
      // The flags API shows it to the partnership.
      const listed = await client(t, (await who('cardiff')).analyst)
        .get(`${base('cardiff')}/flags?open=true&kind=assessment_review_due_soon`)
        .expect(200);
      assert.deepEqual(
        listed.body.items.map((f: Json) => [f.subjectId, f.dueDate]),
        [[assessment.id, '2026-04-15']],
      );
    });

    it('raises overdue the day after the due date (not on it); the due-soon flag then resolves at the scan', async () => {
      const assessment = await cycle('flintshire', 1);
      const ids = [assessment.id as string];
      on('2026-04-15');
      assert.equal((await scanFor('assessment_review_overdue', ids)).raised, 0);
      assert.equal((await scanFor('assessment_review_due_soon', ids)).resolved, 0, 'still due soon on the day itself');
      assert.deepEqual(await flagsOf(t, ids, 'assessment_review_overdue'), []);

      on('2026-04-16');
      assert.equal(await reviewState('flintshire', assessment), 'overdue');
      assert.equal((await scanFor('assessment_review_overdue', ids)).raised, 1);
      assert.equal((await scanBothFor('assessment_review_overdue', ids)).raised, 0);
      const overdue = await flagsOf(t, ids, 'assessment_review_overdue');
      assert.deepEqual(
        overdue.map((f) => [f.due_date, f.resolved_at]),
        [['2026-04-15', null]],
        'one flag for the review due on 15 April',
      );

      assert.equal((await scanFor('assessment_review_due_soon', ids)).resolved, 1);
      const dueSoon = firstOf(await flagsOf(t, ids, 'assessment_review_due_soon'));
      assert.equal(dueSoon.resolution, 'scan');
      assert.equal((await flagEvents(t, [dueSoon.id], 'flag.resolved')).length, 1);
    });

    it('resolves the overdue flag in the transaction of the review that fixes it, and flags the next cycle as a new cause', async () => {
      const assessment = await cycle('powys', 2);
      const ids = [assessment.id as string];
      const res = await client(t, (await who('powys')).chair)
        .post(`${base('powys')}/strategic-assessments/${assessment.id}/reviews`)
        .set('x-request-id', 'review-fixes-overdue')
        .send({ summary: 'Quarterly review, a month late' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      // Before any scan: the request itself closed the flag and wrote its event.
      const overdue = firstOf(await flagsOf(t, ids, 'assessment_review_overdue'));
      assert.equal(overdue.resolution, 'cause_fixed');
      assert.deepEqual(new Date(overdue.resolved_at!), t.clock.now());
      assert.deepEqual(
        (await flagEvents(t, [overdue.id])).map((e) => [e.type, e.request_id, e.data.resolution ?? null]),
        [
          ['flag.raised', null, null],
          ['flag.resolved', 'review-fixes-overdue', 'cause_fixed'],
        ],
      );
      assert.equal((await scanFor('assessment_review_overdue', ids)).resolved, 0, 'nothing left for the scan');
      const next = (await client(t, (await who('powys')).analyst).get(`${base('powys')}/strategic-assessments/${assessment.id}`)).body.nextReviewDue as string;
      assert.equal(next, '2026-07-16');

      on('2026-07-02');
      assert.equal((await scanFor('assessment_review_due_soon', ids)).raised, 1);
      const dueSoon = await flagsOf(t, ids, 'assessment_review_due_soon');
      assert.deepEqual(
        dueSoon.map((f) => [f.due_date, f.resolved_at === null]),
        [
          ['2026-04-15', false],
          ['2026-07-16', true],
        ],
      );
    });

    it('resolves the review flags of an assessment in the transaction that supersedes it', async () => {
      const assessment = await cycle('ceredigion', 3);
      const p = await who('ceredigion');
      const next = await approvedAssessment(t, 'ceredigion', p.analyst, p.chair, [{ title: 'Exploitation', impact: 4, likelihood: 2 }]);
      const dueSoon = await flagsOf(t, [assessment.id], 'assessment_review_due_soon');
      assert.deepEqual(
        dueSoon.map((f) => f.resolution),
        ['scan', 'cause_fixed'],
      );
      assert.equal(
        (
          await flagEvents(
            t,
            dueSoon.map((f) => f.id),
            'flag.resolved',
          )
        ).length,
        2,
      );
      assert.equal((await scanFor('assessment_review_due_soon', [next.id])).raised, 0, 'the new assessment is not due for three months');
      assert.deepEqual(await flagsOf(t, [next.id]), []);
    });

    it('moves the flags to the new due date when the partnership changes its review interval', async () => {
      on('2026-01-15');
      const p = await who('newport');
      const a = await approvedAssessment(t, 'newport', p.analyst, p.chair);
      on('2026-04-05');
      await scan('assessment_review_due_soon');
      assert.deepEqual(
        (await flagsOf(t, [a.id])).map((f) => [f.kind, f.due_date]),
        [['assessment_review_due_soon', '2026-04-15']],
      );
      const res = await client(t, (await who('newport')).admin)
        .patch(base('newport'))
        .send({ reviewIntervalMonths: 2 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const moved = firstOf(await flagsOf(t, [a.id]));
      assert.equal(moved.resolution, 'cause_fixed', 'the review due on 15 April no longer exists');
      assert.equal((await scanFor('assessment_review_overdue', [a.id])).raised, 1);
      assert.deepEqual(
        open(await flagsOf(t, [a.id])).map((f) => [f.kind, f.due_date]),
        [['assessment_review_overdue', '2026-03-15']],
        'now overdue since 15 March',
      );
    });
  });

  describe('control_strategy_stale', () => {
    const current = async (code: string) =>
      (
        await client(t, (await who(code)).analyst)
          .get(`${base(code)}/control-strategies/current`)
          .expect(200)
      ).body as Json;
    /**
     * A strategy of the test's own partnership, published on 15 January on
     * an assessment due for review on 15 April, taken through the first
     * `steps` of its story: 1 the scan of 16 April (stale, overdue); 2 the
     * chair's review that day.
     */
    const published = async (code: string, steps: number) => {
      on('2026-01-15');
      const p = await who(code);
      const assessment = await approvedAssessment(t, code, p.analyst, p.chair);
      const strategy = await draftStrategy(t, code, p.analyst, assessment, await agencyOf(t, code));
      const res = await client(t, p.chair).post(`${base(code)}/control-strategies/${strategy.id}/publish`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      if (steps >= 1) {
        on('2026-04-16');
        await scan('control_strategy_stale');
      }
      if (steps >= 2) await reviewed(code, assessment.id, 'Reviewed');
      return { assessment, strategy };
    };

    it('raises when the assessment becomes overdue (not the day before), once, with the cause in its data', async () => {
      const { assessment, strategy } = await published('swansea', 0);
      const ids = [strategy.id as string];
      on('2026-04-15');
      assert.equal((await scanFor('control_strategy_stale', ids)).raised, 0);
      assert.equal((await current('swansea')).staleAssessment, false);

      on('2026-04-16');
      assert.equal((await current('swansea')).staleAssessment, true);
      await raisesOnce('control_strategy_stale', ids);
      const flags = await flagsOf(t, ids);
      assert.deepEqual(
        flags.map((f) => [f.kind, f.subject_type, f.due_date, f.data, f.resolved_at]),
        [['control_strategy_stale', 'control_strategy', '2026-04-15', { strategicAssessmentId: assessment.id, reason: 'assessment_review_overdue' }, null]],
      );
      const event = firstOf(await flagEvents(t, [firstOf(flags).id], 'flag.raised'));
      assert.equal(event.data.reason, 'assessment_review_overdue');
    });

    it('resolves in the transaction of the review that leaves the strategy no longer stale', async () => {
      const { assessment, strategy } = await published('pembrokeshire', 1);
      const res = await client(t, (await who('pembrokeshire')).chair)
        .post(`${base('pembrokeshire')}/strategic-assessments/${assessment.id}/reviews`)
        .send({ summary: 'Reviewed' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const flag = firstOf(await flagsOf(t, [strategy.id]));
      assert.equal(flag.resolution, 'cause_fixed');
      assert.equal((await flagEvents(t, [flag.id], 'flag.resolved')).length, 1);
      assert.equal((await current('pembrokeshire')).staleAssessment, false);
      assert.equal((await scanFor('control_strategy_stale', [strategy.id])).raised, 0);
    });

    it('raises when the assessment is superseded (on that day), and publishing a version on the new one resolves it', async () => {
      const { strategy } = await published('carmarthenshire', 2);
      const ids = [strategy.id as string];
      on('2026-05-01');
      assert.equal((await scanFor('control_strategy_stale', ids)).raised, 0, 'not stale before the supersession');
      const p = await who('carmarthenshire');
      const next = await approvedAssessment(t, 'carmarthenshire', p.analyst, p.chair, [{ title: 'Serious violence', impact: 4, likelihood: 3 }]);
      assert.equal((await current('carmarthenshire')).staleAssessment, true);
      assert.equal((await scanFor('control_strategy_stale', ids)).raised, 1);
      assert.equal((await scanBothFor('control_strategy_stale', ids)).raised, 0);
      const stale = open(await flagsOf(t, ids));
      assert.deepEqual(
        stale.map((f) => [f.due_date, f.data.reason]),
        [['2026-05-01', 'assessment_superseded']],
      );

      const v2 = await draftStrategy(t, 'carmarthenshire', p.analyst, next, await agencyOf(t, 'carmarthenshire'));
      const publishedV2 = await client(t, p.chair)
        .post(`${base('carmarthenshire')}/control-strategies/${v2.id}/publish`)
        .set('x-request-id', 'publish-v2');
      assert.equal(publishedV2.status, 200, JSON.stringify(publishedV2.body));
      const resolved = firstOf((await flagsOf(t, ids)).filter((f) => f.id === firstOf(stale).id));
      assert.equal(resolved.resolution, 'cause_fixed');
      assert.deepEqual(
        (await flagEvents(t, [resolved.id], 'flag.resolved')).map((e) => e.request_id),
        ['publish-v2'],
      );
      assert.equal((await scanFor('control_strategy_stale', [strategy.id, v2.id])).raised, 0);
      assert.deepEqual(await flagsOf(t, [v2.id]), []);
    });
  });

  describe('problem_unevaluated', () => {
    let agency: string;
    beforeAll(async () => {
      agency = await agencyOf(t, 'bridgend');
    });
    const listedUnevaluated = async () =>
      (
        (
          await client(t, (await who('bridgend')).analyst)
            .get(`${problemsOf('bridgend')}?unevaluated=true&limit=100`)
            .expect(200)
        ).body.items as Json[]
      ).map((p) => p.id);

    it('raises the day after the planned assessment date (not on it), once; the evaluation resolves it in its own transaction', async () => {
      on('2026-01-15');
      const { problem, responseId } = await problemAt(t, 'bridgend', (await who('bridgend')).analyst, 'assessment', agency, {
        plannedAssessmentDate: '2026-02-10',
      });
      on('2026-02-10');
      assert.equal((await scanFor('problem_unevaluated', [problem.id])).raised, 0);
      assert.ok(!(await listedUnevaluated()).includes(problem.id));

      on('2026-02-11');
      assert.ok((await listedUnevaluated()).includes(problem.id));
      await raisesOnce('problem_unevaluated', [problem.id]);
      const flags = await flagsOf(t, [problem.id]);
      assert.deepEqual(
        flags.map((f) => [f.kind, f.subject_type, f.due_date, f.data, f.resolved_at]),
        [['problem_unevaluated', 'problem', '2026-02-10', { reason: 'planned_assessment_date_passed', stage: 'assessment' }, null]],
      );

      const res = await client(t, (await who('bridgend')).analyst)
        .put(`${problemsOf('bridgend')}/${problem.id}/evaluation`)
        .set('x-request-id', 'evaluation-saved')
        .send(evaluationBody([responseId!]));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const resolved = firstOf(await flagsOf(t, [problem.id]));
      assert.equal(resolved.resolution, 'cause_fixed');
      assert.deepEqual(
        (await flagEvents(t, [resolved.id], 'flag.resolved')).map((e) => e.request_id),
        ['evaluation-saved'],
      );
      assert.equal((await scanFor('problem_unevaluated', [problem.id])).resolved, 0);
    });

    it('flags a reopened problem whose evaluation was set aside as a new cause, dated the day it was reopened', async () => {
      on('2026-01-15');
      const { problem } = await problemAt(t, 'bridgend', (await who('bridgend')).analyst, 'closed', agency, { plannedAssessmentDate: '2026-02-10' });
      on('2026-02-20');
      assert.equal((await scanFor('problem_unevaluated', [problem.id])).raised, 0, 'evaluated and closed');
      const reopened = await client(t, (await who('bridgend')).chair)
        .post(`${problemsOf('bridgend')}/${problem.id}/reopen`)
        .send({ reason: 'Reports rose again' });
      assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
      assert.equal((await scanFor('problem_unevaluated', [problem.id])).raised, 1);
      assert.deepEqual(
        (await flagsOf(t, [problem.id])).map((f) => [f.due_date, f.data.stage]),
        [['2026-02-20', 'response']],
      );
      on('2026-02-21');
      await scan('problem_unevaluated');
      assert.equal((await flagsOf(t, [problem.id])).length, 1, 'still the same cause the next day');
    });

    it('follows a new planned assessment date at the next scan: the old cause resolves, the new one is raised when it passes', async () => {
      on('2026-01-15');
      const { problem } = await problemAt(t, 'bridgend', (await who('bridgend')).analyst, 'response', agency, { plannedAssessmentDate: '2026-02-25' });
      on('2026-03-01');
      await scan('problem_unevaluated');
      const moved = await client(t, (await who('bridgend')).analyst)
        .patch(`${problemsOf('bridgend')}/${problem.id}`)
        .send({ plannedAssessmentDate: '2026-03-20' });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal((await scanFor('problem_unevaluated', [problem.id])).resolved, 1);
      on('2026-03-20');
      assert.equal((await scanFor('problem_unevaluated', [problem.id])).raised, 0);
      on('2026-03-21');
      assert.equal((await scanFor('problem_unevaluated', [problem.id])).raised, 1);
      assert.deepEqual(
        (await flagsOf(t, [problem.id])).map((f) => [f.due_date, f.resolution]),
        [
          ['2026-02-25', 'scan'],
          ['2026-03-20', null],
        ],
      );
    });

    it('flags a closed record without an evaluation (an imported one) on the day it was closed; never a problem without a planned date', async () => {
      const legacy = await insertProblem(t, 'bridgend', 'closed');
      await t.db.query(`UPDATE problems SET stage_changed_at = '2025-11-30T23:30:00Z' WHERE id = $1`, [legacy.id]);
      const unplanned = await insertProblem(t, 'bridgend', 'response');
      await t.db.query('UPDATE problems SET planned_assessment_date = NULL WHERE id = $1', [unplanned.id]);
      on('2026-03-25');
      await scan('problem_unevaluated');
      await scanBoth('problem_unevaluated');
      assert.deepEqual(
        (await flagsOf(t, [legacy.id, unplanned.id])).map((f) => [f.subject_id, f.due_date, f.data.reason]),
        [[legacy.id, '2025-11-30', 'closed_without_evaluation']],
        'closed at 23:30 UTC on 30 November: still the 30th in London',
      );
    });

    it("never flags a problem closed with its evaluation; flags each partnership's own problems in that partnership", async () => {
      on('2026-01-15');
      const { problem: done } = await problemAt(t, 'bridgend', (await who('bridgend')).analyst, 'closed', agency, { plannedAssessmentDate: '2026-02-10' });
      const { problem: elsewhere } = await problemAt(t, 'wrexham', (await who('wrexham')).analyst, 'assessment', await agencyOf(t, 'wrexham'), {
        plannedAssessmentDate: '2026-02-10',
      });
      on('2026-03-25');
      await scanBoth('problem_unevaluated');
      await scan('problem_unevaluated');
      assert.deepEqual(await flagsOf(t, [done.id]), []);
      assert.deepEqual(
        (await flagsOf(t, [elsewhere.id])).map((f) => [f.partnership_id, f.due_date]),
        [[await partnershipId(t, 'wrexham'), '2026-02-10']],
      );
      const bridgendSees = await client(t, (await who('bridgend')).analyst)
        .get(`${base('bridgend')}/flags?kind=problem_unevaluated&limit=100`)
        .expect(200);
      assert.ok(!bridgendSees.body.items.some((f: Json) => f.subjectId === elsewhere.id), 'another partnership never sees it');
    });
  });

  describe('plans on realistic tables', () => {
    beforeAll(async () => {
      await insertScannerBackground(t, { assessments: 3_000, problems: 9_000, strategies: 3_000 });
    });

    const kinds: [string, string[], RegExp][] = [
      ['assessment_review_due_soon', ['ix_strategic_assessments_review_due'], /Seq Scan on strategic_assessments/],
      ['assessment_review_overdue', ['ix_strategic_assessments_review_due'], /Seq Scan on strategic_assessments/],
      ['problem_unevaluated', ['ix_problems_unevaluated_planned', 'ix_problems_closed_unevaluated'], /Seq Scan on problems/],
      ['control_strategy_stale', ['uq_control_strategies_one_current'], /Seq Scan on (control_strategies|strategic_assessments)/],
    ];
    for (const [kind, indexes, seqScan] of kinds) {
      it(`${kind}: the planner reads its partial index, never the whole table`, async () => {
        const plan = await firstOf(workers).app.get(FlagScanService).explain(kind);
        for (const index of indexes) assert.match(plan, new RegExp(`\\b${index}\\b`), plan);
        assert.doesNotMatch(plan, seqScan, plan);
      });
    }

    it('raises nothing from the background rows', async () => {
      on('2026-07-20');
      for (const kind of kinds.map(([k]) => k)) await scan(kind);
      const row = firstOf(
        await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM flags f JOIN problems p ON p.id = f.subject_id WHERE p.title LIKE 'Background problem %'`,
        ),
      );
      assert.equal(row.n, 0);
    });
  });
});
