import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { OutboxRelayService } from '@app/domain/notifications';
import { WorkerProducers } from '../jobs/producers';

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
export class OutboxRelayPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failing = false;
  relayed = 0;
  lastError: string | null = null;

  constructor(
    private readonly relay: OutboxRelayService,
    private readonly producers: WorkerProducers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
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

  private async run(): Promise<void> {
    let tick = 0;
    while (this.running) {
      let full = false;
      try {
        const n = await this.relayOnce();
        full = n >= this.config.outbox.relayBatchSize;
        if (++tick % DISPATCH_EVERY_TICKS === 0) await this.dispatchOnce();
        if (this.failing) this.logger.log('outbox relay resumed');
        this.failing = false;
        this.lastError = null;
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
        if (!this.failing) this.logger.warn(`outbox relay paused, events stay pending: ${this.lastError}`);
        this.failing = true;
      }
      if (!full && this.running) await this.sleep(this.config.outbox.relayIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
