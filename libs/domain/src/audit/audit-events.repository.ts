import { Injectable } from '@nestjs/common';
import { oneRow, TransactionHost } from '@app/core';
import { AuditChainRepository, type AuditRowForChain, type CheckpointRow } from './audit-chain.repository';
import { AuditEvent } from './audit-event.entity';

/** What the trail can be filtered by: the action, the target, the actor and a time range (from inclusive). */
export interface AuditEventFilters {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/** A page of the trail, newest first, before the `seq` of the last row seen. */
export interface AuditEventPageQuery extends AuditEventFilters {
  beforeSeq?: string;
  limit: number;
}

/**
 * The audit trail as the request's transaction reads and appends it; the
 * chain's own reads (AuditChainRepository, which the sealer drives on its
 * cross-partnership connection) run here on the transaction's connection.
 */
@Injectable()
export class AuditEventsRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly chains: AuditChainRepository,
  ) {}

  /** One INSERT; the row's `seq` (its append order) comes from a sequence. */
  async append(row: AuditEvent): Promise<string> {
    const inserted = await this.tx.manager.query<{ seq: string }[]>(
      `INSERT INTO audit_events (id, partnership_id, occurred_at, actor_type, actor_id, action, target_type, target_id, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq::text AS seq`,
      [
        row.id,
        row.partnershipId,
        row.occurredAt,
        row.actorType,
        row.actorId,
        row.action,
        row.targetType,
        row.targetId,
        row.requestId,
        JSON.stringify(row.details),
      ],
    );
    return oneRow(inserted, 'the appended seq').seq;
  }

  page(partnershipId: string, query: AuditEventPageQuery): Promise<AuditEvent[]> {
    const qb = this.tx.manager.getRepository(AuditEvent).createQueryBuilder('e').where('e.partnership_id = :partnershipId', { partnershipId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.targetType) qb.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('e.target_id = :targetId', { targetId: query.targetId });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: query.to });
    if (query.beforeSeq !== undefined) qb.andWhere('e.seq < :seq', { seq: query.beforeSeq });
    return qb.orderBy('e.seq', 'DESC').limit(query.limit).getMany();
  }

  /** Sealed rows of the chain after `position`, in chain order. */
  sealedAfter(partnershipId: string | null, position: string, limit: number): Promise<AuditRowForChain[]> {
    return this.chains.sealedAfter(this.tx.manager, partnershipId, position, limit);
  }

  /** Checkpoints of the chain whose last position is after `after` (and at most `upTo`). */
  checkpoints(partnershipId: string | null, after: string, upTo: string | null): Promise<CheckpointRow[]> {
    return this.chains.checkpoints(this.tx.manager, partnershipId, after, upTo);
  }

  checkpointPage(partnershipId: string, beforePosition: string | null, limit: number): Promise<CheckpointRow[]> {
    return this.chains.checkpointPage(this.tx.manager, partnershipId, beforePosition, limit);
  }

  unsealedSummary(partnershipId: string | null): Promise<{ rows: number; oldest: Date | null }> {
    return this.chains.unsealedSummary(this.tx.manager, partnershipId);
  }
}
