import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestEnvironment, firstOf, releaseEnvironment, type TestEnvironment } from '@app/testing';
import { partnershipId } from './support/identity';
import { insertSubscriptions } from './support/webhooks';
import { countRows } from './support/database';
import { runCli } from './support/processes';

/** `cli scan`: the scanners on demand, as a real process against the test database. */
describe('cli scan', () => {
  let t: TestEnvironment;
  const cli = (...args: string[]) => runCli(t, 'scan', ...args);

  beforeAll(async () => {
    t = await createTestEnvironment();
  });
  afterAll(async () => {
    await releaseEnvironment(t);
  });

  it('raises what is due across partnerships, then nothing more', async () => {
    await insertSubscriptions(t, 'cardiff', 2, { disabledReason: 'gone', disabledAt: new Date('2026-01-10T12:00:00Z') });
    await insertSubscriptions(t, 'gwynedd-anglesey', 1, { disabledReason: 'retries_exhausted', disabledAt: new Date('2026-01-10T12:00:00Z') });
    const first = cli('--kind', 'webhook_subscription_disabled');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /webhook_subscription_disabled: 3 due, 3 raised, 0 resolved/);
    const second = cli();
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /webhook_subscription_disabled: 3 due, 0 raised, 0 resolved/);
    assert.equal(await countRows(t, `SELECT 1 FROM flags WHERE due_date = '2026-01-10'`), 3);
    assert.equal(await countRows(t, `SELECT 1 FROM outbox_events WHERE type = 'flag.raised'`), 3);
  });

  it('runs each kind of the assessments, strategy and problems contexts with --kind', async () => {
    // Arranged as a superuser: an approved assessment overdue since 1 January 2026, and a closed problem never evaluated.
    const pid = await partnershipId(t, 'powys');
    const { id: assessmentId } = firstOf(
      await t.db.query<{ id: string }>(
        `INSERT INTO strategic_assessments (id, partnership_id, title, period_start, period_end, status, pestelo, approved_at, approved_by, review_anchor_date, next_review_due)
       VALUES (gen_random_uuid(), $1, 'Overdue', '2025-04-01', '2026-03-31', 'approved', '{}', '2025-10-01', gen_random_uuid(), '2025-10-01', '2026-01-01') RETURNING id`,
        [pid],
      ),
    );
    const { id: problemId } = firstOf(
      await t.db.query<{ id: string }>(
        `INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, stage, stage_changed_at)
       VALUES (gen_random_uuid(), $1, 1, 'PWS-P-0001', 'Legacy', 'Imported', 'anti-social-behaviour', 'monitoring', 'closed', '2025-09-01T12:00:00Z') RETURNING id`,
        [pid],
      ),
    );
    const overdue = cli('--kind', 'assessment_review_overdue');
    assert.equal(overdue.status, 0, overdue.stderr);
    assert.match(overdue.stdout, /^assessment_review_overdue: 1 due, 1 raised, 0 resolved/m);
    const unevaluated = cli('--kind', 'problem_unevaluated');
    assert.equal(unevaluated.status, 0, unevaluated.stderr);
    assert.match(unevaluated.stdout, /^problem_unevaluated: 1 due, 1 raised, 0 resolved/m);
    const all = cli();
    assert.equal(all.status, 0, all.stderr);
    for (const kind of [
      'assessment_review_due_soon',
      'assessment_review_overdue',
      'problem_unevaluated',
      'control_strategy_stale',
      'webhook_subscription_disabled',
    ]) {
      assert.match(all.stdout, new RegExp(`^${kind}: \\d+ due, 0 raised`, 'm'), all.stdout);
    }
    const flags = await t.db.query<{ kind: string; due_date: string }>(
      `SELECT kind, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM flags WHERE subject_id = ANY($1::uuid[]) ORDER BY kind`,
      [[assessmentId, problemId]],
    );
    assert.deepEqual(flags, [
      { kind: 'assessment_review_overdue', due_date: '2026-01-01' },
      { kind: 'problem_unevaluated', due_date: '2025-09-01' },
    ]);
  });

  it('prints query plans with --explain, and refuses an unknown kind', () => {
    const explain = cli('--explain');
    assert.equal(explain.status, 0, explain.stderr);
    assert.match(explain.stdout, /webhook_subscription_disabled:\n.*webhook_subscriptions/);
    const unknown = cli('--kind', 'made_up');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /No scanner for kind "made_up"/);
  });
});
