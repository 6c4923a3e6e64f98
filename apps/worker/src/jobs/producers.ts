import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { DEFAULT_JOB_OPTIONS, deliveryJobId, JOBS, QUEUES, redisConnectionOptions, type JobPayloads } from '@app/queue';

/**
 * The worker's producers, on fail-fast Redis connections: while Redis is
 * away an add fails at once (the caller leaves its rows pending and a later
 * run picks them up) instead of hanging inside a database transaction.
 */
@Injectable()
export class WorkerProducers implements OnModuleDestroy {
  private readonly logger = new Logger('Producers');
  readonly events: Queue;
  readonly webhooks: Queue;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const options = { connection: redisConnectionOptions(config, 'producer'), prefix: config.redis.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
    this.events = new Queue(QUEUES.events, options);
    this.webhooks = new Queue(QUEUES.webhooks, options);
    let reported = false;
    for (const queue of [this.events, this.webhooks]) {
      queue.on('error', (err: Error) => {
        if (!reported) this.logger.warn(`Redis unavailable to the producers: ${err.message}`);
        reported = true;
      });
    }
  }

  /** Relayed events: job id = outbox event id, so relaying twice queues once. */
  async addEvents(events: { id: string; partnershipId: string }[]): Promise<void> {
    if (!events.length) return;
    await this.events.addBulk(
      events.map((e) => ({
        name: JOBS.fanOut.name,
        data: { eventId: e.id, partnershipId: e.partnershipId } satisfies JobPayloads['events.fan_out'],
        opts: { jobId: e.id },
      })),
    );
  }

  /** Delivery attempts: job id = `<delivery>.<attempt>`, so an attempt is queued once. */
  async addDeliveries(deliveries: { id: string; partnershipId: string; attempt: number; delayMs?: number }[]): Promise<void> {
    if (!deliveries.length) return;
    await this.webhooks.addBulk(
      deliveries.map((d) => ({
        name: JOBS.deliver.name,
        data: { deliveryId: d.id, partnershipId: d.partnershipId, attempt: d.attempt } satisfies JobPayloads['webhooks.deliver'],
        opts: { jobId: deliveryJobId(d.id, d.attempt), delay: d.delayMs ?? 0 },
      })),
    );
  }

  /**
   * Makes sure a delivery attempt has a live job: queued if none, brought
   * forward if waiting for a later time, queued again if its job already
   * finished (e.g. it found the delivery busy, or ran out of job attempts).
   */
  async ensureDelivery(d: { id: string; partnershipId: string; attempt: number }): Promise<'added' | 'promoted' | 'requeued' | 'present'> {
    const job = await this.webhooks.getJob(deliveryJobId(d.id, d.attempt));
    if (!job) {
      await this.addDeliveries([d]);
      return 'added';
    }
    const state = await job.getState();
    if (state === 'delayed') {
      await job.promote();
      return 'promoted';
    }
    if (state === 'completed' || state === 'failed') {
      await job.remove();
      await this.addDeliveries([d]);
      return 'requeued';
    }
    return 'present';
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.webhooks.close()]);
  }
}
