import { Check, Column, Entity, Index } from 'typeorm';
import { PartnershipRecord } from '../partnerships/partnership.entity';
import { NullableColumn, References } from '../shared/columns';
import { OutboxEvent } from './outbox-event.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

export const DELIVERY_STATUSES = ['pending', 'in_flight', 'retrying', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One domain event on its way to one subscription. The unique (event,
 * subscription) pair means a relayed event creates its deliveries once,
 * however often the relay or the fan-out job runs.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_event_subscription', ['eventId', 'subscriptionId'], { unique: true })
@Index('ix_webhook_deliveries_subscription_created', ['subscriptionId', 'createdAt', 'id'])
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" IN ('pending', 'retrying', 'in_flight')` })
@Index('ix_webhook_deliveries_redelivery', ['redeliveryRequestedAt'], { where: '"redelivery_requested_at" IS NOT NULL' })
@Index('ix_webhook_deliveries_partnership', ['partnershipId'])
@Check('ck_webhook_deliveries_status', `"status" IN (${DELIVERY_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class WebhookDelivery extends PartnershipRecord {
  @References(() => OutboxEvent, 'CASCADE')
  eventId: string;

  @References(() => WebhookSubscription, 'CASCADE')
  subscriptionId: string;

  @Column('text')
  eventType: string;

  @Column('text', { default: 'pending' })
  status: DeliveryStatus;

  /** Attempts made so far, over the delivery's whole life (redeliveries included). */
  @Column('int', { default: 0 })
  attempts: number;

  /** The attempt after which no retry is scheduled (retries spent: the subscription is disabled). */
  @Column('int')
  attemptLimit: number;

  /** A manual redelivery: one attempt, no retries, and its failure does not disable the subscription. */
  @Column('boolean', { default: false })
  manual: boolean;

  /** Set when someone asked for a redelivery, until the worker takes it up. */
  @NullableColumn('timestamptz')
  redeliveryRequestedAt: Date | null;

  /** When the next attempt is due (pending, retrying), or was due (in flight). */
  @NullableColumn('timestamptz')
  nextAttemptAt: Date | null;

  @NullableColumn('timestamptz')
  attemptStartedAt: Date | null;

  @NullableColumn('timestamptz')
  lastAttemptAt: Date | null;

  @NullableColumn('int')
  lastStatusCode: number | null;

  @NullableColumn('text')
  lastError: string | null;

  @NullableColumn('timestamptz')
  deliveredAt: Date | null;
}
