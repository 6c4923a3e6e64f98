import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { JOBS, QUEUES, SCHEDULERS } from '@app/queue';
import { firstOf } from '@app/testing';
import { useMaintenanceWorker } from './support/app';

describe('worker', () => {
  const maintenance = useMaintenanceWorker({ env: { HEARTBEAT_INTERVAL_SECONDS: '1' } });

  it('registers each maintenance scheduler once, however often the worker starts', async () => {
    const queue = maintenance.worker.app.get<Queue>(getQueueToken(QUEUES.maintenance));
    // A second registration, as a second worker or a restart would do.
    await queue.upsertJobScheduler(SCHEDULERS.heartbeat, { every: 1000 }, { name: JOBS.heartbeat.name, data: { heartbeat: 'worker' } });
    const schedulers = await queue.getJobSchedulers();
    assert.deepEqual(schedulers.map((s) => s.key).sort(), [SCHEDULERS.heartbeat, SCHEDULERS.purgeIdempotencyRecords].sort());
  });

  it('runs the scheduled heartbeat through the queue and records it in the database', async () => {
    const completed = await new Promise<{ jobId: string; returnvalue: unknown }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no heartbeat completed within 20s')), 20_000);
      maintenance.events.on('completed', (event) => {
        clearTimeout(timer);
        resolve(event);
      });
    });
    const rows = await maintenance.worker.db.query<{ name: string; run_count: string; last_job_id: string }>(
      'SELECT name, run_count, last_job_id FROM worker_heartbeats',
    );
    assert.equal(rows.length, 1);
    assert.equal(firstOf(rows).name, 'worker');
    assert.ok(Number(firstOf(rows).run_count) >= 1);
    assert.ok(firstOf(rows).last_job_id);
    assert.ok(completed.jobId);
  });

  it('fails a job nobody handles without retrying it', async () => {
    const queue = maintenance.worker.app.get<Queue>(getQueueToken(QUEUES.maintenance));
    const job = await queue.add('maintenance.unknown', {}, { attempts: 5 });
    const failed = await new Promise<{ jobId: string; failedReason: string }>((resolve) => {
      maintenance.events.on('failed', (event) => {
        if (event.jobId === job.id) resolve(event);
      });
    });
    assert.match(failed.failedReason, /No handler for job "maintenance.unknown"/);
    const stored = await queue.getJob(job.id!);
    assert.equal(stored?.attemptsMade, 1);
  });
});
