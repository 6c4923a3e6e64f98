import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Partnership } from '../partnerships/partnership.entity';
import { PartnershipOwned } from '../shared/columns';
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
export class WebhookDelivery extends PartnershipOwned {
  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

  @Column('uuid')
  eventId: string;

  @ManyToOne(() => OutboxEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: OutboxEvent;

  @Column('uuid')
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscription, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: WebhookSubscription;

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
  @Column('timestamptz', { nullable: true })
  redeliveryRequestedAt: Date | null;

  /** When the next attempt is due (pending, retrying), or was due (in flight). */
  @Column('timestamptz', { nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { nullable: true })
  attemptStartedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastAttemptAt: Date | null;

  @Column('int', { nullable: true })
  lastStatusCode: number | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}
