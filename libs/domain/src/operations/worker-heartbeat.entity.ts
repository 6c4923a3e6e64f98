import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NullableColumn } from '../shared/columns';

/** The last run of each recurring maintenance job: proof the scheduler and worker are alive. */
@Entity('worker_heartbeats')
export class WorkerHeartbeat {
  @PrimaryColumn('text')
  name: string;

  @Column('timestamptz')
  lastRunAt: Date;

  @Column('bigint', { default: 0 })
  runCount: string;

  @NullableColumn('text')
  lastJobId: string | null;
}
