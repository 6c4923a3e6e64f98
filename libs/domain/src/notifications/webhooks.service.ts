import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, notFound, uuidv7, type AppConfig } from '@app/core';
import { readCreatedPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit';
import { FlagsService } from '../flags';
import { DOMAIN_EVENTS } from './domain-events';
import { NotificationErrors } from './notifications.errors';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import type { DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSecrets } from './webhook-secrets';
import { generateWebhookSecret } from './webhook-signing';
import type { WebhookSubscription } from './webhook-subscription.entity';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhookTargetPolicy } from './webhook-targets';

/** Every event type, or the wildcard. */
export const WEBHOOK_EVENT_FILTERS = ['*', ...DOMAIN_EVENTS] as const;

export interface SubscriptionInput {
  url: string;
  events: string[];
  description?: string | null;
}

export interface SubscriptionChange {
  url?: string;
  events?: string[];
  description?: string | null;
  /** true re-enables a disabled subscription; false disables it by hand. */
  active?: boolean;
}

export interface DeliveryQuery extends PageQueryDto {
  status?: DeliveryStatus;
}

/** 400 naming the url field: the target is not one webhooks may call. */
export function webhookTargetRefused(reason: string) {
  return NotificationErrors.webhookTargetRefused.error(`The webhook URL ${reason}.`, { errors: [{ path: 'url', message: `url ${reason}` }] });
}

function normaliseEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  return unique.includes('*') ? ['*'] : unique.sort();
}

/**
 * Webhook subscriptions of a partnership and their deliveries (the API
 * side). The worker's side is WebhookDeliveryService.
 */
@Injectable()
export class WebhooksService {
  readonly policy: WebhookTargetPolicy;

  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly flags: FlagsService,
    private readonly secrets: WebhookSecrets,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = new WebhookTargetPolicy({ allowPrivate: config.webhooks.allowPrivateTargets, allowedCidrs: config.webhooks.allowedCidrs });
  }

  private async checkTarget(url: string): Promise<string> {
    const check = await this.policy.check(url);
    if (!check.ok) throw webhookTargetRefused(check.reason);
    return new URL(url).toString();
  }

  /** Creates a subscription; returns it with its signing secret, which is never shown again. */
  async create(
    partnershipId: string,
    input: SubscriptionInput,
    createdByUserId: string | null,
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const url = await this.checkTarget(input.url);
    const secret = generateWebhookSecret();
    const subscription = await this.subscriptions.insert({
      id: uuidv7(),
      partnershipId,
      url,
      events: normaliseEvents(input.events),
      description: input.description?.trim() || null,
      secretCiphertext: this.secrets.seal(secret),
      disabledAt: null,
      disabledReason: null,
      createdByUserId,
      version: 1,
    });
    await this.audit.record({
      action: 'webhook.created',
      target: { type: 'webhook_subscription', id: subscription.id },
      details: { url: subscription.url, events: subscription.events },
    });
    return { subscription, secret };
  }

  async list(partnershipId: string, query: PageQueryDto): Promise<Page<WebhookSubscription>> {
    return readCreatedPage(
      query,
      (after, limit) => this.subscriptions.page(partnershipId, { after, limit }),
      (r) => r,
    );
  }

  async get(partnershipId: string, id: string): Promise<WebhookSubscription> {
    const found = await this.subscriptions.find(partnershipId, id);
    if (!found) throw notFound('webhook subscription');
    return found;
  }

  /**
   * Changes the URL, events or description, or re-enables (active: true) a
   * disabled subscription, which resolves its webhook_subscription_disabled
   * flag in the same transaction.
   */
  async update(partnershipId: string, id: string, change: SubscriptionChange, expectedVersion?: number): Promise<WebhookSubscription> {
    const current = await this.subscriptions.lockForChange(partnershipId, id, expectedVersion);
    const next: Partial<WebhookSubscription> = {};
    if (change.url !== undefined) next.url = await this.checkTarget(change.url);
    if (change.events !== undefined) next.events = normaliseEvents(change.events);
    if (change.description !== undefined) next.description = change.description?.trim() || null;
    if (change.active === true && current.disabledAt) Object.assign(next, { disabledAt: null, disabledReason: null });
    if (change.active === false && !current.disabledAt) Object.assign(next, { disabledAt: this.clock.now(), disabledReason: 'manual' });
    await this.subscriptions.update(current.id, next);
    if (change.active === true && current.disabledAt) {
      await this.flags.resolveFor({ type: 'webhook_subscription', id: current.id }, { kinds: ['webhook_subscription_disabled'] });
    }
    const updated = await this.get(partnershipId, current.id);
    await this.audit.record({
      action:
        change.active === true && current.disabledAt
          ? 'webhook.enabled'
          : change.active === false && !current.disabledAt
            ? 'webhook.disabled'
            : 'webhook.updated',
      target: { type: 'webhook_subscription', id: current.id },
      details: { url: updated.url, events: updated.events, changed: Object.keys(change) },
    });
    return updated;
  }

  /** Deletes a subscription and its deliveries; an open disabled-flag closes (its cause is gone). */
  async remove(partnershipId: string, id: string): Promise<void> {
    const current = await this.get(partnershipId, id);
    await this.flags.resolveFor({ type: 'webhook_subscription', id: current.id }, { kinds: ['webhook_subscription_disabled'] });
    await this.subscriptions.delete(partnershipId, current.id);
    await this.audit.record({ action: 'webhook.deleted', target: { type: 'webhook_subscription', id: current.id }, details: { url: current.url } });
  }

  async listDeliveries(partnershipId: string, subscriptionId: string, query: DeliveryQuery): Promise<Page<WebhookDelivery>> {
    await this.get(partnershipId, subscriptionId);
    return readCreatedPage(
      query,
      (after, limit) => this.deliveries.page(partnershipId, subscriptionId, { status: query.status, after, limit }),
      (r) => r,
    );
  }

  async getDelivery(partnershipId: string, subscriptionId: string, deliveryId: string): Promise<WebhookDelivery> {
    const found = await this.deliveries.find(partnershipId, subscriptionId, deliveryId);
    if (!found) throw notFound('delivery');
    return found;
  }

  /**
   * Sends a delivery again: one more attempt, soon (the worker's dispatcher
   * picks it up within seconds), with the same webhook-id. A failing manual
   * redelivery does not disable the subscription. 409 while the delivery is
   * still on its way, or when the subscription is disabled.
   */
  async redeliver(partnershipId: string, subscriptionId: string, deliveryId: string): Promise<WebhookDelivery> {
    const subscription = await this.get(partnershipId, subscriptionId);
    const delivery = await this.getDelivery(partnershipId, subscriptionId, deliveryId);
    if (subscription.disabledAt) throw NotificationErrors.webhookDisabled.error();
    if (delivery.status === 'pending' || delivery.status === 'in_flight') throw NotificationErrors.deliveryInProgress.error();
    const now = this.clock.now();
    // A delivery waiting for its next retry keeps its schedule, only sooner; a finished one gets one more attempt.
    const manual = delivery.status !== 'retrying';
    await this.deliveries.requestRedelivery(partnershipId, delivery.id, now, manual);
    await this.audit.record({
      action: 'webhook.redelivery_requested',
      target: { type: 'webhook_delivery', id: delivery.id },
      details: { subscriptionId, eventId: delivery.eventId },
    });
    return this.getDelivery(partnershipId, subscriptionId, deliveryId);
  }
}
