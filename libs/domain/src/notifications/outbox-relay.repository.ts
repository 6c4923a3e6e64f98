import { Injectable } from '@nestjs/common';
import { CrossPartnershipHost, oneRow } from '@app/core';
import type { EntityManager } from 'typeorm';
import type { DueDelivery } from './webhook-deliveries.repository';

export interface PendingEvent {
  id: string;
  partnershipId: string;
  type: string;
}

/**
 * The relay's statements, across every partnership (the worker's
 * cross-partnership role): the outbox events still to relay and the
 * deliveries whose job must be (re)queued.
 */
@Injectable()
export class OutboxRelayRepository {
  constructor(private readonly db: CrossPartnershipHost) {}

  /** Locks the oldest events not yet relayed, skipping those another relay holds, in the run's transaction. */
  claimPending(manager: EntityManager, limit: number): Promise<PendingEvent[]> {
    return manager.query<PendingEvent[]>(
      `SELECT id, partnership_id AS "partnershipId", type FROM outbox_events
        WHERE relayed_at IS NULL ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markRelayed(manager: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    await manager.query(`UPDATE outbox_events SET relayed_at = $2 WHERE id = ANY($1::uuid[])`, [ids, at]);
  }

  async pendingCount(): Promise<number> {
    const rows = await this.db.run((m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_events WHERE relayed_at IS NULL`));
    return oneRow(rows, 'the pending count').n;
  }

  /** When the oldest event still waiting was written, or null when none waits. */
  async oldestPending(): Promise<Date | null> {
    // min() over the partial index of unrelayed events: one index probe.
    const rows = await this.db.run((m) => m.query<{ oldest: Date | null }[]>(`SELECT min(occurred_at) AS oldest FROM outbox_events WHERE relayed_at IS NULL`));
    const row = oneRow(rows, 'the oldest pending time');
    return row.oldest ? new Date(row.oldest) : null;
  }

  /** Redeliveries asked for, and attempts due before `overdueBefore` (their job was lost); `limit` of each. */
  dueDeliveries(overdueBefore: Date, limit: number): Promise<(DueDelivery & { overdue: boolean })[]> {
    return this.db.run((manager) =>
      manager.query<(DueDelivery & { overdue: boolean })[]>(
        `(SELECT id, partnership_id AS "partnershipId", attempts + 1 AS attempt, false AS overdue FROM webhook_deliveries
           WHERE redelivery_requested_at IS NOT NULL AND status = 'pending' ORDER BY redelivery_requested_at LIMIT $2)
         UNION ALL
         (SELECT id, partnership_id AS "partnershipId", attempts + 1 AS attempt, true AS overdue FROM webhook_deliveries
           WHERE status IN ('pending', 'retrying', 'in_flight') AND next_attempt_at <= $1 AND redelivery_requested_at IS NULL
           ORDER BY next_attempt_at LIMIT $2)`,
        [overdueBefore, limit],
      ),
    );
  }
}
