import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Queue, QueueEvents } from 'bullmq';
import { FixedClock } from '@app/core';
import { JOBS, QUEUES, redisConnectionOptions } from '@app/queue';
import { createTestApp, entryOf, firstOf, nth, type TestApp } from '@app/testing';
import { member } from './support/identity';
import { hasCommand, startRedis, startWorkerProcess, type RunningProcess } from './support/processes';
import { TestReceiver } from './support/receiver';
import { blockedScans, liveScans, lockFlags } from './support/scanners';
import { waitUntil } from './support/wait';
import { emitFlagEvents, insertSubscriptions } from './support/webhooks';
import { countRows } from './support/database';

const KIND = 'webhook_subscription_disabled';

/**
 * Faults, with real worker processes on loopback: concurrent scans, a worker
 * killed mid-scan, a worker stopped while deliveries run, and Redis going
 * away while events are produced. Each step is bounded in time.
 */
describe('worker faults (real processes)', () => {
  let t: TestApp;
  let flagsQueue: Queue;
  let flagEvents: QueueEvents;
  const workers: RunningProcess[] = [];
  const receivers: TestReceiver[] = [];
  const env = {
    WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
    WEBHOOK_RETRY_SCHEDULE: '500ms,1s,2s',
    OUTBOX_RELAY_INTERVAL_MS: '100',
    SCAN_INTERVAL_MINUTES: '1440',
  };

  const worker = async (extra: Record<string, string> = {}) => {
    const p = await startWorkerProcess(t, { ...env, ...extra });
    workers.push(p);
    return p;
  };
  /** Scans of this kind waiting inside their statement (the other kinds' scans read other tables). */
  const blocked = () => blockedScans(t, '%FROM webhook_subscriptions s%');
  /** Flags of this kind in some partnerships (each test arranges subscriptions in partnerships of its own). */
  const flagCount = (codes: string[]) =>
    countRows(t, `SELECT 1 FROM flags f JOIN partnerships p ON p.id = f.partnership_id WHERE f.kind = $1 AND p.code = ANY($2::text[])`, [KIND, codes]);
  const raisedEvents = (codes: string[]) =>
    countRows(
      t,
      `SELECT 1 FROM outbox_events o JOIN flags f ON f.id = o.subject_id JOIN partnerships p ON p.id = f.partnership_id
        WHERE o.type = 'flag.raised' AND f.kind = $1 AND p.code = ANY($2::text[])`,
      [KIND, codes],
    );
  const scanNow = async () => {
    const job = await flagsQueue.add(JOBS.scan.name, { kind: KIND });
    return job.id!;
  };
  const completed = (jobId: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`scan job ${jobId} did not complete within ${timeoutMs} ms`)), timeoutMs);
      const check = (event: { jobId: string }) => {
        if (event.jobId === jobId) {
          clearTimeout(timer);
          flagEvents.off('completed', check);
          resolve();
        }
      };
      flagEvents.on('completed', check);
    });

  beforeAll(async () => {
    t = await createTestApp({ clock: new FixedClock(new Date()), env });
    const connection = redisConnectionOptions(t.config, 'worker');
    flagsQueue = new Queue(QUEUES.flags, { connection, prefix: t.config.redis.prefix });
    flagEvents = new QueueEvents(QUEUES.flags, { connection, prefix: t.config.redis.prefix });
    await flagEvents.waitUntilReady();
  });
  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    for (const r of receivers) await r.close();
    await flagEvents.close();
    await flagsQueue.close();
    await t.close();
  });

  it('makes one flag per cause when two workers scan at the same moment', async () => {
    await insertSubscriptions(t, 'cardiff', 50, { disabledReason: 'gone' });
    await insertSubscriptions(t, 'newport', 30, { disabledReason: 'retries_exhausted' });
    const lock = await lockFlags(t);
    // Queued before the workers start, so each takes one of them first (the schedulers' first scans of
    // every kind queue behind). One job at a time each: two blocked scans are necessarily in two processes.
    const jobs = [await scanNow(), await scanNow()];
    const done = Promise.all(jobs.map((id) => completed(id)));
    const a = await worker({ WORKER_CONCURRENCY: '1' });
    await waitUntil(async () => (await blocked()) >= 1, "the first worker's scan blocked inside its statement", 20_000);
    const b = await worker({ WORKER_CONCURRENCY: '1' });
    await waitUntil(async () => (await blocked()) >= 2, 'two scans blocked inside their statement', 20_000);
    await lock.release();
    await done;
    assert.equal(await flagCount(['cardiff', 'newport']), 80);
    assert.equal(await raisedEvents(['cardiff', 'newport']), 80);
    const raisedPerWorker = [a, b].map((w) =>
      [...w.output().matchAll(/scan kind=webhook_subscription_disabled due=80 raised=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0),
    );
    assert.equal(firstOf(raisedPerWorker) + nth(raisedPerWorker, 1), 80, 'together they raised each flag once');
    assert.ok(
      [a, b].every((w) => /scan kind=webhook_subscription_disabled due=80/.test(w.output())),
      'both workers scanned',
    );
    // Leaves nothing queued for a later test's worker: the schedulers' first scans are done too.
    await waitUntil(async () => {
      const counts = await flagsQueue.getJobCounts('wait', 'active', 'prioritized');
      return entryOf(counts, 'wait') + entryOf(counts, 'active') + entryOf(counts, 'prioritized') === 0;
    }, 'the flags queue to be idle');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('leaves exactly the expected flags after a worker is killed (SIGKILL) mid-scan and a new worker scans', async () => {
    await insertSubscriptions(t, 'swansea', 40, { disabledReason: 'gone' });
    const lock = await lockFlags(t);
    // Queued before the worker starts, so it takes this job first (whether or not the schedulers' first scans have run).
    await scanNow();
    const doomed = await worker({ WORKER_CONCURRENCY: '1' });
    await waitUntil(async () => (await blocked()) >= 1, 'the scan blocked mid-statement', 20_000);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    await lock.release();
    // The killed worker's transaction never committed: its backend rolls back and goes.
    await waitUntil(async () => (await liveScans(t)) === 0, 'the orphaned scan to end', 20_000);
    assert.equal(await flagCount(['swansea']), 0, 'nothing of the killed scan remains');
    const next = await worker();
    const job = await scanNow();
    await completed(job);
    assert.equal(await flagCount(['swansea']), 40);
    assert.equal(await raisedEvents(['swansea']), 40);
    const again = await scanNow();
    await completed(again);
    assert.equal(await flagCount(['swansea']), 40);
    assert.equal(await raisedEvents(['swansea']), 40);
    await next.stop();
  });

  it('exits within 25 s on SIGTERM while deliveries run, and loses no job', async () => {
    const receiver = await TestReceiver.start();
    receivers.push(receiver);
    receiver.answer = () => ({ status: 204, delayMs: 2500 });
    const admin = (await member(t, 'wrexham', 'admin')).auth;
    const sub = await t.http
      .post('/api/v1/partnerships/wrexham/webhooks')
      .set('authorization', admin)
      .send({ url: receiver.url, events: ['flag.raised'] })
      .expect(201);
    const first = await worker({ WORKER_CONCURRENCY: '3' });
    const { eventIds } = await emitFlagEvents(t, 'wrexham', 8);
    // Wait until attempts are in flight (the receiver holds each for 2.5 s).
    await waitUntil(
      async () => (await countRows(t, `SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'in_flight'`, [sub.body.id])) >= 1,
      'deliveries in flight',
    );
    const tookMs = await first.stop('SIGTERM', 40_000);
    assert.ok(tookMs < 25_000, `the worker took ${tookMs} ms to stop`);
    const { code, signal } = await first.exited;
    assert.ok(code === 0 || signal === 'SIGTERM', `clean exit (code ${code}, signal ${signal})`);
    assert.equal(
      await countRows(t, `SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'in_flight'`, [sub.body.id]),
      0,
      'no attempt left half-done',
    );
    const second = await worker();
    await waitUntil(
      async () => (await countRows(t, `SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'succeeded'`, [sub.body.id])) === 8,
      'every delivery to succeed',
      60_000,
    );
    const ids = receiver.requests.map((r) => r.headers['webhook-id'] as string);
    assert.deepEqual([...new Set(ids)].sort(), [...eventIds].sort());
    assert.equal(ids.length, 8, 'each event delivered once');
    await second.stop();
  });

  // Needs a redis-server binary of its own to stop and restart.
  const itWithRedisServer = hasCommand('redis-server') ? it : it.skip;
  itWithRedisServer('delivers every event produced while Redis was stopped for 15 seconds', async () => {
    const redis = await startRedis();
    try {
      const receiver = await TestReceiver.start();
      receivers.push(receiver);
      const admin = (await member(t, 'flintshire', 'admin')).auth;
      await t.http
        .post('/api/v1/partnerships/flintshire/webhooks')
        .set('authorization', admin)
        .send({ url: receiver.url, events: ['flag.raised'] })
        .expect(201);
      const w = await worker({ REDIS_URL: redis.url });
      const before = await emitFlagEvents(t, 'flintshire', 3);
      await receiver.waitFor(() => receiver.requests.length >= 3);

      await redis.stop();
      const stoppedAt = Date.now();
      const during: string[] = [];
      while (Date.now() - stoppedAt < 15_000) {
        during.push(...(await emitFlagEvents(t, 'flintshire', 2)).eventIds);
        await new Promise((r) => setTimeout(r, 2_500));
      }
      const pending = await countRows(t, `SELECT 1 FROM outbox_events WHERE id = ANY($1::uuid[]) AND relayed_at IS NULL`, [during]);
      assert.equal(pending, during.length, 'while Redis is away the events wait in the outbox');
      await redis.restart();

      const expected = [...before.eventIds, ...during];
      await receiver.waitFor(() => new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size >= expected.length, 60_000, 'every event');
      assert.deepEqual([...new Set(receiver.requests.map((r) => r.headers['webhook-id'] as string))].sort(), [...expected].sort());
      assert.equal(await countRows(t, `SELECT 1 FROM outbox_events WHERE id = ANY($1::uuid[]) AND relayed_at IS NULL`, [expected]), 0);
      assert.match(w.output(), /outbox relay paused/);
      assert.match(w.output(), /outbox relay resumed/);
      await w.stop();
    } finally {
      await redis.remove();
    }
  });
});
