import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, CrossPartnershipHost, type AppConfig } from '@app/core';
import type { DueDelivery } from './webhook-deliveries.repository';

export interface PendingEvent {
  id: string;
  partnershipId: string;
  type: string;
}

/** Deliveries overdue by this much are assumed to have lost their job (a crash between commit and enqueue, a Redis restore). */
export const DISPATCH_GRACE_MS = 30_000;

/**
 * The cross-partnership side of the outbox (worker role): claims pending
 * events in order, hands them to a queue and marks them relayed, in one
 * transaction; and finds deliveries whose job must be (re)queued.
 */
@Injectable()
export class OutboxRelayService {
  constructor(
    private readonly db: CrossPartnershipHost,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Relays one batch: `enqueue` must put every event on the queue (job id =
   * event id, so a repeat is a no-op) or throw, in which case nothing is
   * marked and the events stay pending for the next run. Rows another relay
   * holds are skipped (FOR UPDATE SKIP LOCKED), so replicas share the work.
   */
  async relayBatch(enqueue: (events: PendingEvent[]) => Promise<void>, limit = this.config.outbox.relayBatchSize): Promise<number> {
    return this.db.run(async (manager) => {
      const events = await manager.query<PendingEvent[]>(
        `SELECT id, partnership_id AS "partnershipId", type FROM outbox_events
          WHERE relayed_at IS NULL ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (!events.length) return 0;
      await enqueue(events);
      await manager.query(`UPDATE outbox_events SET relayed_at = $2 WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id), this.clock.now()]);
      return events.length;
    });
  }

  /** Events not yet relayed (operations). */
  async pendingCount(): Promise<number> {
    const [row] = await this.db.run((m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_events WHERE relayed_at IS NULL`));
    return row.n;
  }

  /** Seconds since the oldest event still waiting for the relay was written; 0 when none waits. */
  async oldestPendingAgeSeconds(): Promise<number> {
    // min() over the partial index of unrelayed events: one index probe.
    const [row] = await this.db.run((m) => m.query<{ oldest: Date | null }[]>(`SELECT min(occurred_at) AS oldest FROM outbox_events WHERE relayed_at IS NULL`));
    return row.oldest ? Math.max(0, (this.clock.now().getTime() - new Date(row.oldest).getTime()) / 1000) : 0;
  }

  /**
   * Deliveries that need their job queued: redeliveries someone asked for,
   * and attempts overdue by more than the grace period (their job was lost).
   */
  async dueDeliveries(limit = 1000): Promise<(DueDelivery & { overdue: boolean })[]> {
    const now = this.clock.now();
    return this.db.run((manager) =>
      manager.query<(DueDelivery & { overdue: boolean })[]>(
        `(SELECT id, partnership_id AS "partnershipId", attempts + 1 AS attempt, false AS overdue FROM webhook_deliveries
           WHERE redelivery_requested_at IS NOT NULL AND status = 'pending' ORDER BY redelivery_requested_at LIMIT $2)
         UNION ALL
         (SELECT id, partnership_id AS "partnershipId", attempts + 1 AS attempt, true AS overdue FROM webhook_deliveries
           WHERE status IN ('pending', 'retrying', 'in_flight') AND next_attempt_at <= $1 AND redelivery_requested_at IS NULL
           ORDER BY next_attempt_at LIMIT $2)`,
        [new Date(now.getTime() - DISPATCH_GRACE_MS), limit],
      ),
    );
  }
}
