import { Injectable } from '@nestjs/common';
import { Clock, requireTransaction, TransactionHost, uuidv7 } from '@app/core';
import { RequestContexts } from '@app/core/security';
import type { DomainEventType } from './domain-events';
import type { OutboxEvent } from './outbox-event.entity';
import { OutboxEventsRepository } from './outbox-events.repository';

export interface DomainEventInput {
  type: DomainEventType;
  subject: { type: string; id: string };
  /** Ids, states and links only: never names, descriptions or other personal data. */
  data?: Record<string, unknown>;
  /** Defaults to the current transaction's partnership. */
  partnershipId?: string;
}

/**
 * Writes domain events into the outbox inside the caller's transaction. The
 * worker's relay moves them to BullMQ and on to webhook subscriptions.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: OutboxEventsRepository,
    private readonly clock: Clock,
  ) {}

  async add(event: DomainEventInput): Promise<OutboxEvent> {
    requireTransaction(this.tx, 'OutboxService.add() runs inside the transaction of the change it reports');
    const partnershipId = event.partnershipId ?? this.tx.partnershipId;
    if (!partnershipId) throw new Error('A domain event belongs to a partnership');
    return this.events.insert({
      id: uuidv7(),
      partnershipId,
      type: event.type,
      subjectType: event.subject.type,
      subjectId: event.subject.id,
      data: event.data ?? {},
      occurredAt: this.clock.now(),
      requestId: RequestContexts.current()?.requestId ?? null,
      relayedAt: null,
    });
  }
}
