import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { NullableColumn } from '../shared/columns';
import { DOMAIN_EVENTS, type DomainEventType } from './domain-events';

/**
 * A domain event waiting to be relayed (transactional outbox). Written in the
 * transaction of the change it reports, so an event exists if and only if the
 * change committed. Payloads are thin: ids and links, never personal data.
 */
@Entity('outbox_events')
@Index('ix_outbox_events_unrelayed', ['occurredAt', 'id'], { where: '"relayed_at" IS NULL' })
@Index('ix_outbox_events_partnership_occurred', ['partnershipId', 'occurredAt', 'id'])
@Check('ck_outbox_events_type', `"type" IN (${DOMAIN_EVENTS.map((e) => `'${e}'`).join(', ')})`)
export class OutboxEvent {
  /** UUIDv7; also the BullMQ job id and the webhook-id of its deliveries. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  partnershipId: string;

  @Column('text')
  type: DomainEventType;

  @Column('text')
  subjectType: string;

  @Column('uuid')
  subjectId: string;

  /** Thin payload: identifiers, states and links. */
  @Column('jsonb', { default: () => `'{}'` })
  data: Record<string, unknown>;

  @Column('timestamptz')
  occurredAt: Date;

  @NullableColumn('text')
  requestId: string | null;

  /** When the relay handed it to the queue; null while pending. */
  @NullableColumn('timestamptz')
  relayedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
