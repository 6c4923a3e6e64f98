import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { FlagScanService } from '@app/domain/flags';
import { JOBS, QUEUES, SCHEDULERS, scanSchedulerId } from '@app/queue';

/**
 * Registers the recurring jobs with `upsertJobScheduler` under stable ids, so
 * any number of workers starting any number of times leave exactly one
 * scheduler per job: the heartbeat, the hourly purge of expired
 * Idempotency-Key records, the materialised figures, the meeting packs, and one scan per registered scanner
 * kind (schedulers of kinds no longer registered are removed).
 */
@Injectable()
export class SchedulerRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulerRegistrar.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
    @InjectQueue(QUEUES.flags) private readonly flags: Queue,
    @InjectQueue(QUEUES.accountability) private readonly accountability: Queue,
    private readonly scans: FlagScanService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      SCHEDULERS.heartbeat,
      { every: this.config.worker.heartbeatIntervalSeconds * 1000 },
      { name: JOBS.heartbeat.name, data: { heartbeat: 'worker' } },
    );
    this.logger.log(`Scheduled ${JOBS.heartbeat.name} every ${this.config.worker.heartbeatIntervalSeconds}s`);
    await this.maintenance.upsertJobScheduler(SCHEDULERS.purgeIdempotencyRecords, { every: 3600_000 }, { name: JOBS.purgeIdempotencyRecords.name, data: {} });

    await this.accountability.upsertJobScheduler(
      SCHEDULERS.materialiseFigures,
      { every: this.config.figures.refreshMinutes * 60_000 },
      { name: JOBS.materialiseFigures.name, data: {} },
    );
    await this.accountability.upsertJobScheduler(
      SCHEDULERS.buildMeetingPacks,
      { every: this.config.figures.packScanIntervalSeconds * 1000 },
      { name: JOBS.buildMeetingPacks.name, data: {} },
    );

    const every = this.config.flags.scanIntervalMinutes * 60_000;
    const kinds = this.scans.kinds();
    for (const kind of kinds) {
      await this.flags.upsertJobScheduler(scanSchedulerId(kind), { every }, { name: JOBS.scan.name, data: { kind } });
    }
    for (const scheduler of await this.flags.getJobSchedulers()) {
      const key = scheduler.key ?? scheduler.id;
      if (key?.startsWith(SCHEDULERS.scanPrefix) && !kinds.includes(key.slice(SCHEDULERS.scanPrefix.length) as never)) {
        await this.flags.removeJobScheduler(key);
        this.logger.log(`Removed the scheduler of scanner kind ${key.slice(SCHEDULERS.scanPrefix.length)} (no longer registered)`);
      }
    }
    this.logger.log(`Scheduled ${JOBS.scan.name} every ${this.config.flags.scanIntervalMinutes} min for ${kinds.join(', ') || 'no kind'}`);
  }
}
