import assert from 'node:assert/strict';
import { afterEach, describe, it } from '@jest/globals';
import { Job, Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { FixedClock, toLondonDate } from '@app/core';
import { JOBS, QUEUES, redisConnectionOptions } from '@app/queue';
import { createTestApp, firstOf, nth } from '@app/testing';
import { approvedAssessment, base } from './support/assessments';
import { agencyOf, member, partnershipId } from './support/identity';
import { problemAt } from './support/problems';
import { hasCommand, startRedis, startWorkerProcess, type RunningProcess } from './support/processes';
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
 * goes away while the other worker's scan for the problem is running; and
 * scans that overlap or repeat still give one flag per cause. Each test
 * arranges its own app (database), Redis, queue, receivers and workers.
 */
// Needs a redis-server binary of its own to stop and restart.
const describeWithRedisServer = hasCommand('redis-server') ? describe : describe.skip;

describeWithRedisServer('flags to signed webhooks, through a worker crash and a Redis outage (real processes)', () => {
  const env = {
    WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
    WEBHOOK_RETRY_SCHEDULE: '500ms,1s,2s',
    OUTBOX_RELAY_INTERVAL_MS: '100',
    SCAN_INTERVAL_MINUTES: '1440',
    WORKER_CONCURRENCY: '1',
  };
  /** What a test started, undone after it (last started, first undone), whether it passed or not. */
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const undo of cleanups.splice(0).reverse()) await undo();
  });

  /**
   * A test's own world: the API (a database of its own) on the test's clock,
   * set to the real time (the worker processes run on the system clock); a
   * Redis of its own and the flags queue on it; two webhook subscriptions for
   * flag.raised, each with its own receiver; and, arranged through the API with
   * the clock moved back, an assessment approved 120 days ago (its quarterly
   * review now overdue) and a problem whose planned assessment date was 30 days
   * ago. No worker runs yet and no flag exists.
   */
  async function arrange() {
    const t = await createTestApp({ clock: new FixedClock(new Date()), env });
    cleanups.push(() => t.close());
    const redis = await startRedis();
    cleanups.push(() => redis.remove());
    const flagsQueue = new Queue(QUEUES.flags, {
      connection: redisConnectionOptions({ ...t.config, redis: { ...t.config.redis, url: redis.url } }, 'worker'),
      prefix: t.config.redis.prefix,
    });
    flagsQueue.on('error', () => undefined);
    cleanups.push(() => flagsQueue.close().catch(() => undefined));

    const admin = (await member(t, CODE, 'admin')).auth;
    const subscriptions: { id: string; secret: string; receiver: TestReceiver }[] = [];
    for (let i = 0; i < 2; i++) {
      const receiver = await TestReceiver.start();
      cleanups.push(() => receiver.close());
      const res = await t.http
        .post(`${base(CODE)}/webhooks`)
        .set('authorization', admin)
        .send({ url: receiver.url, events: ['flag.raised'] });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      subscriptions.push({ id: res.body.id, secret: res.body.secret, receiver });
    }

    const now = t.clock.now();
    const analyst = (await member(t, CODE, 'analyst')).user.id;
    const chair = (await member(t, CODE, 'chair')).user.id;
    t.clock.set(new Date(now.getTime() - 120 * DAY));
    const assessment = await approvedAssessment(t, CODE, await tokenNow(t, analyst), await tokenNow(t, chair));
    t.clock.set(new Date(now.getTime() - 60 * DAY));
    const { problem } = await problemAt(t, CODE, await tokenNow(t, analyst), 'assessment', await agencyOf(t, CODE), {
      plannedAssessmentDate: toLondonDate(new Date(now.getTime() - 30 * DAY)),
    });
    t.clock.set(now);
    const reviewState = (
      await client(t, await tokenNow(t, analyst))
        .get(`${base(CODE)}/strategic-assessments/${assessment.id}`)
        .expect(200)
    ).body.reviewState;
    assert.equal(reviewState, 'overdue');
    assert.deepEqual(await flagsOf(t, [assessment.id, problem.id]), [], 'no flag before any scan');

    const workers: RunningProcess[] = [];
    return {
      t,
      redis,
      flagsQueue,
      subscriptions,
      assessment,
      problem,
      workers,
      /** A worker process on the test's Redis, killed after the test. */
      async worker() {
        const p = await startWorkerProcess(t, { ...env, REDIS_URL: redis.url });
        cleanups.push(() => p.stop('SIGKILL'));
        workers.push(p);
        return p;
      },
      scanJob: async (kind: string) => (await flagsQueue.add(JOBS.scan.name, { kind })).id!,
      /** Scans of one kind waiting inside their statement, told apart by their scanner's SQL. */
      blocked: (kind: 'overdue' | 'unevaluated') =>
        blockedScans(t, kind === 'overdue' ? '%a.next_review_due AS due_date%a.next_review_due < $1::date%' : '%FROM problems p%'),
      /** Whether every one of the jobs has finished. */
      finished: async (jobs: string[]) => {
        for (const id of jobs) if (!(await Job.fromId(flagsQueue, id))?.finishedOn) return false;
        return true;
      },
    };
  }
  type Arranged = Awaited<ReturnType<typeof arrange>>;

  /**
   * The promise itself: exactly the two flags (the overdue review and the
   * unevaluated problem), one flag.raised event each, and exactly one signed
   * delivery of each flag per subscription, signed with that subscription's
   * secret, each succeeding at its first attempt.
   */
  async function assertOneSignedDeliveryPerFlag({ t, subscriptions, assessment, problem }: Arranged) {
    const flags = await flagsOf(t, [assessment.id, problem.id]);
    assert.deepEqual(
      flags.map((f) => [f.kind, f.subject_id, f.resolved_at]).sort(),
      [
        ['assessment_review_overdue', assessment.id, null],
        ['problem_unevaluated', problem.id, null],
      ].sort(),
      'one flag per cause',
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
    const pid = await partnershipId(t, CODE);
    for (const s of subscriptions) {
      assert.equal(s.receiver.requests.length, 2, 'exactly one request per flag');
      const payloads = s.receiver.requests.map(
        (req) => new Webhook(s.secret).verify(req.body, req.headers as Record<string, string>) as { type: string; data: Json },
      );
      assert.deepEqual(
        payloads.map((p) => [p.type, p.data.kind, p.data.subjectId, p.data.partnershipId]).sort(),
        [
          ['flag.raised', 'assessment_review_overdue', assessment.id, pid],
          ['flag.raised', 'problem_unevaluated', problem.id, pid],
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
  }

  it("leaves nothing behind when the worker scanning for the overdue review is killed mid-scan, and raises the problem's flag while Redis is away; after Redis returns, the killed job runs again and each subscription gets exactly one signed delivery per flag", async () => {
    const arranged = await arrange();
    const { t, redis, flagsQueue, subscriptions, assessment, problem, scanJob, blocked } = arranged;
    // Queued before any worker starts, so they are taken first, one per worker.
    const overdueJob = await scanJob('assessment_review_overdue');
    await scanJob('problem_unevaluated');
    const lock = await lockFlags(t);
    try {
      const doomed = await arranged.worker();
      await waitUntil(async () => (await blocked('overdue')) >= 1, 'the first worker blocked inside its overdue-review scan');
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      const survivor = await arranged.worker();
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
    await assertOneSignedDeliveryPerFlag(arranged);
    assert.match(nth(arranged.workers, 1).output(), /outbox relay resumed/);
  });

  it('still makes one flag per cause when two workers scan at the same moment, and when scans repeat', async () => {
    const arranged = await arrange();
    const { t, scanJob, blocked, finished } = arranged;
    const lock = await lockFlags(t);
    try {
      // Queued before the workers start, so each of the two takes one of them.
      const jobs = [await scanJob('assessment_review_overdue'), await scanJob('assessment_review_overdue')];
      await arranged.worker();
      await arranged.worker();
      await waitUntil(async () => (await blocked('overdue')) >= 2, 'two workers blocked inside the same scan', 30_000);
      await lock.release();
      await waitUntil(() => finished(jobs), 'both scans to finish', 30_000, 200);
    } finally {
      await lock.release().catch(() => undefined);
    }
    const problemScans = [await scanJob('problem_unevaluated'), await scanJob('problem_unevaluated')];
    await waitUntil(() => finished(problemScans), 'the problem scans', 30_000, 200);
    await assertOneSignedDeliveryPerFlag(arranged);
  });
});
