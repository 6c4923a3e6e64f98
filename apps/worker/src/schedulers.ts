import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { JOBS, QUEUES, SCHEDULERS } from '@app/queue';

/**
 * Registers the recurring jobs with `upsertJobScheduler` under stable ids, so
 * any number of workers starting any number of times leave exactly one
 * scheduler per job.
 */
@Injectable()
export class SchedulerRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulerRegistrar.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      SCHEDULERS.heartbeat,
      { every: this.config.worker.heartbeatIntervalSeconds * 1000 },
      { name: JOBS.heartbeat.name, data: { heartbeat: 'worker' } },
    );
    this.logger.log(`Scheduled ${JOBS.heartbeat.name} every ${this.config.worker.heartbeatIntervalSeconds}s`);
  }
}
