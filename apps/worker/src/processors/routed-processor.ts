import { WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '@app/core';
import type { JobRegistry } from '../jobs/job-registry';

/**
 * A queue's consumer: routes each job to its @JobHandler. On shutdown it
 * closes its BullMQ worker first (onModuleDestroy runs before any
 * onApplicationShutdown), so running jobs finish while the database
 * connections they need are still open, and nothing new is taken.
 */
export abstract class RoutedProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(this.constructor.name);

  protected constructor(
    private readonly registry: JobRegistry,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** The Bull explorer creates the BullMQ worker in its onModuleInit; by bootstrap it exists. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.concurrency;
    this.worker.on('error', (err) => this.log.warn(`queue ${this.worker.name}: ${err.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    try {
      await this.worker.close();
    } catch {
      // never started
    }
  }

  process(job: Job): Promise<unknown> {
    return this.registry.dispatch(job);
  }
}
