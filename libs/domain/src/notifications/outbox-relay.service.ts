import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, CrossPartnershipHost, type AppConfig } from '@app/core';
import { OutboxRelayRepository, type PendingEvent } from './outbox-relay.repository';
import type { DueDelivery } from './webhook-deliveries.repository';

export type { PendingEvent } from './outbox-relay.repository';

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
    private readonly repository: OutboxRelayRepository,
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
      const events = await this.repository.claimPending(manager, limit);
      if (!events.length) return 0;
      await enqueue(events);
      await this.repository.markRelayed(
        manager,
        events.map((e) => e.id),
        this.clock.now(),
      );
      return events.length;
    });
  }

  /** Events not yet relayed (operations). */
  pendingCount(): Promise<number> {
    return this.repository.pendingCount();
  }

  /** Seconds since the oldest event still waiting for the relay was written; 0 when none waits. */
  async oldestPendingAgeSeconds(): Promise<number> {
    const oldest = await this.repository.oldestPending();
    return oldest ? Math.max(0, (this.clock.now().getTime() - oldest.getTime()) / 1000) : 0;
  }

  /**
   * Deliveries that need their job queued: redeliveries someone asked for,
   * and attempts overdue by more than the grace period (their job was lost).
   */
  dueDeliveries(limit = 1000): Promise<(DueDelivery & { overdue: boolean })[]> {
    return this.repository.dueDeliveries(new Date(this.clock.now().getTime() - DISPATCH_GRACE_MS), limit);
  }
}
