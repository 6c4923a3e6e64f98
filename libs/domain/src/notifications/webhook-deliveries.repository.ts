import { Injectable } from '@nestjs/common';
import { TransactionHost, isUuid, oneRow } from '@app/core';
import { SQL_UUIDV7 } from '../shared/sql';
import { WebhookDelivery, type DeliveryStatus } from './webhook-delivery.entity';
import type { WebhookEventRow } from './webhook-links';
import { keysetRows } from '../shared/keyset';

/** A delivery due for an attempt, with what the worker must enqueue. */
export interface DueDelivery {
  id: string;
  partnershipId: string;
  /** The attempt to make next (attempts so far + 1). */
  attempt: number;
}

/** A delivery claimed for one attempt, with its subscription's target and its event. */
export interface ClaimedDelivery {
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

/** How an attempt ended, as the delivery row records it. */
export interface AttemptRecord {
  at: Date;
  statusCode: number | null;
  error: string | null;
}

/** Every query on webhook_deliveries: the API's listing and redelivery, the worker's fan-out and attempts. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** A subscription's deliveries, newest first, after the keyset of the last one seen. */
  page(
    partnershipId: string,
    subscriptionId: string,
    query: { status?: DeliveryStatus; after?: { createdAt: string; id: string }; limit: number },
  ): Promise<WebhookDelivery[]> {
    const qb = this.tx.manager
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.subscription_id = :subscriptionId AND d.partnership_id = :partnershipId', { subscriptionId, partnershipId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    return keysetRows(qb, { column: 'created_at', order: 'DESC' }, query.after && { key: query.after.createdAt, id: query.after.id }, query.limit);
  }

  /** The delivery of the subscription, or null (also for a malformed id). */
  find(partnershipId: string, subscriptionId: string, id: string): Promise<WebhookDelivery | null> {
    if (!isUuid(id) || !isUuid(subscriptionId)) return Promise.resolve(null);
    return this.tx.manager.getRepository(WebhookDelivery).findOneBy({ id: id.toLowerCase(), subscriptionId: subscriptionId.toLowerCase(), partnershipId });
  }

  /**
   * Makes the delivery due at `at`: a finished one (`manual`) gets one more
   * attempt, a retrying one keeps its schedule, only sooner.
   */
  async requestRedelivery(partnershipId: string, id: string, at: Date, manual: boolean): Promise<void> {
    await this.tx.manager.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, updated_at = $3, redelivery_requested_at = $3,
              attempt_limit = CASE WHEN $4 THEN attempts + 1 ELSE attempt_limit END, manual = $4
        WHERE id = $1 AND partnership_id = $2`,
      [id, partnershipId, at, manual],
    );
  }

  /** One pending delivery of the event per active subscription whose filter matches it (none twice). */
  async fanOut(partnershipId: string, eventId: string, attemptLimit: number, at: Date): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO webhook_deliveries (id, partnership_id, event_id, subscription_id, event_type, status, attempts, attempt_limit, next_attempt_at, created_at, updated_at)
       SELECT ${SQL_UUIDV7}, s.partnership_id, e.id, s.id, e.type, 'pending', 0, $3::int, $4, $4, $4
         FROM outbox_events e
         JOIN webhook_subscriptions s ON s.partnership_id = e.partnership_id AND s.disabled_at IS NULL
        WHERE e.id = $1 AND e.partnership_id = $2 AND (s.events @> ARRAY['*'] OR s.events @> ARRAY[e.type])
        ORDER BY s.id
       ON CONFLICT (event_id, subscription_id) DO NOTHING`,
      [eventId, partnershipId, attemptLimit, at],
    );
  }

  /** The event's deliveries still waiting for their first attempt. */
  awaitingFirstAttempt(partnershipId: string, eventId: string): Promise<DueDelivery[]> {
    return this.tx.manager.query<DueDelivery[]>(
      `SELECT id, partnership_id AS "partnershipId", attempts + 1 AS attempt FROM webhook_deliveries
        WHERE event_id = $1 AND partnership_id = $2 AND status = 'pending' AND attempts = 0 ORDER BY id`,
      [eventId, partnershipId],
    );
  }

  /**
   * Marks attempt number `attempt` in flight, if it is still due (pending,
   * retrying, or in flight since before `stalledBefore`); null when it is not.
   */
  async claim(partnershipId: string, id: string, attempt: number, at: Date, stalledBefore: Date): Promise<ClaimedDelivery | null> {
    const rows = await this.tx.manager.query<Omit<ClaimedDelivery, 'event' | 'url' | 'secretCiphertext' | 'disabledAt'>[]>(
      `WITH claimed AS (
         UPDATE webhook_deliveries SET status = 'in_flight', attempt_started_at = $4, updated_at = $4, redelivery_requested_at = NULL
          WHERE id = $1 AND partnership_id = $2 AND attempts = $3 - 1
            AND (status IN ('pending', 'retrying') OR (status = 'in_flight' AND attempt_started_at < $5))
         RETURNING *)
       SELECT id, partnership_id AS "partnershipId", subscription_id AS "subscriptionId", attempts, attempt_limit AS "attemptLimit", manual FROM claimed`,
      [id, partnershipId, attempt, at, stalledBefore],
    );
    const [row] = rows;
    if (!row) return null;
    const joined = await this.tx.manager.query<
      {
        url: string;
        secretCiphertext: string;
        disabledAt: Date | null;
        id: string;
        type: string;
        subjectType: string;
        subjectId: string;
        data: Record<string, unknown>;
        occurredAt: Date;
      }[]
    >(
      `SELECT s.url, s.secret_ciphertext AS "secretCiphertext", s.disabled_at AS "disabledAt",
              e.id, e.type, e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.data, e.occurred_at AS "occurredAt"
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id
         JOIN outbox_events e ON e.id = d.event_id
        WHERE d.id = $1`,
      [id],
    );
    const rest = oneRow(joined, "the claimed delivery's subscription and event");
    return {
      ...row,
      url: rest.url,
      secretCiphertext: rest.secretCiphertext,
      disabledAt: rest.disabledAt,
      event: {
        id: rest.id,
        partnershipId,
        type: rest.type,
        subjectType: rest.subjectType,
        subjectId: rest.subjectId,
        data: rest.data,
        occurredAt: rest.occurredAt,
      },
    };
  }

  /** Attempt number `attempts` delivered the event. */
  async markSucceeded(id: string, attempts: number, outcome: AttemptRecord): Promise<void> {
    await this.tx.manager.query(
      `UPDATE webhook_deliveries SET status = 'succeeded', attempts = $2, last_attempt_at = $3, last_status_code = $4, last_error = NULL,
              delivered_at = $3, next_attempt_at = NULL, attempt_started_at = NULL, updated_at = $3 WHERE id = $1`,
      [id, attempts, outcome.at, outcome.statusCode],
    );
  }

  /** Attempt number `attempts` failed; the next one is due at `nextAttemptAt`. */
  async markRetrying(id: string, attempts: number, outcome: AttemptRecord, nextAttemptAt: Date): Promise<void> {
    await this.tx.manager.query(
      `UPDATE webhook_deliveries SET status = 'retrying', attempts = $2, last_attempt_at = $3, last_status_code = $4, last_error = $5,
              next_attempt_at = $6, attempt_started_at = NULL, updated_at = $3 WHERE id = $1`,
      [id, attempts, outcome.at, outcome.statusCode, outcome.error, nextAttemptAt],
    );
  }

  /** No more attempts; `attempted` says whether this one reached the target (it counts) or was never made. */
  async markFailed(id: string, attempted: boolean, outcome: AttemptRecord): Promise<void> {
    await this.tx.manager.query(
      `UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + $2, last_attempt_at = CASE WHEN $2 = 1 THEN $3 ELSE last_attempt_at END,
              last_status_code = CASE WHEN $2 = 1 THEN $4 ELSE last_status_code END, last_error = $5,
              next_attempt_at = NULL, attempt_started_at = NULL, updated_at = $3 WHERE id = $1`,
      [id, attempted ? 1 : 0, outcome.at, outcome.statusCode, outcome.error],
    );
  }
}
