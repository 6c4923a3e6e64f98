import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FixedClock } from '@app/core';
import { FlagScanService } from '@app/domain/flags';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { member, partnershipId } from '../support/identity';
import { TestReceiver } from '../support/receiver';
import { waitUntil } from '../support/wait';
import { insertScannerBackground } from '../support/scanners';
import { emitFlagEvents } from '../support/webhooks';
import { countRows } from '../support/database';
import { say } from './measure';

/**
 * `npm run bench`: how long a scan takes over many flaggable rows, and how
 * many webhook deliveries per second one in-process worker makes to a
 * receiver on loopback. Prints figures; asserts nothing about speed.
 * BENCH_ROWS (default 20000) flaggable rows, BENCH_BACKGROUND (default
 * 200000) rows that are not due, BENCH_EVENTS (default 2000) deliveries.
 * The domain scanners: BENCH_PROBLEMS (default 200000) problems, of which
 * BENCH_DUE_PROBLEMS (default 20000) are unevaluated past their planned
 * date and a tenth as many closed without an evaluation; BENCH_ASSESSMENTS
 * (default 50000) assessments and BENCH_STRATEGIES (default 20000) control
 * strategy versions, across the 19 partnerships.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 200_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const PROBLEMS = Number(process.env.BENCH_PROBLEMS ?? 200_000);
const DUE_PROBLEMS = Number(process.env.BENCH_DUE_PROBLEMS ?? 20_000);
const ASSESSMENTS = Number(process.env.BENCH_ASSESSMENTS ?? 50_000);
const STRATEGIES = Number(process.env.BENCH_STRATEGIES ?? 20_000);

/** An API and a worker (in-process) on a fresh database and queue prefix. */
function environment() {
  const env = {} as { t: TestApp; w: TestWorker };
  beforeAll(async () => {
    env.t = await createTestApp({
      clock: new FixedClock(new Date()),
      env: { WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8', OUTBOX_RELAY_INTERVAL_MS: '50', WORKER_CONCURRENCY: '16', SCAN_INTERVAL_MINUTES: '1440' },
    });
    env.w = await createTestWorker({ environment: env.t });
  });
  afterAll(async () => {
    await env.w.close();
    await env.t.close();
  });
  return env;
}

describe('benchmark: flag scans', () => {
  const env = environment();

  it(`scans ${ROWS} due rows among ${ROWS + BACKGROUND}`, async () => {
    const { t, w } = env;
    const ids = await t.db.query<{ id: string }>('SELECT id FROM partnerships ORDER BY code');
    const pids = ids.map((r) => r.id);
    await t.db.query(
      `INSERT INTO webhook_subscriptions (id, partnership_id, url, events, secret_ciphertext, disabled_at, disabled_reason)
       SELECT gen_random_uuid(), ($1::uuid[])[1 + i % $2], 'https://receiver.example.org/hook', '{problem.created}', 'v1.x.y.z',
              CASE WHEN i <= $3 THEN now() END, CASE WHEN i <= $3 THEN 'gone' END
         FROM generate_series(1, $4) AS i`,
      [pids, pids.length, ROWS, ROWS + BACKGROUND],
    );
    await t.db.query('ANALYZE webhook_subscriptions');
    const scans = w.app.get(FlagScanService);
    const first = await scans.scan('webhook_subscription_disabled');
    say(
      `scan raising ${first.raised} flags (with their outbox events): ${first.durationMs.toFixed(0)} ms (${((first.raised / first.durationMs) * 1000).toFixed(0)} flags/s)`,
    );
    const second = await scans.scan('webhook_subscription_disabled');
    say(`scan again, nothing new (${second.due} due): ${second.durationMs.toFixed(0)} ms`);
    await t.db.query(`UPDATE webhook_subscriptions SET disabled_at = NULL, disabled_reason = NULL WHERE disabled_at IS NOT NULL`);
    const third = await scans.scan('webhook_subscription_disabled');
    say(`scan resolving ${third.resolved} flags: ${third.durationMs.toFixed(0)} ms`);
    const idle = await scans.scan('webhook_subscription_disabled');
    say(`scan with nothing due over ${ROWS + BACKGROUND} subscriptions: ${idle.durationMs.toFixed(1)} ms`);
    for (const line of (await scans.explain('webhook_subscription_disabled')).split('\n')) say(`plan: ${line}`);
  });
});

describe('benchmark: domain scanners', () => {
  const env = environment();

  it(`scans ${PROBLEMS} problems, ${ASSESSMENTS} assessments and ${STRATEGIES} strategy versions across the partnerships`, async () => {
    const { t, w } = env;
    const today = t.clock.today();
    const started = Date.now();
    const closedDue = Math.round(DUE_PROBLEMS / 10);
    const background = Math.max(0, PROBLEMS - DUE_PROBLEMS - closedDue);
    await insertScannerBackground(t, { assessments: ASSESSMENTS, problems: background, strategies: STRATEGIES }, '2099-01-01');
    const scans = w.app.get(FlagScanService);
    for (const kind of ['problem_unevaluated', 'assessment_review_overdue', 'control_strategy_stale']) {
      await scans.scan(kind);
      say(
        `${kind}: scan with nothing due (${background} problems, ${ASSESSMENTS} assessments, ${STRATEGIES} strategy versions): ${(await scans.scan(kind)).durationMs.toFixed(1)} ms`,
      );
    }
    // What is due: open problems past their planned date, closed ones never evaluated (numbers clear of the background's).
    await t.db.query(
      `INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, stage, stage_changed_at, planned_assessment_date)
       SELECT gen_random_uuid(), p.id, 3000000 + i, p.reference_prefix || '-P-' || (3000000 + i), 'Due problem ' || i, 'Due', 'anti-social-behaviour', 'monitoring',
              CASE WHEN i <= $1 THEN 'assessment' ELSE 'closed' END, now() - (i % 300) * INTERVAL '1 day', $2::date - 1 - i % 90
         FROM generate_series(1, $1::int + $3::int) AS i
         JOIN partnerships p ON p.id = (SELECT array_agg(id ORDER BY code) FROM partnerships)[1 + i % (SELECT count(*)::int FROM partnerships)]`,
      [DUE_PROBLEMS, today, closedDue],
    );
    // Every partnership's approved assessment: every other one overdue, the rest due within the fortnight;
    // each with a current control strategy on it, and three strategies still resting on a superseded assessment.
    await t.db.query(
      `UPDATE strategic_assessments a SET next_review_due = CASE WHEN r.k % 2 = 0 THEN $1::date - r.k ELSE $1::date + r.k % 14 END
         FROM (SELECT id, row_number() OVER (ORDER BY partnership_id)::int AS k FROM strategic_assessments WHERE status = 'approved') r
        WHERE r.id = a.id`,
      [today],
    );
    await t.db.query(
      `INSERT INTO control_strategies (id, partnership_id, version_number, strategic_assessment_id, status, published_at, published_by)
       SELECT gen_random_uuid(), p.id, (SELECT coalesce(max(version_number), 0) + 1 FROM control_strategies s WHERE s.partnership_id = p.id),
              CASE WHEN row_number() OVER (ORDER BY p.code) <= 3
                   THEN (SELECT id FROM strategic_assessments x WHERE x.partnership_id = p.id AND x.status = 'superseded' LIMIT 1)
                   ELSE (SELECT id FROM strategic_assessments x WHERE x.partnership_id = p.id AND x.status = 'approved') END,
              'current', now(), gen_random_uuid()
         FROM partnerships p`,
    );
    for (const table of ['problems', 'strategic_assessments', 'control_strategies']) await t.db.query(`ANALYZE ${table}`);
    const sizes = firstOf(
      await t.db.query<{ problems: number; assessments: number; strategies: number }>(
        `SELECT (SELECT count(*) FROM problems)::int AS problems, (SELECT count(*) FROM strategic_assessments)::int AS assessments,
              (SELECT count(*) FROM control_strategies)::int AS strategies`,
      ),
    );
    say(
      `arranged ${sizes.problems} problems, ${sizes.assessments} assessments, ${sizes.strategies} control strategy versions in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    for (const kind of ['assessment_review_due_soon', 'assessment_review_overdue', 'control_strategy_stale', 'problem_unevaluated']) {
      const first = await scans.scan(kind);
      const again = await scans.scan(kind);
      say(`${kind}: ${first.due} due; scan raising ${first.raised} flags ${first.durationMs.toFixed(1)} ms; scan again ${again.durationMs.toFixed(1)} ms`);
    }
    await t.db.query(`UPDATE problems SET evaluated_at = now() WHERE title LIKE 'Due problem %'`);
    const resolving = await scans.scan('problem_unevaluated');
    say(`problem_unevaluated: scan resolving ${resolving.resolved} flags (all evaluated) ${resolving.durationMs.toFixed(1)} ms`);
    // Until (auto)vacuum runs, the partial indexes (of problems, and of open flags) still hold the entries of the rows just changed.
    const beforeVacuum = await scans.scan('problem_unevaluated');
    await t.db.query('VACUUM ANALYZE problems');
    await t.db.query('VACUUM ANALYZE flags');
    const idle = await scans.scan('problem_unevaluated');
    say(
      `problem_unevaluated: scan with nothing due again over ${sizes.problems} problems ${beforeVacuum.durationMs.toFixed(1)} ms before vacuum, ${idle.durationMs.toFixed(1)} ms after`,
    );
    for (const line of (await scans.explain('problem_unevaluated')).split('\n')) say(`plan: ${line}`);
  });
});

describe('benchmark: webhook deliveries', () => {
  const env = environment();

  it(`delivers ${EVENTS} webhooks to a receiver on loopback`, async () => {
    const { t } = env;
    const receiver = await TestReceiver.start();
    try {
      const admin = (await member(t, 'cardiff', 'admin')).auth;
      const res = await t.http
        .post('/api/v1/partnerships/cardiff/webhooks')
        .set('authorization', admin)
        .send({ url: receiver.url, events: ['flag.raised'] });
      const subscriptionId = res.body.id as string;
      await partnershipId(t, 'cardiff');
      const started = Date.now();
      for (let done = 0; done < EVENTS; done += 500) await emitFlagEvents(t, 'cardiff', Math.min(500, EVENTS - done));
      const produced = Date.now();
      await waitUntil(
        async () => (await countRows(t, `SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'succeeded'`, [subscriptionId])) >= EVENTS,
        'every delivery',
        600_000,
        200,
      );
      const seconds = (Date.now() - started) / 1000;
      say(
        `${EVENTS} events written in ${((produced - started) / 1000).toFixed(1)} s; all delivered (relay, fan-out, signed POST, recorded) ${seconds.toFixed(1)} s after the first: ${(EVENTS / seconds).toFixed(0)} deliveries/s`,
      );
      const times = receiver.requests.map((r) => r.at - started).sort((a, b) => a - b);
      say(`first request after ${times[0]} ms, median ${times[Math.floor(times.length / 2)]} ms, last ${times[times.length - 1]} ms`);
      say(`receiver saw ${receiver.requests.length} requests for ${new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size} events`);
    } finally {
      await receiver.close();
    }
  });
});
