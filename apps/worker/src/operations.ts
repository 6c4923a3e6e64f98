import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, type HealthDetails } from '@app/core';
import { FlagScanService } from '@app/domain/flags';
import { OutboxRelayService } from '@app/domain/notifications';
import { QUEUES } from '@app/queue';
import { AuditSealerPoller } from './relay/audit-sealer.poller';
import { OutboxRelayPoller } from './relay/outbox-relay.poller';

type Counts = Record<string, number>;

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);

/**
 * What an operator needs to see of the worker: queue depth and failures per
 * queue, the outbox backlog, the relay's state and the last scan of each
 * kind. In the readiness details (GET /health/ready on WORKER_PORT) and,
 * every minute, in the log.
 */
@Injectable()
export class WorkerOperations implements HealthDetails, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Operations');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
    @InjectQueue(QUEUES.flags) private readonly flags: Queue,
    @InjectQueue(QUEUES.events) private readonly events: Queue,
    @InjectQueue(QUEUES.webhooks) private readonly webhooks: Queue,
    @InjectQueue(QUEUES.accountability) private readonly accountability: Queue,
    @InjectQueue(QUEUES.intake) private readonly intake: Queue,
    private readonly scans: FlagScanService,
    private readonly relay: OutboxRelayService,
    private readonly poller: OutboxRelayPoller,
    private readonly sealer: AuditSealerPoller,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async queueCounts(): Promise<Record<string, Counts>> {
    const out: Record<string, Counts> = {};
    for (const queue of [this.maintenance, this.flags, this.events, this.webhooks, this.accountability, this.intake]) {
      out[queue.name] = await withTimeout(queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed'), 1000);
    }
    return out;
  }

  async details(): Promise<Record<string, unknown>> {
    const [queues, pending] = await Promise.allSettled([this.queueCounts(), withTimeout(this.relay.pendingCount(), 1000)]);
    return {
      queues: queues.status === 'fulfilled' ? queues.value : { error: String(queues.reason) },
      outbox: {
        pending: pending.status === 'fulfilled' ? pending.value : null,
        relayedByThisWorker: this.poller.relayed,
        relayError: this.poller.lastError,
      },
      scans: this.scans.lastResults(),
      audit: { sealedByThisWorker: this.sealer.sealed, sealError: this.sealer.lastError },
    };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.logCounts(), 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async logCounts(): Promise<void> {
    try {
      const counts = await this.queueCounts();
      const line = Object.entries(counts)
        .map(([name, c]) => `${name} waiting=${c.wait} active=${c.active} delayed=${c.delayed} failed=${c.failed}`)
        .join('; ');
      this.logger.log(`queues: ${line}; outbox pending=${await this.relay.pendingCount()}`);
    } catch (err) {
      this.logger.warn(`queue counts unavailable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
