import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, Histogram, Registry, type LabelValues } from 'prom-client';
import type { DataSource } from 'typeorm';

/** What pg's Pool tells of itself (the driver's pool behind a TypeORM DataSource). */
interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Seconds-based buckets from 5 ms to 30 s: requests, jobs and scans alike. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The process's Prometheus registry (one per application instance, so several
 * apps in one test process never share metrics): the default process metrics,
 * the database pool, and whatever the API and the worker add.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly pools = new Map<string, () => PoolLike | undefined>();

  constructor(@InjectDataSource() dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'csp_' });
    this.watchPool('app', dataSource);
    const pools = this.pools;
    new Gauge({
      name: 'csp_db_pool_connections',
      help: 'Database pool connections by state (total, idle, and requests waiting for one)',
      labelNames: ['pool', 'state'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [name, read] of pools) {
          const pool = read();
          if (!pool) continue;
          this.set({ pool: name, state: 'total' }, pool.totalCount);
          this.set({ pool: name, state: 'idle' }, pool.idleCount);
          this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
        }
      },
    });
  }

  /** Reports a further TypeORM connection's pool under `name` (the worker's cross-partnership role). */
  watchPool(name: string, dataSource: DataSource): void {
    this.pools.set(name, () => (dataSource.isInitialized ? ((dataSource.driver as unknown as { master?: PoolLike }).master ?? undefined) : undefined));
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[]): Histogram<L> {
    return new Histogram<L>({ name, help, labelNames: [...labelNames], buckets: DURATION_BUCKETS, registers: [this.registry] });
  }

  /** A gauge whose values are read when Prometheus scrapes (`read` sets them). */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (set: (labels: LabelValues<L>, value: number) => void) => Promise<void> | void,
  ): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames: [...labelNames],
      registers: [this.registry],
      async collect() {
        this.reset();
        await read((labels, value) => this.set(labels, value));
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
