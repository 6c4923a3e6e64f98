import type { AuditService } from '../audit/audit.service';
import type { DomainEventType } from '../notifications/domain-events';
import type { OutboxService } from '../notifications/outbox.service';

/** A change that both the audit trail and the webhook subscribers hear of, about one subject. */
export interface AnnouncedChange {
  /** The domain event's type; the audit row's action too, unless `auditAction` names another. */
  event: DomainEventType;
  /** The audit row's action, where it says more than the event (e.g. `problem.reopened` for `problem.stage_changed`). */
  auditAction?: string;
  /** What changed: the audit row's target and the event's subject. */
  subject: { type: string; id: string };
  /** The audit row's details. */
  details: Record<string, unknown>;
  /** The event's data: ids, states and links only, never personal data. */
  data: Record<string, unknown>;
}

/**
 * Records a change in the audit trail, then adds its domain event to the
 * outbox, both inside the caller's transaction: what every context does
 * after a change that subscribers are told of.
 */
export async function recordAndAnnounce(audit: AuditService, outbox: OutboxService, change: AnnouncedChange): Promise<void> {
  await audit.record({ action: change.auditAction ?? change.event, target: change.subject, details: change.details });
  await outbox.add({ type: change.event, subject: change.subject, data: change.data });
}
