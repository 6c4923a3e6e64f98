import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FlagScanService } from '@app/domain/flags';
import { createTestApp, createTestWorker, firstOf, nth, type TestApp, type TestWorker } from '@app/testing';
import { approvedAssessment, base } from './support/assessments';
import { agencyOf, partnershipPeople } from './support/identity';
import { advance, evaluationBody, problemAt, problemsOf } from './support/problems';
import { firstScansDone, flagEvents, flagsOf } from './support/scanners';
import { insertActions, tasking } from './support/tasking';
import { client } from './support/http';

/**
 * One open flag per cause and due date: a cause that comes back after its
 * flag was resolved is flagged again, the earlier flag kept as history.
 */
describe('flags of causes that come back', () => {
  let t: TestApp;
  let worker: TestWorker;
  /** Bearer tokens of an analyst, a chair and an admin of the partnership, issued at the clock's current time. */
  const who = partnershipPeople(() => t);
  const scan = (kind: string) => worker.app.get(FlagScanService).scan(kind);
  const on = (day: string) => t.clock.set(`${day}T12:00:00Z`);
  const summary = (flags: Awaited<ReturnType<typeof flagsOf>>) => flags.map((f) => [f.due_date, f.resolution]);

  beforeAll(async () => {
    t = await createTestApp({ env: { SCAN_INTERVAL_MINUTES: '1440' } });
    worker = await createTestWorker({ environment: t });
    // The scheduler's first scans (at start, on empty tables) are done before anything is arranged.
    await firstScansDone(t);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('flags an action reopened after it was done again, beside the resolved flag, and lists it as overdue', async () => {
    on('2026-01-15');
    const police = await agencyOf(t, 'cardiff', 'police');
    const action = firstOf(await insertActions(t, 'cardiff', [{ dueDate: '2026-01-10', agencyId: police }]));
    assert.equal((await scan('action_overdue')).raised, 1);
    const chair = (await who('cardiff')).chair;
    await client(t, chair)
      .patch(`${tasking('cardiff')}/actions/${action}`)
      .send({ status: 'done' })
      .expect(200);
    assert.deepEqual(summary(await flagsOf(t, [action])), [['2026-01-10', 'cause_fixed']]);

    on('2026-01-16');
    await client(t, (await who('cardiff')).chair)
      .patch(`${tasking('cardiff')}/actions/${action}`)
      .send({ status: 'open' })
      .expect(200);
    assert.equal((await scan('action_overdue')).raised, 1);
    const flags = await flagsOf(t, [action]);
    assert.deepEqual(summary(flags), [
      ['2026-01-10', 'cause_fixed'],
      ['2026-01-10', null],
    ]);
    assert.equal(
      (
        await flagEvents(
          t,
          flags.map((f) => f.id),
          'flag.raised',
        )
      ).length,
      2,
      'one flag.raised per occurrence',
    );
    const open = await client(t, (await who('cardiff')).analyst)
      .get(`${tasking('cardiff')}/flags?kind=action_overdue&open=true&limit=100`)
      .expect(200);
    assert.ok(open.body.items.some((f: { id: string }) => f.id === nth(flags, 1).id));
    assert.equal((await scan('action_overdue')).raised, 0, 'once per occurrence, however often it scans');
    assert.equal((await flagsOf(t, [action])).length, 2);
  });

  it('flags a review overdue again at a due date whose flag was resolved', async () => {
    on('2026-01-15');
    const p = await who('newport');
    const assessment = await approvedAssessment(t, 'newport', p.analyst, p.chair);
    assert.equal(assessment.nextReviewDue, '2026-04-15');
    on('2026-04-20');
    assert.equal((await scan('assessment_review_overdue')).raised, 1);
    const admin = (await who('newport')).admin;
    // Two months: due since 15 March (that flag raised), no longer since 15 April (resolved).
    await client(t, admin).patch(base('newport')).send({ reviewIntervalMonths: 2 }).expect(200);
    assert.equal((await scan('assessment_review_overdue')).raised, 1);
    // Back to three: overdue since 15 April again, whose flag was resolved.
    await client(t, admin).patch(base('newport')).send({ reviewIntervalMonths: 3 }).expect(200);
    assert.equal((await scan('assessment_review_overdue')).raised, 1);
    assert.deepEqual(summary(await flagsOf(t, [assessment.id], 'assessment_review_overdue')), [
      ['2026-04-15', 'cause_fixed'],
      ['2026-03-15', 'cause_fixed'],
      ['2026-04-15', null],
    ]);
  });

  it('flags a problem reopened twice in one day once per reopening', async () => {
    on('2026-01-15');
    const agency = await agencyOf(t, 'bridgend');
    const { problem, responseId } = await problemAt(t, 'bridgend', (await who('bridgend')).analyst, 'closed', agency, { plannedAssessmentDate: '2026-02-10' });
    on('2026-02-20');
    for (let round = 1; round <= 2; round++) {
      const p = await who('bridgend');
      const reopened = await client(t, p.chair)
        .post(`${problemsOf('bridgend')}/${problem.id}/reopen`)
        .send({ reason: `Reports rose again (${round})` });
      assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
      assert.equal((await scan('problem_unevaluated')).raised, 1, `reopening ${round} is a new occurrence`);
      await advance(t, 'bridgend', p.analyst, problem.id, 'assessment');
      const evaluated = await client(t, p.analyst)
        .put(`${problemsOf('bridgend')}/${problem.id}/evaluation`)
        .send(evaluationBody([responseId!]));
      assert.equal(evaluated.status, 200, JSON.stringify(evaluated.body));
      await advance(t, 'bridgend', p.analyst, problem.id, 'closed');
    }
    assert.deepEqual(summary(await flagsOf(t, [problem.id], 'problem_unevaluated')), [
      ['2026-02-20', 'cause_fixed'],
      ['2026-02-20', 'cause_fixed'],
    ]);
    assert.equal((await scan('problem_unevaluated')).raised, 0, 'closed with its evaluation: nothing to flag');
  });
});
