import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost } from '@app/core';
import { WorkerHeartbeat } from './worker-heartbeat.entity';

@Injectable()
export class HeartbeatService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** Records a run; safe to repeat (one row per heartbeat name, upserted). */
  async beat(name: string, jobId: string | null): Promise<WorkerHeartbeat> {
    const rows = await this.tx.manager.query<WorkerHeartbeat[]>(
      `INSERT INTO worker_heartbeats (name, last_run_at, run_count, last_job_id) VALUES ($1, $2, 1, $3)
       ON CONFLICT (name) DO UPDATE SET last_run_at = EXCLUDED.last_run_at,
         run_count = worker_heartbeats.run_count + 1, last_job_id = EXCLUDED.last_job_id
       RETURNING name, last_run_at AS "lastRunAt", run_count AS "runCount", last_job_id AS "lastJobId"`,
      [name, this.clock.now(), jobId],
    );
    return rows[0];
  }

  async get(name: string): Promise<WorkerHeartbeat | null> {
    return this.tx.manager.getRepository(WorkerHeartbeat).findOneBy({ name });
  }
}
