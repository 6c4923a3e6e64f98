import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { isUuid } from '@app/core';
import { IncidentImportsService, NominationScanService, type ImportOutcome, type NominationScanResult } from '@app/domain/intake';
import { JOBS, type JobPayloads } from '@app/queue';
import { JobHandler } from './job-handler.decorator';

/** The repeat scanners and the file imports of the intake context. */
@Injectable()
export class IntakeJobs {
  constructor(
    private readonly scans: NominationScanService,
    private readonly imports: IncidentImportsService,
  ) {}

  @JobHandler(JOBS.intakeScan.name)
  async scan(job: Job<JobPayloads['intake.scan']>): Promise<NominationScanResult> {
    const kind = job.data?.kind;
    if (typeof kind !== 'string' || !this.scans.kinds().includes(kind)) {
      throw new UnrecoverableError(`intake.scan needs { kind } naming a repeat scanner (${this.scans.kinds().join(', ')})`);
    }
    return this.scans.scan(kind);
  }

  @JobHandler(JOBS.importIncidents.name)
  async import(job: Job<JobPayloads['intake.import']>): Promise<ImportOutcome> {
    const { importId, partnershipId } = job.data ?? ({} as JobPayloads['intake.import']);
    if (!isUuid(importId) || !isUuid(partnershipId)) throw new UnrecoverableError('intake.import needs { importId, partnershipId }');
    return this.imports.run(partnershipId, importId);
  }
}
