import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { NominationScanService } from '@app/domain/intake';
import { JOBS, QUEUES, SCHEDULERS } from '@app/queue';

/** One scheduler per repeat scanner kind (`scheduler:intake.scan.<kind>`), at the flags' scan interval; idempotent across workers. */
@Injectable()
export class IntakeSchedulers implements OnApplicationBootstrap {
  private readonly logger = new Logger(IntakeSchedulers.name);

  constructor(
    @InjectQueue(QUEUES.intake) private readonly intake: Queue,
    private readonly scans: NominationScanService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.flags.scanIntervalMinutes * 60_000;
    for (const kind of this.scans.kinds()) {
      await this.intake.upsertJobScheduler(`${SCHEDULERS.intakeScanPrefix}${kind}`, { every }, { name: JOBS.intakeScan.name, data: { kind } });
    }
    this.logger.log(`Scheduled ${JOBS.intakeScan.name} every ${this.config.flags.scanIntervalMinutes} min for ${this.scans.kinds().join(', ')}`);
  }
}
