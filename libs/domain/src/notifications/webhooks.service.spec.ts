import { describe, expect, it, jest } from '@jest/globals';
import type { AppConfig } from '@app/core';
import { recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import { NotificationErrors } from './notifications.errors';
import type { DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookSubscription } from './webhook-subscription.entity';
import type { TargetCheck } from './webhook-targets';
import { WebhooksService } from './webhooks.service';
import { PARTNERSHIP, SUBSCRIPTION, DELIVERY, fixture } from '@app/testing/fixtures';

const NOW = new Date('2026-03-02T10:00:00Z');

const subscription = fixture<WebhookSubscription>({
  id: SUBSCRIPTION,
  partnershipId: PARTNERSHIP,
  url: 'https://partner.example/hook',
  events: ['*'],
  disabledAt: null,
  disabledReason: null,
  version: 2,
});

function delivery(status: DeliveryStatus): WebhookDelivery {
  return { id: DELIVERY, partnershipId: PARTNERSHIP, subscriptionId: SUBSCRIPTION, eventId: 'e1', status } as WebhookDelivery;
}

/** The service with its repositories and collaborators mocked; the target policy answers `target`. */
function setUp(options: { target?: TargetCheck; current?: WebhookSubscription; delivery?: WebhookDelivery } = {}) {
  const subscriptions = {
    insert: jest.fn(async (row: Partial<WebhookSubscription>) => ({ ...row, createdAt: NOW }) as WebhookSubscription),
    find: jest.fn(async () => options.current ?? subscription()),
    lockForChange: jest.fn(async (_partnershipId: string, _id: string, _expectedVersion?: number) => options.current ?? subscription()),
    update: jest.fn(async (_id: string, _set: unknown) => undefined),
    delete: jest.fn(async () => undefined),
  };
  const deliveries = {
    find: jest.fn(async () => options.delivery ?? delivery('succeeded')),
    requestRedelivery: jest.fn(async (_partnershipId: string, _id: string, _at: Date, _manual: boolean) => undefined),
  };
  const audit = recordingAudit();
  const flags = { resolveFor: jest.fn(async (_subject: unknown, _options: unknown) => undefined) };
  const secrets = { seal: jest.fn((secret: string) => `sealed:${secret}`) };
  const config = { webhooks: { allowPrivateTargets: false, allowedCidrs: [] } } as unknown as AppConfig;
  const service = construct(WebhooksService, subscriptions, deliveries, { now: () => NOW }, audit, flags, secrets, config);
  Object.assign(service, { policy: { check: jest.fn(async () => options.target ?? { ok: true, addresses: [] }) } });
  return { service, subscriptions, deliveries, audit, flags };
}

describe('WebhooksService (repositories mocked)', () => {
  it('stores a subscription with its events sorted once each and its secret sealed', async () => {
    const { service, subscriptions } = setUp();
    const { secret } = await service.create(
      PARTNERSHIP,
      { url: 'https://partner.example/hook', events: ['problem.created', 'action.created', 'problem.created'] },
      null,
    );
    expect(subscriptions.insert).toHaveBeenCalledWith(
      expect.objectContaining({ partnershipId: PARTNERSHIP, events: ['action.created', 'problem.created'], secretCiphertext: `sealed:${secret}`, version: 1 }),
    );
  });

  it('refuses a target the policy refuses, naming the url field, and stores nothing', async () => {
    const { service, subscriptions } = setUp({ target: { ok: false, reason: 'must not carry credentials' } });
    const err = await refusalOf(service.create(PARTNERSHIP, { url: 'https://u:p@partner.example/', events: ['*'] }, null));
    expect(err.refusal).toBe(NotificationErrors.webhookTargetRefused);
    expect(err.kind).toBe('invalid');
    expect(err.detail).toBe('The webhook URL must not carry credentials.');
    expect(err.extensions).toEqual({ errors: [{ path: 'url', message: 'url must not carry credentials' }] });
    expect(subscriptions.insert).not.toHaveBeenCalled();
  });

  it('re-enables a disabled subscription: clears the reason and closes its flag', async () => {
    const { service, subscriptions, flags, audit } = setUp({ current: subscription({ disabledAt: NOW, disabledReason: 'gone' }) });
    await service.update(PARTNERSHIP, SUBSCRIPTION, { active: true }, 2);
    expect(subscriptions.lockForChange).toHaveBeenCalledWith(PARTNERSHIP, SUBSCRIPTION, 2);
    expect(subscriptions.update).toHaveBeenCalledWith(SUBSCRIPTION, { disabledAt: null, disabledReason: null });
    expect(flags.resolveFor).toHaveBeenCalledWith({ type: 'webhook_subscription', id: SUBSCRIPTION }, { kinds: ['webhook_subscription_disabled'] });
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'webhook.enabled' }));
  });

  it('disables a subscription by hand, leaving its flags alone', async () => {
    const { service, subscriptions, flags } = setUp();
    await service.update(PARTNERSHIP, SUBSCRIPTION, { active: false });
    expect(subscriptions.update).toHaveBeenCalledWith(SUBSCRIPTION, { disabledAt: NOW, disabledReason: 'manual' });
    expect(flags.resolveFor).not.toHaveBeenCalled();
  });

  it('refuses to redeliver to a disabled subscription, or a delivery already on its way', async () => {
    const disabled = setUp({ current: subscription({ disabledAt: NOW, disabledReason: 'manual' }) });
    expect((await refusalOf(disabled.service.redeliver(PARTNERSHIP, SUBSCRIPTION, DELIVERY))).refusal).toBe(NotificationErrors.webhookDisabled);
    for (const status of ['pending', 'in_flight'] as const) {
      const busy = setUp({ delivery: delivery(status) });
      expect((await refusalOf(busy.service.redeliver(PARTNERSHIP, SUBSCRIPTION, DELIVERY))).refusal).toBe(NotificationErrors.deliveryInProgress);
      expect(busy.deliveries.requestRedelivery).not.toHaveBeenCalled();
    }
  });

  it('gives a finished delivery one more attempt, and brings a retrying one forward', async () => {
    const finished = setUp({ delivery: delivery('failed') });
    await finished.service.redeliver(PARTNERSHIP, SUBSCRIPTION, DELIVERY);
    expect(finished.deliveries.requestRedelivery).toHaveBeenCalledWith(PARTNERSHIP, DELIVERY, NOW, true);
    const retrying = setUp({ delivery: delivery('retrying') });
    await retrying.service.redeliver(PARTNERSHIP, SUBSCRIPTION, DELIVERY);
    expect(retrying.deliveries.requestRedelivery).toHaveBeenCalledWith(PARTNERSHIP, DELIVERY, NOW, false);
  });
});
