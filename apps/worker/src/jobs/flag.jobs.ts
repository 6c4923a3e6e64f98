import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { FlagScanService, type ScanResult } from '@app/domain/flags';
import { JOBS, type JobPayloads } from '@app/queue';
import { JobHandler } from './job-handler.decorator';

/** The scheduled (or on-demand) scan of one flag kind across every partnership. */
@Injectable()
export class FlagJobs {
  constructor(private readonly scans: FlagScanService) {}

  @JobHandler(JOBS.scan.name)
  async scan(job: Job<JobPayloads['flags.scan']>): Promise<ScanResult> {
    const kind = job.data?.kind;
    if (typeof kind !== 'string' || !this.scans.kinds().includes(kind)) {
      throw new UnrecoverableError(`flags.scan needs { kind } naming a registered scanner (${this.scans.kinds().join(', ')})`);
    }
    return this.scans.scan(kind);
  }
}
