import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, Clock, TransactionHost, toLondonDate, type AppConfig } from '@app/core';
import { AuditService } from '../audit';
import { FlagsService } from '../flags';
import { WebhookDeliveriesRepository, type ClaimedDelivery, type DueDelivery } from './webhook-deliveries.repository';
import { webhookPayload } from './webhook-links';
import { parseRetryAfter, retryDelayMs } from './webhook-retry';
import { WebhookSecrets } from './webhook-secrets';
import { postWebhook, type WebhookResponse } from './webhook-sender';
import { signWebhook } from './webhook-signing';
import type { WebhookDisabledReason } from './webhook-subscription.entity';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhookTargetPolicy } from './webhook-targets';

export type { DueDelivery } from './webhook-deliveries.repository';

export type AttemptOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'succeeded'; status: number }
  | { outcome: 'retry'; status: number | null; error: string | null; nextAttempt: number; delayMs: number }
  | { outcome: 'failed'; status: number | null; error: string | null; subscriptionDisabled: WebhookDisabledReason | null };

/** An attempt stuck "in flight" this long (its worker died) may be taken over. */
const stalledAfterMs = (timeoutMs: number) => 2 * timeoutMs + 30_000;

/**
 * The worker's side of webhooks: fanning a relayed event out into one
 * delivery per matching subscription (unique per event and subscription),
 * and making one attempt of one delivery at a time. Each attempt is claimed
 * in the database first, so a job run twice makes the attempt once.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger('WebhookDelivery');
  readonly policy: WebhookTargetPolicy;

  constructor(
    private readonly tx: TransactionHost,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly flags: FlagsService,
    private readonly secrets: WebhookSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.policy = new WebhookTargetPolicy({ allowPrivate: config.webhooks.allowPrivateTargets, allowedCidrs: config.webhooks.allowedCidrs });
  }

  /**
   * Creates the deliveries of one event (in its partnership's transaction),
   * one per active subscription whose filter matches; returns every
   * delivery of the event still waiting for its first attempt, so a fan-out
   * that crashed before enqueueing is completed by the next run.
   */
  async fanOut(partnershipId: string, eventId: string): Promise<DueDelivery[]> {
    return this.tx.run(partnershipId, async () => {
      await this.deliveries.fanOut(partnershipId, eventId, this.config.webhooks.retryScheduleMs.length + 1, this.clock.now());
      return this.deliveries.awaitingFirstAttempt(partnershipId, eventId);
    });
  }

  /** Makes attempt number `attempt` of a delivery, if it is still due; records the outcome. */
  async attempt(partnershipId: string, deliveryId: string, attempt: number): Promise<AttemptOutcome> {
    const claimed = await this.tx.run(partnershipId, () => this.claim(partnershipId, deliveryId, attempt));
    if (!claimed) return { outcome: 'skipped', reason: 'not due (already attempted, finished or gone)' };
    if (claimed.disabledAt) {
      return this.tx.run(partnershipId, () => this.finish(claimed, { status: null, headers: {}, error: 'subscription disabled' }, null));
    }
    const response = await this.send(claimed);
    return this.tx.run(partnershipId, () => this.record(claimed, response));
  }

  private claim(partnershipId: string, deliveryId: string, attempt: number): Promise<ClaimedDelivery | null> {
    const now = this.clock.now();
    return this.deliveries.claim(partnershipId, deliveryId, attempt, now, new Date(now.getTime() - stalledAfterMs(this.config.webhooks.timeoutMs)));
  }

  /** Checks the target again (its name may now point inside), signs and POSTs. */
  private async send(delivery: ClaimedDelivery): Promise<WebhookResponse> {
    const check = await this.policy.check(delivery.url);
    if (!check.ok) return { status: null, headers: {}, error: `target refused: ${check.reason}` };
    const [address] = check.addresses;
    if (!address) return { status: null, headers: {}, error: 'target refused: resolves to no address' };
    const body = webhookPayload(delivery.event, this.config.api.publicUrl);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const secret = this.secrets.open(delivery.secretCiphertext);
    return postWebhook({
      url: delivery.url,
      address,
      body,
      timeoutMs: this.config.webhooks.timeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'csp-tasking-webhooks/1',
        'webhook-id': delivery.event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, delivery.event.id, timestamp, body),
      },
    });
  }

  private async record(delivery: ClaimedDelivery, response: WebhookResponse): Promise<AttemptOutcome> {
    const attempt = delivery.attempts + 1;
    if (response.status !== null && response.status >= 200 && response.status < 300) {
      await this.deliveries.markSucceeded(delivery.id, attempt, { at: this.clock.now(), statusCode: response.status, error: null });
      return { outcome: 'succeeded', status: response.status };
    }
    if (response.status === 410) return this.finish(delivery, response, 'gone');
    if (attempt < delivery.attemptLimit) {
      const now = this.clock.now();
      const delayMs = retryDelayMs(
        this.config.webhooks.retryScheduleMs,
        attempt,
        response.status === null ? null : parseRetryAfter(response.headers['retry-after'], now),
      );
      const outcome = { at: now, statusCode: response.status, error: response.error ?? `HTTP ${response.status}` };
      await this.deliveries.markRetrying(delivery.id, attempt, outcome, new Date(now.getTime() + delayMs));
      return { outcome: 'retry', status: response.status, error: response.error, nextAttempt: attempt + 1, delayMs };
    }
    return this.finish(delivery, response, delivery.manual ? null : 'retries_exhausted');
  }

  /** Ends a delivery as failed; `disable` also disables its subscription and flags that. */
  private async finish(delivery: ClaimedDelivery, response: WebhookResponse, disable: WebhookDisabledReason | null): Promise<AttemptOutcome> {
    const now = this.clock.now();
    const attempted = response.error !== 'subscription disabled';
    await this.deliveries.markFailed(delivery.id, attempted, {
      at: now,
      statusCode: response.status,
      error: response.error ?? (response.status === null ? null : `HTTP ${response.status}`),
    });
    let disabled: WebhookDisabledReason | null = null;
    if (disable) disabled = (await this.disableSubscription(delivery, disable)) ? disable : null;
    return { outcome: 'failed', status: response.status, error: response.error, subscriptionDisabled: disabled };
  }

  /** Disables the subscription (once) and raises its flag, in the same transaction. */
  private async disableSubscription(delivery: ClaimedDelivery, reason: WebhookDisabledReason): Promise<boolean> {
    const now = this.clock.now();
    if (!(await this.subscriptions.disable(delivery.subscriptionId, reason, now))) return false;
    await this.flags.raise([
      {
        kind: 'webhook_subscription_disabled',
        subject: { type: 'webhook_subscription', id: delivery.subscriptionId },
        dueDate: toLondonDate(now),
        data: { subscriptionId: delivery.subscriptionId, reason, lastDeliveryId: delivery.id },
      },
    ]);
    await this.audit.record({
      action: 'webhook.disabled',
      target: { type: 'webhook_subscription', id: delivery.subscriptionId },
      details: { reason, deliveryId: delivery.id, eventId: delivery.event.id },
      actor: { type: 'system', id: null },
    });
    this.logger.warn(`webhook subscription ${delivery.subscriptionId} disabled (${reason}) after delivery ${delivery.id}`);
    return true;
  }
}
