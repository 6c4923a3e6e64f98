import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { OutboxRelayService } from '@app/domain/notifications';
import { WorkerProducers } from '../jobs/producers';
import { Poller } from './poller';

/** The dispatcher runs on every this-many relay ticks. */
const DISPATCH_EVERY_TICKS = 5;

/**
 * Moves domain events from the outbox to the events queue, continuously:
 * a batch per tick (at once again while batches come back full), each in
 * one transaction that marks the events relayed only if Redis took them.
 * While Redis is away the events stay pending and the relay keeps trying;
 * nothing is lost. Every few ticks it also queues deliveries that need a
 * job (redeliveries, attempts whose job was lost). Any number of workers
 * may run it: rows are claimed with SKIP LOCKED.
 */
@Injectable()
export class OutboxRelayPoller extends Poller {
  protected readonly logger = new Logger('OutboxRelay');
  protected readonly messages = { paused: 'outbox relay paused, events stay pending', resumed: 'outbox relay resumed' };
  private tick = 0;
  relayed = 0;

  constructor(
    private readonly relay: OutboxRelayService,
    private readonly producers: WorkerProducers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** One relay pass; returns how many events it relayed. */
  async relayOnce(): Promise<number> {
    const n = await this.relay.relayBatch((events) => this.producers.addEvents(events));
    this.relayed += n;
    return n;
  }

  /** One dispatcher pass; returns how many deliveries got a job. */
  async dispatchOnce(): Promise<number> {
    let queued = 0;
    for (const delivery of await this.relay.dueDeliveries()) {
      const result = await this.producers.ensureDelivery(delivery);
      if (result !== 'present') queued += 1;
    }
    if (queued) this.logger.log(`dispatcher queued ${queued} delivery attempt(s)`);
    return queued;
  }

  protected intervalMs(): number {
    return this.config.outbox.relayIntervalMs;
  }

  protected async pass(): Promise<boolean> {
    const n = await this.relayOnce();
    if (++this.tick % DISPATCH_EVERY_TICKS === 0) await this.dispatchOnce();
    return n >= this.config.outbox.relayBatchSize;
  }
}
