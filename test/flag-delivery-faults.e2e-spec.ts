import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Job, Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { FixedClock, toLondonDate } from '@app/core';
import { JOBS, QUEUES, redisConnectionOptions } from '@app/queue';
import { createTestApp, entryOf, firstOf, nth, type TestApp } from '@app/testing';
import { approvedAssessment, base } from './support/assessments';
import { agencyOf, member, partnershipId } from './support/identity';
import { problemAt } from './support/problems';
import { hasCommand, startRedis, startWorkerProcess, type RunningProcess, type TestRedis } from './support/processes';
import { TestReceiver } from './support/receiver';
import { blockedScans, flagEvents, flagsOf, liveScans, lockFlags } from './support/scanners';
import { waitUntil } from './support/wait';
import { client, type Json, tokenNow } from './support/http';
import { countRows } from './support/database';

const DAY = 86_400_000;
const CODE = 'powys';

/**
 * The mission's promise end to end, with real worker processes (on the
 * system clock) and a Redis of the test's own: an overdue review and an
 * unevaluated problem each give exactly one flag and exactly one signed
 * webhook delivery per subscription, although the worker scanning for the
 * overdue review is killed (SIGKILL) in the middle of its scan, and Redis
 * goes away while the other worker's scan for the problem is running.
 */
// Needs a redis-server binary of its own to stop and restart.
const describeWithRedisServer = hasCommand('redis-server') ? describe : describe.skip;

describeWithRedisServer('flags to signed webhooks, through a worker crash and a Redis outage (real processes)', () => {
  let t: TestApp;
  let redis: TestRedis;
  let flagsQueue: Queue;
  const workers: RunningProcess[] = [];
  const receivers: TestReceiver[] = [];
  const subscriptions: { id: string; secret: string; receiver: TestReceiver }[] = [];
  let assessment: Json;
  let problem: Json;
  const env = {
    WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
    WEBHOOK_RETRY_SCHEDULE: '500ms,1s,2s',
    OUTBOX_RELAY_INTERVAL_MS: '100',
    SCAN_INTERVAL_MINUTES: '1440',
    WORKER_CONCURRENCY: '1',
  };
  const worker = async () => {
    const p = await startWorkerProcess(t, { ...env, REDIS_URL: redis.url });
    workers.push(p);
    return p;
  };
  const scanJob = async (kind: string) => (await flagsQueue.add(JOBS.scan.name, { kind })).id!;
  /** Scans of one kind waiting inside their statement, told apart by their scanner's SQL. */
  const blocked = (kind: 'overdue' | 'unevaluated') =>
    blockedScans(t, kind === 'overdue' ? '%a.next_review_due AS due_date%a.next_review_due < $1::date%' : '%FROM problems p%');

  beforeAll(async () => {
    // The API on the test's clock, set to the real time: the worker processes run on the system clock.
    t = await createTestApp({ clock: new FixedClock(new Date()), env });
    redis = await startRedis();
    flagsQueue = new Queue(QUEUES.flags, {
      connection: redisConnectionOptions({ ...t.config, redis: { ...t.config.redis, url: redis.url } }, 'worker'),
      prefix: t.config.redis.prefix,
    });
    flagsQueue.on('error', () => undefined);

    const admin = (await member(t, CODE, 'admin')).auth;
    for (let i = 0; i < 2; i++) {
      const receiver = await TestReceiver.start();
      receivers.push(receiver);
      const res = await t.http
        .post(`${base(CODE)}/webhooks`)
        .set('authorization', admin)
        .send({ url: receiver.url, events: ['flag.raised'] });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      subscriptions.push({ id: res.body.id, secret: res.body.secret, receiver });
    }

    // Arranged through the API with the clock moved back: an assessment approved 120 days ago (its
    // quarterly review is now overdue), and a problem whose planned assessment date was 30 days ago.
    const now = t.clock.now();
    const analyst = (await member(t, CODE, 'analyst')).user.id;
    const chair = (await member(t, CODE, 'chair')).user.id;
    t.clock.set(new Date(now.getTime() - 120 * DAY));
    assessment = await approvedAssessment(t, CODE, await tokenNow(t, analyst), await tokenNow(t, chair));
    t.clock.set(new Date(now.getTime() - 60 * DAY));
    problem = (
      await problemAt(t, CODE, await tokenNow(t, analyst), 'assessment', await agencyOf(t, CODE), {
        plannedAssessmentDate: toLondonDate(new Date(now.getTime() - 30 * DAY)),
      })
    ).problem;
    t.clock.set(now);
    const reviewState = (
      await client(t, await tokenNow(t, analyst))
        .get(`${base(CODE)}/strategic-assessments/${assessment.id}`)
        .expect(200)
    ).body.reviewState;
    assert.equal(reviewState, 'overdue');
  });
  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    for (const r of receivers) await r.close();
    await flagsQueue?.close().catch(() => undefined);
    await redis?.remove();
    await t.close();
  });

  it("leaves nothing behind when the worker scanning for the overdue review is killed mid-scan, and raises the problem's flag while Redis is away; after Redis returns, the killed job runs again and each subscription gets exactly one signed delivery per flag", async () => {
    // Queued before any worker starts, so they are taken first, one per worker.
    const overdueJob = await scanJob('assessment_review_overdue');
    await scanJob('problem_unevaluated');
    const lock = await lockFlags(t);
    try {
      const doomed = await worker();
      await waitUntil(async () => (await blocked('overdue')) >= 1, 'the first worker blocked inside its overdue-review scan');
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      const survivor = await worker();
      await waitUntil(async () => (await blocked('unevaluated')) >= 1, 'the second worker blocked inside its problem scan');
      await redis.stop();
      await lock.release();
      // The killed worker's transaction never commits; the survivor's scan commits while Redis is down.
      await waitUntil(async () => (await liveScans(t)) === 0, 'both scan statements to end', 30_000);
      assert.deepEqual(await flagsOf(t, [assessment.id]), [], 'nothing of the killed scan remains');
      const [flag] = await flagsOf(t, [problem.id]);
      assert.equal(flag?.kind, 'problem_unevaluated');
      // Its event waits in the outbox until Redis is back.
      await waitUntil(async () => /outbox relay paused/.test(survivor.output()), 'the relay to pause', 20_000);
      assert.equal(await countRows(t, `SELECT 1 FROM outbox_events WHERE subject_id = $1 AND relayed_at IS NULL`, [flag.id]), 1);
      assert.ok(
        subscriptions.every((s) => s.receiver.requests.length === 0),
        'nothing delivered while Redis is away',
      );
    } finally {
      if (redis.process.child.exitCode !== null || redis.process.child.signalCode !== null) await redis.restart();
      await lock.release().catch(() => undefined);
    }

    // The killed worker's job is taken over once its lock expires (30 s), and finds the review overdue.
    await waitUntil(async () => (await Job.fromId(flagsQueue, overdueJob))?.finishedOn, 'the killed scan job to run again and finish', 120_000, 500);
    const flags = await flagsOf(t, [assessment.id, problem.id]);
    assert.deepEqual(
      flags.map((f) => [f.kind, f.subject_id, f.resolved_at]).sort(),
      [
        ['assessment_review_overdue', assessment.id, null],
        ['problem_unevaluated', problem.id, null],
      ].sort(),
    );
    const events = await flagEvents(
      t,
      flags.map((f) => f.id),
      'flag.raised',
    );
    assert.equal(events.length, 2, 'one flag.raised event per flag');

    for (const s of subscriptions) {
      await s.receiver.waitFor(() => s.receiver.requests.length >= 2, 60_000, 'a delivery of each flag');
    }
    // Settle: anything duplicated would arrive within the retry schedule.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const s of subscriptions) {
      assert.equal(s.receiver.requests.length, 2, 'exactly one request per flag');
      const payloads = s.receiver.requests.map(
        (req) => new Webhook(s.secret).verify(req.body, req.headers as Record<string, string>) as { type: string; data: Json },
      );
      assert.deepEqual(
        payloads.map((p) => [p.type, p.data.kind, p.data.subjectId, p.data.partnershipId]).sort(),
        [
          ['flag.raised', 'assessment_review_overdue', assessment.id, await partnershipId(t, CODE)],
          ['flag.raised', 'problem_unevaluated', problem.id, await partnershipId(t, CODE)],
        ].sort(),
      );
      assert.throws(
        () =>
          new Webhook(subscriptions.find((o) => o !== s)!.secret).verify(
            firstOf(s.receiver.requests).body,
            firstOf(s.receiver.requests).headers as Record<string, string>,
          ),
        'signed with its own secret',
      );
      const deliveries = await t.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_deliveries WHERE subscription_id = $1', [
        s.id,
      ]);
      assert.deepEqual(
        deliveries.map((d) => [d.status, d.attempts]),
        [
          ['succeeded', 1],
          ['succeeded', 1],
        ],
      );
    }
    assert.match(nth(workers, 1).output(), /outbox relay resumed/);
  });

  it('still makes one flag per cause when two workers scan at the same moment, and when scans repeat', async () => {
    await waitUntil(
      async () => {
        const counts = await flagsQueue.getJobCounts('wait', 'active', 'prioritized');
        return entryOf(counts, 'wait') + entryOf(counts, 'active') + entryOf(counts, 'prioritized') === 0;
      },
      'the queue to be idle',
      60_000,
    );
    const lock = await lockFlags(t);
    try {
      const jobs = [await scanJob('assessment_review_overdue'), await scanJob('assessment_review_overdue')];
      await worker();
      await waitUntil(async () => (await blocked('overdue')) >= 2, 'two workers blocked inside the same scan', 30_000);
      await lock.release();
      await waitUntil(
        async () => {
          for (const id of jobs) if (!(await Job.fromId(flagsQueue, id))?.finishedOn) return false;
          return true;
        },
        'both scans to finish',
        30_000,
        200,
      );
    } finally {
      await lock.release().catch(() => undefined);
    }
    const unevaluated = await scanJob('problem_unevaluated');
    const again = await scanJob('problem_unevaluated');
    await waitUntil(
      async () => (await Job.fromId(flagsQueue, unevaluated))?.finishedOn && (await Job.fromId(flagsQueue, again))?.finishedOn,
      'the problem scans',
      30_000,
      200,
    );
    assert.equal((await flagsOf(t, [assessment.id, problem.id])).length, 2);
    await new Promise((r) => setTimeout(r, 1_000));
    for (const s of subscriptions) assert.equal(s.receiver.requests.length, 2, 'no further delivery');
  });
});
