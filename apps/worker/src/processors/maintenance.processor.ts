import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { QUEUES, WORKER_SETTINGS } from '@app/queue';
import { JobRegistry } from '../jobs/job-registry';

/** Consumes the maintenance queue; routes each job to its @JobHandler. */
@Processor(QUEUES.maintenance, { ...WORKER_SETTINGS, autorun: true })
export class MaintenanceProcessor extends WorkerHost implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    // The worker exists once the Bull explorer registered it (application bootstrap).
    setImmediate(() => {
      try {
        this.worker.concurrency = this.config.worker.concurrency;
      } catch {
        // not registered yet; the default concurrency applies
      }
    });
  }

  process(job: Job): Promise<unknown> {
    return this.registry.dispatch(job);
  }
}
