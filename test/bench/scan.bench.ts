import { after, before, describe, it } from 'node:test';
import { FixedClock } from '@app/core';
import { FlagScanService } from '@app/domain/flags';
import { createTestApp, createTestWorker, type TestApp, type TestWorker } from '@app/testing';
import { member, partnershipId } from '../support/identity';
import { TestReceiver } from '../support/receiver';
import { waitUntil } from '../support/wait';
import { countRows, emitFlagEvents } from '../support/webhooks';

/**
 * `npm run bench`: how long a scan takes over many flaggable rows, and how
 * many webhook deliveries per second one in-process worker makes to a
 * receiver on loopback. Prints figures; asserts nothing about speed.
 * BENCH_ROWS (default 20000) flaggable rows, BENCH_BACKGROUND (default
 * 200000) rows that are not due, BENCH_EVENTS (default 2000) deliveries.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 200_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const say = (line: string) => process.stdout.write(`# bench ${line}\n`);

/** An API and a worker (in-process) on a fresh database and queue prefix. */
function environment() {
  const env = {} as { t: TestApp; w: TestWorker };
  before(async () => {
    env.t = await createTestApp({ clock: new FixedClock(new Date()), env: { WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8', OUTBOX_RELAY_INTERVAL_MS: '50', WORKER_CONCURRENCY: '16' } });
    env.w = await createTestWorker({ environment: env.t });
  });
  after(async () => {
    await env.w.close();
    await env.t.close();
  });
  return env;
}

describe('benchmark: flag scans', () => {
  const env = environment();

  it(`scans ${ROWS} due rows among ${ROWS + BACKGROUND}`, { timeout: 600_000 }, async () => {
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
    say(`scan raising ${first.raised} flags (with their outbox events): ${first.durationMs.toFixed(0)} ms (${((first.raised / first.durationMs) * 1000).toFixed(0)} flags/s)`);
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

describe('benchmark: webhook deliveries', () => {
  const env = environment();

  it(`delivers ${EVENTS} webhooks to a receiver on loopback`, { timeout: 600_000 }, async () => {
    const { t } = env;
    const receiver = await TestReceiver.start();
    try {
      const admin = (await member(t, 'cardiff', 'admin')).auth;
      const res = await t.http.post('/api/v1/partnerships/cardiff/webhooks').set('authorization', admin).send({ url: receiver.url, events: ['flag.raised'] });
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
      say(`${EVENTS} events written in ${((produced - started) / 1000).toFixed(1)} s; all delivered (relay, fan-out, signed POST, recorded) ${seconds.toFixed(1)} s after the first: ${(EVENTS / seconds).toFixed(0)} deliveries/s`);
      const times = receiver.requests.map((r) => r.at - started).sort((a, b) => a - b);
      say(`first request after ${times[0]} ms, median ${times[Math.floor(times.length / 2)]} ms, last ${times[times.length - 1]} ms`);
      say(`receiver saw ${receiver.requests.length} requests for ${new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size} events`);
    } finally {
      await receiver.close();
    }
  });
});
