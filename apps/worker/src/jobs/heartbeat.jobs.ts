import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { TransactionHost } from '@app/core';
import { HeartbeatService } from '@app/domain/operations';
import { JOBS, type JobPayloads } from '@app/queue';
import { JobHandler } from './job-handler.decorator';

/** The recurring heartbeat: proves scheduler, queue, worker and database work end to end. */
@Injectable()
export class HeartbeatJobs {
  private readonly logger = new Logger(HeartbeatJobs.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly heartbeats: HeartbeatService,
  ) {}

  @JobHandler(JOBS.heartbeat.name)
  async heartbeat(job: Job<JobPayloads['maintenance.heartbeat']>): Promise<{ runCount: string }> {
    const name = job.data?.heartbeat;
    if (typeof name !== 'string' || !/^[a-z0-9.-]{1,64}$/.test(name)) {
      throw new UnrecoverableError('heartbeat job needs { heartbeat: string }');
    }
    const beat = await this.tx.run(null, () => this.heartbeats.beat(name, job.id ?? null));
    this.logger.debug(`heartbeat ${name} #${beat.runCount}`);
    return { runCount: String(beat.runCount) };
  }
}
