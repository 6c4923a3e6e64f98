import { Injectable } from '@nestjs/common';
import { TransactionHost, oneRow } from '@app/core';
import { WorkerHeartbeat } from './worker-heartbeat.entity';

/** Every query on worker_heartbeats. */
@Injectable()
export class HeartbeatRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** One more run of the heartbeat `name` (its row written the first time); the row as it now is. */
  async recordRun(name: string, at: Date, jobId: string | null): Promise<WorkerHeartbeat> {
    const rows = await this.tx.manager.query<WorkerHeartbeat[]>(
      `INSERT INTO worker_heartbeats (name, last_run_at, run_count, last_job_id) VALUES ($1, $2, 1, $3)
       ON CONFLICT (name) DO UPDATE SET last_run_at = EXCLUDED.last_run_at,
         run_count = worker_heartbeats.run_count + 1, last_job_id = EXCLUDED.last_job_id
       RETURNING name, last_run_at AS "lastRunAt", run_count AS "runCount", last_job_id AS "lastJobId"`,
      [name, at, jobId],
    );
    return oneRow(rows, 'the heartbeat row');
  }

  find(name: string): Promise<WorkerHeartbeat | null> {
    return this.tx.manager.getRepository(WorkerHeartbeat).findOneBy({ name });
  }
}
