import { WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '@app/core';
import type { JobRegistry } from '../jobs/job-registry';

/**
 * A queue's consumer: routes each job to its @JobHandler. On shutdown it
 * closes its BullMQ worker first (onModuleDestroy runs before any
 * onApplicationShutdown), so running jobs finish while the database
 * connections they need are still open, and nothing new is taken.
 */
export abstract class RoutedProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(this.constructor.name);

  protected constructor(
    private readonly registry: JobRegistry,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    // The worker exists once the Bull explorer registered it (application bootstrap).
    setImmediate(() => {
      try {
        this.worker.concurrency = this.config.worker.concurrency;
        this.worker.on('error', (err) => this.log.warn(`queue ${this.worker.name}: ${err.message}`));
      } catch {
        // not registered yet; the default concurrency applies
      }
    });
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
