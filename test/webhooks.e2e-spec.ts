import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { FixedClock, HEALTH_DETAILS } from '@app/core';
import { createTestApp, createTestWorker, entryOf, firstOf, nth, type TestApp, type TestWorker } from '@app/testing';
import { member } from './support/identity';
import { expectProblem } from './support/problem-details';
import { TestReceiver, type ReceivedRequest } from './support/receiver';
import { waitUntil } from './support/wait';
import { emitFlagEvents } from './support/webhooks';
import { countRows } from './support/database';

/**
 * Webhooks end to end: the API (in-process), the worker (in-process: relay,
 * fan-out, deliveries) and real HTTP receivers on loopback. Loopback is
 * allowed explicitly (WEBHOOK_ALLOWED_CIDRS); retries are fast.
 */
describe('webhooks', () => {
  let t: TestApp;
  let w: TestWorker;
  const receivers: TestReceiver[] = [];
  const admins = new Map<string, string>();

  const admin = async (code: string) => {
    if (!admins.has(code)) admins.set(code, (await member(t, code, 'admin')).auth);
    return admins.get(code)!;
  };
  const receiver = async () => {
    const r = await TestReceiver.start();
    receivers.push(r);
    return r;
  };
  const subscribe = async (code: string, url: string, events: string[]) => {
    const res = await t.http
      .post(`/api/v1/partnerships/${code}/webhooks`)
      .set('authorization', await admin(code))
      .send({ url, events });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; secret: string; url: string; events: string[] };
  };
  const verified = (req: ReceivedRequest, secret: string) =>
    new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
  const deliveryRows = (subscriptionId: string) =>
    t.db.query<{ id: string; event_id: string; status: string; attempts: number; last_status_code: number | null }>(
      `SELECT id, event_id, status, attempts, last_status_code FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at, id`,
      [subscriptionId],
    );

  beforeAll(async () => {
    t = await createTestApp({
      // Signatures carry the clock's time; receivers check it against theirs.
      clock: new FixedClock(new Date()),
      env: {
        WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
        WEBHOOK_RETRY_SCHEDULE: '300ms,300ms,300ms',
        WEBHOOK_TIMEOUT_SECONDS: '2',
        OUTBOX_RELAY_INTERVAL_MS: '100',
        PUBLIC_URL: 'https://csp.example.org',
      },
    });
    w = await createTestWorker({ environment: t });
  });
  afterAll(async () => {
    await w.close();
    await t.close();
    for (const r of receivers) await r.close();
  });

  describe('subscriptions', () => {
    it('creates a subscription, shows the secret once, stores it sealed, audits it', async () => {
      const r = await receiver();
      const created = await subscribe('cardiff', r.url, ['flag.resolved', 'flag.raised', 'flag.raised']);
      assert.match(created.secret, /^whsec_/);
      assert.deepEqual(created.events, ['flag.raised', 'flag.resolved']);
      const got = await t.http
        .get(`/api/v1/partnerships/cardiff/webhooks/${created.id}`)
        .set('authorization', await admin('cardiff'))
        .expect(200);
      assert.equal(got.body.secret, undefined);
      assert.equal(got.body.active, true);
      assert.ok(got.headers.etag);
      const list = await t.http
        .get('/api/v1/partnerships/cardiff/webhooks')
        .set('authorization', await admin('cardiff'))
        .expect(200);
      assert.ok(list.body.items.some((s: { id: string; secret?: string }) => s.id === created.id && s.secret === undefined));
      const stored = firstOf(
        await t.db.query<{ secret_ciphertext: string }>('SELECT secret_ciphertext FROM webhook_subscriptions WHERE id = $1', [created.id]),
      );
      assert.ok(!stored.secret_ciphertext.includes(created.secret.slice(6)));
      const audit = await t.db.query<{ action: string }>('SELECT action FROM audit_events WHERE target_id = $1', [created.id]);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['webhook.created'],
      );
      const wildcard = await subscribe('cardiff', r.url, ['flag.raised', '*']);
      assert.deepEqual(wildcard.events, ['*']);
    });

    it('refuses bad input with 400', async () => {
      const auth = await admin('cardiff');
      const bad = expectProblem(
        await t.http
          .post('/api/v1/partnerships/cardiff/webhooks')
          .set('authorization', auth)
          .send({ url: 'http://127.0.0.1/x', events: ['problem.exploded'], extra: 1 }),
        400,
        'validation',
      );
      const paths = (bad.errors as { path: string }[]).map((e) => e.path);
      assert.ok(paths.includes('events.0') || paths.includes('events'));
      assert.ok(paths.includes('extra'));
      expectProblem(
        await t.http.post('/api/v1/partnerships/cardiff/webhooks').set('authorization', auth).send({ url: 'http://127.0.0.1/x', events: [] }),
        400,
        'validation',
      );
    });

    it('refuses targets in private, link-local, CGNAT and other non-public ranges with 400, storing nothing', async () => {
      const auth = await admin('cardiff');
      const before = await countRows(t, 'SELECT 1 FROM webhook_subscriptions');
      for (const url of [
        'http://10.0.0.8/hook',
        'http://192.168.1.20/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://100.64.1.1/hook',
        'http://[::1]:8080/hook',
        'http://[fd00::1]/hook',
        'http://0.0.0.0/hook',
        'ftp://127.0.0.1/hook',
        'https://user:secret@127.0.0.1/hook',
      ]) {
        const body = expectProblem(
          await t.http
            .post('/api/v1/partnerships/cardiff/webhooks')
            .set('authorization', auth)
            .send({ url, events: ['*'] }),
          400,
          'webhook-target-refused',
        );
        assert.equal(firstOf(body.errors as { path: string }[]).path, 'url', url);
      }
      const created = await subscribe('cardiff', 'http://127.0.0.1:9/hook', ['*']);
      expectProblem(
        await t.http.patch(`/api/v1/partnerships/cardiff/webhooks/${created.id}`).set('authorization', auth).send({ url: 'http://10.1.1.1/hook' }),
        400,
        'webhook-target-refused',
      );
      assert.equal(await countRows(t, 'SELECT 1 FROM webhook_subscriptions'), before + 1);
    });

    it('changes a subscription with If-Match, and deletes it', async () => {
      const auth = await admin('cardiff');
      const created = await subscribe('cardiff', 'http://127.0.0.1:9/hook', ['flag.raised']);
      expectProblem(
        await t.http
          .patch(`/api/v1/partnerships/cardiff/webhooks/${created.id}`)
          .set('authorization', auth)
          .set('if-match', `"${created.id}.7"`)
          .send({ events: ['*'] }),
        412,
      );
      const got = await t.http.get(`/api/v1/partnerships/cardiff/webhooks/${created.id}`).set('authorization', auth);
      const changed = await t.http
        .patch(`/api/v1/partnerships/cardiff/webhooks/${created.id}`)
        .set('authorization', auth)
        .set('if-match', got.headers.etag as string)
        .send({ events: ['problem.created'], active: false })
        .expect(200);
      assert.deepEqual(changed.body.events, ['problem.created']);
      assert.equal(changed.body.active, false);
      assert.equal(changed.body.disabledReason, 'manual');
      await t.http.delete(`/api/v1/partnerships/cardiff/webhooks/${created.id}`).set('authorization', auth).expect(204);
      expectProblem(await t.http.get(`/api/v1/partnerships/cardiff/webhooks/${created.id}`).set('authorization', auth), 404);
      expectProblem(await t.http.get(`/api/v1/partnerships/newport/webhooks`).set('authorization', auth), 404);
    });
  });

  describe('deliveries', () => {
    it('relays events to matching subscriptions only, signed per Standard Webhooks, thin, once each', async () => {
      const flagsReceiver = await receiver();
      const otherReceiver = await receiver();
      const subscription = await subscribe('newport', flagsReceiver.url, ['flag.raised']);
      const other = await subscribe('newport', otherReceiver.url, ['problem.created']);
      const { flagIds, eventIds } = await emitFlagEvents(t, 'newport', 3);
      await flagsReceiver.waitFor(() => flagsReceiver.requests.length >= 3);
      await waitUntil(
        async () => (await deliveryRows(subscription.id)).every((d) => d.status === 'succeeded') && (await deliveryRows(subscription.id)).length === 3,
        'deliveries recorded',
      );
      assert.deepEqual(flagsReceiver.requests.map((r) => r.headers['webhook-id']).sort(), [...eventIds].sort());
      for (const request of flagsReceiver.requests) {
        const payload = verified(request, subscription.secret);
        assert.equal(payload.type, 'flag.raised');
        assert.ok(flagIds.includes(payload.data.flagId as string));
        assert.equal(payload.data.kind, 'webhook_subscription_disabled');
        assert.equal(
          (payload.data.links as Record<string, string>).subject,
          `https://csp.example.org/api/v1/partnerships/${payload.data.partnershipId}/flags/${payload.data.flagId}`,
        );
        assert.equal(request.headers['content-type'], 'application/json');
        assert.throws(() => verified(request, other.secret), "another subscription's secret does not verify");
      }
      assert.equal(otherReceiver.requests.length, 0);
      const listed = await t.http
        .get(`/api/v1/partnerships/newport/webhooks/${subscription.id}/deliveries`)
        .set('authorization', await admin('newport'))
        .expect(200);
      assert.equal(listed.body.items.length, 3);
      for (const d of listed.body.items) {
        assert.equal(d.status, 'succeeded');
        assert.equal(d.attempts, 1);
        assert.equal(d.lastStatusCode, 204);
        assert.equal(d.eventType, 'flag.raised');
        assert.equal(d.nextAttemptAt, null);
      }
      assert.equal(await countRows(t, 'SELECT 1 FROM outbox_events WHERE id = ANY($1::uuid[]) AND relayed_at IS NOT NULL', [eventIds]), 3);
    });

    it('retries a receiver that fails three times, then succeeds: one success, the same webhook-id every time', async () => {
      const r = await receiver();
      r.answer = ({ index }) => ({ status: [500, 502, 503][index] ?? 200 });
      const subscription = await subscribe('torfaen', r.url, ['flag.raised']);
      const { eventIds } = await emitFlagEvents(t, 'torfaen', 1);
      await r.waitFor(() => r.requests.length >= 4);
      await waitUntil(async () => (await deliveryRows(subscription.id))[0]?.status === 'succeeded', 'the delivery to succeed');
      assert.deepEqual(
        r.requests.map((q) => q.status),
        [500, 502, 503, 200],
      );
      assert.deepEqual(new Set(r.requests.map((q) => q.headers['webhook-id'])), new Set(eventIds));
      for (const q of r.requests) verified(q, subscription.secret);
      for (let i = 1; i < r.requests.length; i++) assert.ok(nth(r.requests, i).at - nth(r.requests, i - 1).at >= 280, 'a retry waits for its delay');
      const row = firstOf(await deliveryRows(subscription.id));
      assert.equal(row.attempts, 4);
      assert.equal(row.last_status_code, 200);
      // Nothing more arrives.
      assert.equal(r.requests.length, 4);
    });

    it('honours Retry-After', async () => {
      const r = await receiver();
      r.answer = ({ index }) => (index === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 204 });
      const subscription = await subscribe('swansea', r.url, ['flag.raised']);
      await emitFlagEvents(t, 'swansea', 1);
      await r.waitFor(() => r.requests.length >= 2);
      assert.ok(nth(r.requests, 1).at - firstOf(r.requests).at >= 1900, `retried after ${nth(r.requests, 1).at - firstOf(r.requests).at} ms`);
      await waitUntil(async () => (await deliveryRows(subscription.id))[0]?.status === 'succeeded', 'the delivery to succeed');
    });

    it('disables a subscription whose receiver answers 410, and raises a flag, without retrying', async () => {
      const r = await receiver();
      r.answer = () => ({ status: 410 });
      const subscription = await subscribe('bridgend', r.url, ['flag.raised']);
      await emitFlagEvents(t, 'bridgend', 1);
      const flag = await waitUntil(
        async () =>
          (
            await t.db.query<{ id: string; data: Record<string, unknown> }>(
              `SELECT id, data FROM flags WHERE subject_id = $1 AND kind = 'webhook_subscription_disabled'`,
              [subscription.id],
            )
          )[0],
        'the disabled-subscription flag',
      );
      assert.equal(flag.data.reason, 'gone');
      const got = await t.http
        .get(`/api/v1/partnerships/bridgend/webhooks/${subscription.id}`)
        .set('authorization', await admin('bridgend'))
        .expect(200);
      assert.equal(got.body.active, false);
      assert.equal(got.body.disabledReason, 'gone');
      assert.equal(await countRows(t, `SELECT 1 FROM outbox_events WHERE type = 'flag.raised' AND subject_id = $1`, [flag.id]), 1);
      const row = firstOf(await deliveryRows(subscription.id));
      assert.equal(row.status, 'failed');
      assert.equal(row.attempts, 1);
      // The flag's own flag.raised event is not delivered to the disabled subscription.
      await emitFlagEvents(t, 'bridgend', 1);
      await waitUntil(
        async () =>
          (await countRows(
            t,
            `SELECT 1 FROM outbox_events o JOIN partnerships p ON p.id = o.partnership_id WHERE p.code = 'bridgend' AND relayed_at IS NULL`,
          )) === 0,
        'relay',
      );
      assert.equal(r.requests.length, 1);
      const audit = await t.db.query<{ action: string; actor_type: string }>(`SELECT action, actor_type FROM audit_events WHERE target_id = $1 ORDER BY seq`, [
        subscription.id,
      ]);
      assert.deepEqual(
        audit.map((a) => `${a.action}/${a.actor_type}`),
        ['webhook.created/user', 'webhook.disabled/system'],
      );
      // Re-enabling closes the flag in the same transaction.
      await t.http
        .patch(`/api/v1/partnerships/bridgend/webhooks/${subscription.id}`)
        .set('authorization', await admin('bridgend'))
        .send({ active: true })
        .expect(200);
      const after = firstOf(await t.db.query<{ resolution: string }>('SELECT resolution FROM flags WHERE id = $1', [flag.id]));
      assert.equal(after.resolution, 'cause_fixed');
    });

    it('disables the subscription and raises a flag after the last retry', async () => {
      const r = await receiver();
      r.answer = () => ({ status: 500 });
      const subscription = await subscribe('caerphilly', r.url, ['flag.raised']);
      await emitFlagEvents(t, 'caerphilly', 1);
      await waitUntil(async () => (await t.db.query(`SELECT 1 FROM flags WHERE subject_id = $1`, [subscription.id])).length === 1, 'the flag');
      assert.equal(r.requests.length, 4, '1 attempt + 3 retries');
      const row = firstOf(await deliveryRows(subscription.id));
      assert.equal(row.status, 'failed');
      assert.equal(row.attempts, 4);
      const sub = firstOf(await t.db.query<{ disabled_reason: string }>('SELECT disabled_reason FROM webhook_subscriptions WHERE id = $1', [subscription.id]));
      assert.equal(sub.disabled_reason, 'retries_exhausted');
    });

    it('redelivers on request with the same webhook-id; 409 while disabled or in progress', async () => {
      const r = await receiver();
      const subscription = await subscribe('powys', r.url, ['flag.raised']);
      const { eventIds } = await emitFlagEvents(t, 'powys', 1);
      await r.waitFor(() => r.requests.length >= 1);
      const delivery = await waitUntil(async () => {
        const rows = await deliveryRows(subscription.id);
        return rows[0]?.status === 'succeeded' ? rows[0] : undefined;
      }, 'the first delivery');
      const auth = await admin('powys');
      const res = await t.http
        .post(`/api/v1/partnerships/powys/webhooks/${subscription.id}/deliveries/${delivery.id}/redeliver`)
        .set('authorization', auth)
        .expect(202);
      assert.equal(res.body.status, 'pending');
      expectProblem(
        await t.http.post(`/api/v1/partnerships/powys/webhooks/${subscription.id}/deliveries/${delivery.id}/redeliver`).set('authorization', auth),
        409,
        'delivery-in-progress',
      );
      await r.waitFor(() => r.requests.length >= 2, 20_000, 'the redelivery');
      assert.deepEqual(
        r.requests.map((q) => q.headers['webhook-id']),
        [eventIds[0], eventIds[0]],
      );
      verified(nth(r.requests, 1), subscription.secret);
      await waitUntil(
        async () => firstOf(await deliveryRows(subscription.id)).attempts === 2 && firstOf(await deliveryRows(subscription.id)).status === 'succeeded',
        'the redelivery recorded',
      );
      await t.http.patch(`/api/v1/partnerships/powys/webhooks/${subscription.id}`).set('authorization', auth).send({ active: false }).expect(200);
      expectProblem(
        await t.http.post(`/api/v1/partnerships/powys/webhooks/${subscription.id}/deliveries/${delivery.id}/redeliver`).set('authorization', auth),
        409,
        'webhook-disabled',
      );
      expectProblem(
        await t.http
          .post(`/api/v1/partnerships/powys/webhooks/${subscription.id}/deliveries/01900000-0000-7000-8000-000000000000/redeliver`)
          .set('authorization', auth),
        404,
      );
      const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE target_id = $1`, [delivery.id]);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['webhook.redelivery_requested'],
      );
    });

    it("shows queue depth, failures, the outbox backlog and scans in the worker's readiness details", async () => {
      const health = w.app.get(HEALTH_DETAILS) as { details(): Promise<Record<string, unknown>> };
      const details = (await health.details()) as { queues: Record<string, Record<string, number>>; outbox: { pending: number } };
      for (const queue of ['maintenance', 'flags', 'events', 'webhooks']) {
        assert.equal(typeof entryOf(details.queues, queue).wait, 'number', queue);
        assert.equal(typeof entryOf(details.queues, queue).failed, 'number', queue);
      }
      assert.ok(entryOf(entryOf(details.queues, 'events'), 'completed') >= 1);
      assert.equal(typeof details.outbox.pending, 'number');
    });
  });
});
