import { describe, expect, it, jest } from '@jest/globals';
import type { AppConfig } from '@app/core';
import { passThroughTransactions, recordingAudit, construct } from '@app/testing/service-testing';
import { firstOf } from '@app/testing/narrow';
import type { ClaimedDelivery } from './webhook-deliveries.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import type { WebhookSecrets } from './webhook-secrets';
import { PARTNERSHIP, DELIVERY, SUBSCRIPTION, fixture } from '@app/testing/fixtures';

const NOW = new Date('2026-03-02T10:00:00Z');

const claimed = fixture<ClaimedDelivery>({
  id: DELIVERY,
  partnershipId: PARTNERSHIP,
  subscriptionId: SUBSCRIPTION,
  attempts: 0,
  attemptLimit: 3,
  manual: false,
  url: 'https://partner.example/hook',
  secretCiphertext: 'sealed',
  disabledAt: null,
  event: { id: 'e1', partnershipId: PARTNERSHIP, type: 'problem.created', subjectType: 'problem', subjectId: 'p1', data: {}, occurredAt: NOW },
});

/**
 * The worker's side with its repositories mocked. The target policy refuses
 * every URL, so an attempt never leaves the process: it fails as an attempt
 * whose target was refused, which the retry schedule treats like a network error.
 */
function setUp(delivery: ClaimedDelivery | null, options: { alreadyDisabled?: boolean } = {}) {
  const deliveries = {
    fanOut: jest.fn(async (_partnershipId: string, _eventId: string, _attemptLimit: number, _at: Date) => undefined),
    awaitingFirstAttempt: jest.fn(async () => [{ id: DELIVERY, partnershipId: PARTNERSHIP, attempt: 1 }]),
    claim: jest.fn(async () => delivery),
    markSucceeded: jest.fn(async () => undefined),
    markRetrying: jest.fn(async (_id: string, _attempts: number, _outcome: unknown, _next: Date) => undefined),
    markFailed: jest.fn(async (_id: string, _attempted: boolean, _outcome: unknown) => undefined),
  };
  const subscriptions = { disable: jest.fn(async () => !options.alreadyDisabled) };
  const flags = { raise: jest.fn(async (_flags: unknown) => undefined) };
  const audit = recordingAudit();
  const config = {
    webhooks: { allowPrivateTargets: false, allowedCidrs: [], timeoutMs: 5000, retryScheduleMs: [60_000, 300_000] },
    api: { publicUrl: 'https://csp.example' },
  } as unknown as AppConfig;
  const service = construct(
    WebhookDeliveryService,
    passThroughTransactions(PARTNERSHIP),
    deliveries,
    subscriptions,
    { now: () => NOW },
    audit,
    flags,
    {} as WebhookSecrets,
    config,
  );
  Object.assign(service, { policy: { check: jest.fn(async () => ({ ok: false, reason: 'resolves to a non-public address (10.0.0.1)' })) } });
  return { service, deliveries, subscriptions, flags, audit };
}

describe('WebhookDeliveryService (repositories mocked)', () => {
  it('fans an event out with one attempt per retry step and the first, and returns what waits for its first attempt', async () => {
    const { service, deliveries } = setUp(null);
    expect(await service.fanOut(PARTNERSHIP, 'e1')).toEqual([{ id: DELIVERY, partnershipId: PARTNERSHIP, attempt: 1 }]);
    expect(deliveries.fanOut).toHaveBeenCalledWith(PARTNERSHIP, 'e1', 3, NOW);
  });

  it('skips an attempt that is no longer due', async () => {
    const { service, deliveries } = setUp(null);
    expect(await service.attempt(PARTNERSHIP, DELIVERY, 1)).toEqual({ outcome: 'skipped', reason: 'not due (already attempted, finished or gone)' });
    expect(deliveries.markFailed).not.toHaveBeenCalled();
  });

  it('schedules a retry after a failed attempt, recording why', async () => {
    const { service, deliveries } = setUp(claimed());
    const outcome = await service.attempt(PARTNERSHIP, DELIVERY, 1);
    expect(outcome).toMatchObject({ outcome: 'retry', nextAttempt: 2, status: null });
    const [, attempts, recorded, next] = firstOf(deliveries.markRetrying.mock.calls);
    expect(attempts).toBe(1);
    expect(recorded).toEqual({ at: NOW, statusCode: null, error: 'target refused: resolves to a non-public address (10.0.0.1)' });
    expect(next.getTime()).toBeGreaterThan(NOW.getTime());
  });

  it('fails the last attempt and disables the subscription, flagging and auditing it', async () => {
    const { service, deliveries, flags, audit } = setUp(claimed({ attempts: 2 }));
    const outcome = await service.attempt(PARTNERSHIP, DELIVERY, 3);
    expect(outcome).toEqual({
      outcome: 'failed',
      status: null,
      error: 'target refused: resolves to a non-public address (10.0.0.1)',
      subscriptionDisabled: 'retries_exhausted',
    });
    expect(deliveries.markFailed).toHaveBeenCalledWith(DELIVERY, true, {
      at: NOW,
      statusCode: null,
      error: 'target refused: resolves to a non-public address (10.0.0.1)',
    });
    expect(flags.raise).toHaveBeenCalledWith([
      expect.objectContaining({ kind: 'webhook_subscription_disabled', subject: { type: 'webhook_subscription', id: SUBSCRIPTION } }),
    ]);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'webhook.disabled' }));
  });

  it('a failing manual redelivery never disables the subscription', async () => {
    const { service, subscriptions, flags } = setUp(claimed({ attempts: 3, attemptLimit: 4, manual: true }));
    expect(await service.attempt(PARTNERSHIP, DELIVERY, 4)).toMatchObject({ outcome: 'failed', subscriptionDisabled: null });
    expect(subscriptions.disable).not.toHaveBeenCalled();
    expect(flags.raise).not.toHaveBeenCalled();
  });

  it('raises no second flag when the subscription was disabled meanwhile', async () => {
    const { service, flags } = setUp(claimed({ attempts: 2 }), { alreadyDisabled: true });
    expect(await service.attempt(PARTNERSHIP, DELIVERY, 3)).toMatchObject({ outcome: 'failed', subscriptionDisabled: null });
    expect(flags.raise).not.toHaveBeenCalled();
  });

  it('ends a delivery to a disabled subscription without counting an attempt', async () => {
    const { service, deliveries } = setUp(claimed({ disabledAt: NOW }));
    expect(await service.attempt(PARTNERSHIP, DELIVERY, 1)).toMatchObject({ outcome: 'failed', error: 'subscription disabled', subscriptionDisabled: null });
    expect(deliveries.markFailed).toHaveBeenCalledWith(DELIVERY, false, { at: NOW, statusCode: null, error: 'subscription disabled' });
  });
});
