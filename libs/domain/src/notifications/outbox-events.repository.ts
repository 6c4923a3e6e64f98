import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import { OutboxEvent } from './outbox-event.entity';

/** Every query the API side makes on outbox_events: events are written, never changed. */
@Injectable()
export class OutboxEventsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Writes the event in the current transaction and returns it as stored. */
  insert(event: Omit<OutboxEvent, 'createdAt'>): Promise<OutboxEvent> {
    const repo = this.tx.manager.getRepository(OutboxEvent);
    return repo.save(repo.create(event));
  }
}
