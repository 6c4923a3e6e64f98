import { Injectable, Logger } from '@nestjs/common';
import { CrossPartnershipHost } from '@app/core';
import { IdempotencyService } from '@app/domain/idempotency';
import { JOBS } from '@app/queue';
import { JobHandler } from './job-handler.decorator';

/** Hourly: expired Idempotency-Key records of every partnership, deleted in one statement. */
@Injectable()
export class IdempotencyJobs {
  private readonly logger = new Logger(IdempotencyJobs.name);

  constructor(
    private readonly crossPartnership: CrossPartnershipHost,
    private readonly idempotency: IdempotencyService,
  ) {}

  @JobHandler(JOBS.purgeIdempotencyRecords.name)
  async purge(): Promise<{ deleted: number }> {
    const deleted = await this.crossPartnership.run((manager) => this.idempotency.purgeExpired(manager));
    if (deleted) this.logger.log(`Purged ${deleted} expired Idempotency-Key record(s)`);
    return { deleted };
  }
}
