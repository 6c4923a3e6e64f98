import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, Clock, TransactionHost, toLondonDate, type AppConfig } from '@app/core';
import { AuditService } from '../audit/audit.service';
import { FlagsService } from '../flags/flags.service';
import { SQL_UUIDV7 } from '../shared/sql';
import { webhookPayload, type WebhookEventRow } from './webhook-links';
import { parseRetryAfter, retryDelayMs } from './webhook-retry';
import { WebhookSecrets } from './webhook-secrets';
import { postWebhook, type WebhookResponse } from './webhook-sender';
import { signWebhook } from './webhook-signing';
import type { WebhookDisabledReason } from './webhook-subscription.entity';
import { WebhookTargetPolicy } from './webhook-targets';

/** A delivery due for an attempt, with what the worker must enqueue. */
export interface DueDelivery {
  id: string;
  partnershipId: string;
  /** The attempt to make next (attempts so far + 1). */
  attempt: number;
}

export type AttemptOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'succeeded'; status: number }
  | { outcome: 'retry'; status: number | null; error: string | null; nextAttempt: number; delayMs: number }
  | { outcome: 'failed'; status: number | null; error: string | null; subscriptionDisabled: WebhookDisabledReason | null };

interface ClaimedDelivery {
  id: string;
  partnershipId: string;
  subscriptionId: string;
  attempts: number;
  attemptLimit: number;
  manual: boolean;
  url: string;
  secretCiphertext: string;
  disabledAt: Date | null;
  event: WebhookEventRow;
}

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
      const now = this.clock.now();
      await this.tx.manager.query(
        `INSERT INTO webhook_deliveries (id, partnership_id, event_id, subscription_id, event_type, status, attempts, attempt_limit, next_attempt_at, created_at, updated_at)
         SELECT ${SQL_UUIDV7}, s.partnership_id, e.id, s.id, e.type, 'pending', 0, $3::int, $4, $4, $4
           FROM outbox_events e
           JOIN webhook_subscriptions s ON s.partnership_id = e.partnership_id AND s.disabled_at IS NULL
          WHERE e.id = $1 AND e.partnership_id = $2 AND (s.events @> ARRAY['*'] OR s.events @> ARRAY[e.type])
          ORDER BY s.id
         ON CONFLICT (event_id, subscription_id) DO NOTHING`,
        [eventId, partnershipId, this.config.webhooks.retryScheduleMs.length + 1, now],
      );
      return this.tx.manager.query<DueDelivery[]>(
        `SELECT id, partnership_id AS "partnershipId", attempts + 1 AS attempt FROM webhook_deliveries
          WHERE event_id = $1 AND partnership_id = $2 AND status = 'pending' AND attempts = 0 ORDER BY id`,
        [eventId, partnershipId],
      );
    });
  }

  /** Makes attempt number `attempt` of a delivery, if it is still due; records the outcome. */
  async attempt(partnershipId: string, deliveryId: string, attempt: number): Promise<AttemptOutcome> {
    const claimed = await this.tx.run(partnershipId, () => this.claim(partnershipId, deliveryId, attempt));
    if (!claimed) return { outcome: 'skipped', reason: 'not due (already attempted, finished or gone)' };
    if (claimed.disabledAt) {
      return this.tx.run(partnershipId, () => this.finish(claimed, { status: null, headers: {}, error: 'subscription disabled' }, 'failed', null));
    }
    const response = await this.send(claimed);
    return this.tx.run(partnershipId, () => this.record(claimed, response));
  }

  private async claim(partnershipId: string, deliveryId: string, attempt: number): Promise<ClaimedDelivery | null> {
    const now = this.clock.now();
    const stalledBefore = new Date(now.getTime() - stalledAfterMs(this.config.webhooks.timeoutMs));
    const rows = await this.tx.manager.query<Omit<ClaimedDelivery, 'event' | 'url' | 'secretCiphertext' | 'disabledAt'>[]>(
      `WITH claimed AS (
         UPDATE webhook_deliveries SET status = 'in_flight', attempt_started_at = $4, updated_at = $4, redelivery_requested_at = NULL
          WHERE id = $1 AND partnership_id = $2 AND attempts = $3 - 1
            AND (status IN ('pending', 'retrying') OR (status = 'in_flight' AND attempt_started_at < $5))
         RETURNING *)
       SELECT id, partnership_id AS "partnershipId", subscription_id AS "subscriptionId", attempts, attempt_limit AS "attemptLimit", manual FROM claimed`,
      [deliveryId, partnershipId, attempt, now, stalledBefore],
    );
    if (!rows.length) return null;
    const [rest] = await this.tx.manager.query<
      { url: string; secretCiphertext: string; disabledAt: Date | null; id: string; type: string; subjectType: string; subjectId: string; data: Record<string, unknown>; occurredAt: Date }[]
    >(
      `SELECT s.url, s.secret_ciphertext AS "secretCiphertext", s.disabled_at AS "disabledAt",
              e.id, e.type, e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.data, e.occurred_at AS "occurredAt"
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id
         JOIN outbox_events e ON e.id = d.event_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return {
      ...rows[0],
      url: rest.url,
      secretCiphertext: rest.secretCiphertext,
      disabledAt: rest.disabledAt,
      event: { id: rest.id, partnershipId, type: rest.type, subjectType: rest.subjectType, subjectId: rest.subjectId, data: rest.data, occurredAt: rest.occurredAt },
    };
  }

  /** Checks the target again (its name may now point inside), signs and POSTs. */
  private async send(delivery: ClaimedDelivery): Promise<WebhookResponse> {
    const check = await this.policy.check(delivery.url);
    if (!check.ok) return { status: null, headers: {}, error: `target refused: ${check.reason}` };
    const body = webhookPayload(delivery.event, this.config.api.publicUrl);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const secret = this.secrets.open(delivery.secretCiphertext);
    return postWebhook({
      url: delivery.url,
      address: check.addresses[0],
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
      await this.tx.manager.query(
        `UPDATE webhook_deliveries SET status = 'succeeded', attempts = $2, last_attempt_at = $3, last_status_code = $4, last_error = NULL,
                delivered_at = $3, next_attempt_at = NULL, attempt_started_at = NULL, updated_at = $3 WHERE id = $1`,
        [delivery.id, attempt, this.clock.now(), response.status],
      );
      return { outcome: 'succeeded', status: response.status };
    }
    if (response.status === 410) return this.finish(delivery, response, 'failed', 'gone');
    if (attempt < delivery.attemptLimit) {
      const now = this.clock.now();
      const delayMs = retryDelayMs(this.config.webhooks.retryScheduleMs, attempt, response.status === null ? null : parseRetryAfter(response.headers['retry-after'], now));
      await this.tx.manager.query(
        `UPDATE webhook_deliveries SET status = 'retrying', attempts = $2, last_attempt_at = $3, last_status_code = $4, last_error = $5,
                next_attempt_at = $6, attempt_started_at = NULL, updated_at = $3 WHERE id = $1`,
        [delivery.id, attempt, now, response.status, response.error ?? `HTTP ${response.status}`, new Date(now.getTime() + delayMs)],
      );
      return { outcome: 'retry', status: response.status, error: response.error, nextAttempt: attempt + 1, delayMs };
    }
    return this.finish(delivery, response, 'failed', delivery.manual ? null : 'retries_exhausted');
  }

  /** Ends a delivery as failed; `disable` also disables its subscription and flags that. */
  private async finish(delivery: ClaimedDelivery, response: WebhookResponse, status: 'failed', disable: WebhookDisabledReason | null): Promise<AttemptOutcome> {
    const now = this.clock.now();
    const attempted = response.error !== 'subscription disabled';
    await this.tx.manager.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = attempts + $3, last_attempt_at = CASE WHEN $3 = 1 THEN $4 ELSE last_attempt_at END,
              last_status_code = CASE WHEN $3 = 1 THEN $5 ELSE last_status_code END, last_error = $6,
              next_attempt_at = NULL, attempt_started_at = NULL, updated_at = $4 WHERE id = $1`,
      [delivery.id, status, attempted ? 1 : 0, now, response.status, response.error ?? (response.status === null ? null : `HTTP ${response.status}`)],
    );
    let disabled: WebhookDisabledReason | null = null;
    if (disable) disabled = (await this.disableSubscription(delivery, disable)) ? disable : null;
    return { outcome: 'failed', status: response.status, error: response.error, subscriptionDisabled: disabled };
  }

  /** Disables the subscription (once) and raises its flag, in the same transaction. */
  private async disableSubscription(delivery: ClaimedDelivery, reason: WebhookDisabledReason): Promise<boolean> {
    const now = this.clock.now();
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `WITH disabled AS (
         UPDATE webhook_subscriptions SET disabled_at = $2, disabled_reason = $3, version = version + 1, updated_at = $2
          WHERE id = $1 AND disabled_at IS NULL RETURNING id)
       SELECT id FROM disabled`,
      [delivery.subscriptionId, now, reason],
    );
    if (!rows.length) return false;
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
