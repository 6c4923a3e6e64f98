import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CROSS_PARTNERSHIP_CONNECTION, MetricsService } from '@app/core';
import { FlagScanService } from '@app/domain/flags';
import { OutboxRelayService } from '@app/domain/notifications';
import { WorkerOperations } from './operations';

/**
 * The worker's own metrics, read when Prometheus scrapes: queue depth per queue
 * and state, the outbox backlog and the age of its oldest event, the last scan
 * of each kind, and the cross-partnership role's pool. Job durations are
 * recorded as jobs run (JobRegistry).
 */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: MetricsService,
    private readonly operations: WorkerOperations,
    private readonly relay: OutboxRelayService,
    private readonly scans: FlagScanService,
    @InjectDataSource(CROSS_PARTNERSHIP_CONNECTION) private readonly crossPartnership: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    const m = this.metrics;
    m.watchPool('cross_partnership', this.crossPartnership);
    m.gauge('csp_queue_jobs', 'Jobs in each queue by state', ['queue', 'state'], async (set) => {
      for (const [queue, counts] of Object.entries(await this.operations.queueCounts())) {
        for (const [state, n] of Object.entries(counts)) set({ queue, state }, n);
      }
    });
    m.gauge('csp_outbox_pending_events', 'Domain events written but not yet handed to the queue', [], async (set) => set({}, await this.relay.pendingCount()));
    m.gauge('csp_outbox_lag_seconds', 'Age of the oldest event not yet handed to the queue (0 when none waits)', [], async (set) =>
      set({}, await this.relay.oldestPendingAgeSeconds()),
    );
    const last = () => Object.values(this.scans.lastResults());
    m.gauge('csp_scan_last_duration_seconds', 'Duration of the last scan of each kind', ['kind'], (set) =>
      last().forEach((r) => set({ kind: r.kind }, r.durationMs / 1000)),
    );
    m.gauge('csp_scan_last_rows', 'What the last scan of each kind found due, raised and resolved', ['kind', 'result'], (set) =>
      last().forEach((r) => {
        set({ kind: r.kind, result: 'due' }, r.due);
        set({ kind: r.kind, result: 'raised' }, r.raised);
        set({ kind: r.kind, result: 'resolved' }, r.resolved);
      }),
    );
    m.gauge('csp_scan_last_finished_timestamp_seconds', 'When the last scan of each kind finished', ['kind'], (set) =>
      last().forEach((r) => set({ kind: r.kind }, Date.parse(r.finishedAt) / 1000)),
    );
  }
}
