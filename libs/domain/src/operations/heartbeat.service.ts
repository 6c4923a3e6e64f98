import { Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import { HeartbeatRepository } from './heartbeat.repository';
import type { WorkerHeartbeat } from './worker-heartbeat.entity';

@Injectable()
export class HeartbeatService {
  constructor(
    private readonly repository: HeartbeatRepository,
    private readonly clock: Clock,
  ) {}

  /** Records a run; safe to repeat (one row per heartbeat name, upserted). */
  async beat(name: string, jobId: string | null): Promise<WorkerHeartbeat> {
    return this.repository.recordRun(name, this.clock.now(), jobId);
  }

  async get(name: string): Promise<WorkerHeartbeat | null> {
    return this.repository.find(name);
  }
}
