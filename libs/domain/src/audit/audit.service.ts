import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost, uuidv7 } from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, RequestContexts, type Actor } from '@app/core/security';
import { chainHash, findBreak, GENESIS_HASH, type BreakReason, type ChainedRow } from './audit-chain';
import { AuditEvent } from './audit-event.entity';

export interface AuditInput {
  /** What happened: `<thing>.<verb>`, e.g. `member.added`, `problem.read`, `auth.login_failed`. */
  action: string;
  /** What it happened to. */
  target?: { type: string; id?: string | null };
  /** Defaults to the current transaction's partnership; null records a platform-wide event. */
  partnershipId?: string | null;
  /** Further facts (never secrets; personal data only where the event needs it). */
  details?: Record<string, unknown>;
  /** Defaults to the principal of the request context, else the system. */
  actor?: Actor;
}

export interface AuditQuery extends PageQueryDto {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

export interface ChainReport {
  intact: boolean;
  /** Rows checked (up to and including the first broken one). */
  checkedRows: number;
  lastSeq: number | null;
  lastHash: string | null;
  firstBroken: { id: string; seq: number; reason: BreakReason } | null;
}

const BATCH = 500;
const COLUMNS = `id, partnership_id AS "partnershipId", seq::text AS seq, occurred_at AS "occurredAt", actor_type AS "actorType",
  actor_id AS "actorId", action, target_type AS "targetType", target_id AS "targetId", request_id AS "requestId",
  details, prev_hash AS "prevHash", hash`;

type Row = Omit<ChainedRow, 'occurredAt'> & { occurredAt: Date; hash: string };

/**
 * The append-only, hash-chained audit trail. Every create, change, state
 * transition, authentication event and read of personal data calls
 * `record()` inside the transaction that does the work, so the row commits
 * (or rolls back) with it.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends a row to the chain of the partnership. Rows of one partnership
   * are serialised by a transaction-scoped advisory lock, held until the
   * surrounding transaction ends, so the chain never forks.
   */
  async record(input: AuditInput): Promise<AuditEvent> {
    if (!this.tx.inTransaction) {
      throw new Error('AuditService.record() runs inside the transaction of the work it records (TransactionHost.run)');
    }
    const partnershipId = input.partnershipId === undefined ? this.tx.partnershipId : input.partnershipId;
    if (partnershipId !== this.tx.partnershipId) {
      if (this.tx.partnershipId === null && partnershipId) return this.tx.run(partnershipId, () => this.append(partnershipId, input));
      throw new Error('An audit row is recorded in the partnership of the current transaction');
    }
    return this.append(partnershipId, input);
  }

  private async append(partnershipId: string | null, input: AuditInput): Promise<AuditEvent> {
    const m = this.tx.manager;
    const context = RequestContexts.current();
    const actor = input.actor ?? actorOf(context?.principal);
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('audit_events'), hashtext($1))`, [partnershipId ?? 'platform']);
    const last = await m.query<{ seq: string; hash: string }[]>(
      partnershipId
        ? `SELECT seq::text AS seq, hash FROM audit_events WHERE partnership_id = $1 ORDER BY audit_events.seq DESC LIMIT 1`
        : `SELECT seq::text AS seq, hash FROM audit_events WHERE partnership_id IS NULL ORDER BY audit_events.seq DESC LIMIT 1`,
      partnershipId ? [partnershipId] : [],
    );
    const occurredAt = this.clock.now();
    const row: ChainedRow = {
      id: uuidv7(),
      partnershipId,
      seq: last[0] ? String(BigInt(last[0].seq) + 1n) : '1',
      occurredAt: occurredAt.toISOString(),
      actorType: actor.type,
      actorId: actor.id,
      action: input.action,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      requestId: context?.requestId ?? null,
      // Normalised through JSON so the stored jsonb and the hashed value agree.
      details: JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>,
      prevHash: last[0]?.hash ?? GENESIS_HASH,
    };
    const hash = chainHash(row);
    await m.query(
      `INSERT INTO audit_events (id, partnership_id, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, request_id, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [row.id, partnershipId, row.seq, occurredAt, row.actorType, row.actorId, row.action, row.targetType, row.targetId, row.requestId, JSON.stringify(row.details), row.prevHash, hash],
    );
    return Object.assign(new AuditEvent(), { ...row, occurredAt, details: row.details as Record<string, unknown>, hash });
  }

  /** The partnership's audit rows, newest first, filtered; keyset-paginated on `seq`. */
  async list(partnershipId: string, query: AuditQuery): Promise<Page<AuditEvent>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager.getRepository(AuditEvent).createQueryBuilder('e').where('e.partnership_id = :partnershipId', { partnershipId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.targetType) qb.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('e.target_id = :targetId', { targetId: query.targetId });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: query.to });
    if (after) qb.andWhere('e.seq < :seq', { seq: String(after.k) });
    const rows = await qb.orderBy('e.seq', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit, (r) => ({ k: r.seq, id: r.id }), (r) => r);
  }

  /**
   * Walks the partnership's chain (null: the platform chain) from the first
   * row, recomputing every hash; reports the first row that does not follow.
   */
  async verify(partnershipId: string | null): Promise<ChainReport> {
    const m = this.tx.manager;
    let expectedSeq = 1n;
    let expectedPrev = GENESIS_HASH;
    let checked = 0;
    let lastSeq = 0n;
    for (;;) {
      const rows = await m.query<Row[]>(
        partnershipId
          ? `SELECT ${COLUMNS} FROM audit_events WHERE partnership_id = $1 AND seq > $2 ORDER BY audit_events.seq LIMIT ${BATCH}`
          : `SELECT ${COLUMNS} FROM audit_events WHERE partnership_id IS NULL AND seq > $1 ORDER BY audit_events.seq LIMIT ${BATCH}`,
        partnershipId ? [partnershipId, String(lastSeq)] : [String(lastSeq)],
      );
      if (!rows.length) break;
      const chained = rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt).toISOString() }));
      const broken = findBreak(chained, { expectedSeq, expectedPrev });
      if (broken) {
        const row = chained[broken.index];
        return {
          intact: false,
          checkedRows: checked + broken.index + 1,
          lastSeq: expectedSeq > 1n ? Number(expectedSeq - 1n) : null,
          lastHash: expectedSeq > 1n ? expectedPrev : null,
          firstBroken: { id: row.id, seq: Number(row.seq), reason: broken.reason },
        };
      }
      checked += rows.length;
      const tail = chained[chained.length - 1];
      lastSeq = BigInt(tail.seq);
      expectedSeq = lastSeq + 1n;
      expectedPrev = tail.hash;
    }
    return {
      intact: true,
      checkedRows: checked,
      lastSeq: checked ? Number(lastSeq) : null,
      lastHash: checked ? expectedPrev : null,
      firstBroken: null,
    };
  }
}
