import { Injectable } from '@nestjs/common';
import { Clock, ConflictProblem, NotFoundProblem, PreconditionFailedProblem, TransactionHost, isUuid } from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { currentPrincipal, RequestContexts } from '@app/core/security';
import { AuditService } from '../audit/audit.service';
import type { FlagKind, FlagResolution } from './flag-kinds';
import { FLAG_SELECT, RAISE_SQL, RESOLVE_FOR_SQL } from './flag-sql';

/** A flag as the services return it (plain values, dates as Date). */
export interface FlagView {
  id: string;
  partnershipId: string;
  kind: FlagKind;
  subjectType: string;
  subjectId: string;
  dueDate: string;
  data: Record<string, unknown>;
  raisedAt: Date;
  resolvedAt: Date | null;
  resolution: FlagResolution | null;
  acknowledgedAt: Date | null;
  acknowledgedByType: 'user' | 'api_key' | null;
  acknowledgedById: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RaiseFlagInput {
  kind: FlagKind;
  subject: { type: string; id: string };
  /** YYYY-MM-DD (Europe/London). */
  dueDate: string;
  /** Ids and links only. */
  data?: Record<string, unknown>;
  /** Defaults to the current transaction's partnership. */
  partnershipId?: string;
}

export interface FlagQuery extends PageQueryDto {
  kind?: FlagKind;
  /** true: only open flags; false: only resolved ones; undefined: all. */
  open?: boolean;
  subjectId?: string;
}

/**
 * Flags: raised by scanners (FlagScanService, in the worker) or directly by
 * a context in its own transaction; resolved when their cause is fixed, in
 * the same transaction as the fix (`resolveFor`) or by the next scan. Every
 * raise and resolve writes `flag.raised` / `flag.resolved` to the outbox in
 * the same statement.
 */
@Injectable()
export class FlagsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private requireTransaction(what: string): void {
    if (!this.tx.inTransaction) throw new Error(`FlagsService.${what}() runs inside the transaction of the change (TransactionHost.run)`);
  }

  /**
   * Raises flags, set-based: those whose cause key (partnership, kind,
   * subject, due date) already has a flag are skipped. Returns only the
   * flags actually raised.
   */
  async raise(items: readonly RaiseFlagInput[]): Promise<FlagView[]> {
    this.requireTransaction('raise');
    if (!items.length) return [];
    const rows = items.map((item) => {
      const partnershipId = item.partnershipId ?? this.tx.partnershipId;
      if (!partnershipId) throw new Error('A flag belongs to a partnership');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(item.dueDate)) throw new Error(`A flag's due date is YYYY-MM-DD, not ${item.dueDate}`);
      return {
        partnership_id: partnershipId,
        kind: item.kind,
        subject_type: item.subject.type,
        subject_id: item.subject.id,
        due_date: item.dueDate,
        data: item.data ?? {},
      };
    });
    return this.tx.manager.query<FlagView[]>(RAISE_SQL, [JSON.stringify(rows), this.clock.now(), RequestContexts.current()?.requestId ?? null]);
  }

  /**
   * Resolves the open flags of a subject (or several of one type), optionally
   * only some kinds, in the current transaction: call it in the transaction
   * that fixes the cause (review recorded, evaluation saved, action done,
   * strategy republished). Returns the flags resolved.
   */
  async resolveFor(subject: { type: string; id: string | readonly string[] }, options: { kinds?: readonly FlagKind[]; partnershipId?: string } = {}): Promise<FlagView[]> {
    this.requireTransaction('resolveFor');
    const partnershipId = options.partnershipId ?? this.tx.partnershipId;
    if (!partnershipId) throw new Error('Flags are resolved within a partnership');
    const ids = typeof subject.id === 'string' ? [subject.id] : [...subject.id];
    if (!ids.length) return [];
    return this.tx.manager.query<FlagView[]>(RESOLVE_FOR_SQL, [
      partnershipId,
      subject.type,
      ids,
      options.kinds?.length ? [...options.kinds] : null,
      this.clock.now(),
      RequestContexts.current()?.requestId ?? null,
    ]);
  }

  /** The partnership's flags, most recently raised first; keyset on (raised_at, id). */
  async list(partnershipId: string, query: FlagQuery): Promise<Page<FlagView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const where = ['partnership_id = $1'];
    const params: unknown[] = [partnershipId];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.kind) where.push(`kind = ${param(query.kind)}`);
    if (query.open === true) where.push('resolved_at IS NULL');
    if (query.open === false) where.push('resolved_at IS NOT NULL');
    if (query.subjectId) where.push(`subject_id = ${param(query.subjectId)}::uuid`);
    if (after) where.push(`(raised_at, id) < (${param(after.k)}::timestamptz, ${param(after.id)}::uuid)`);
    const rows = await this.tx.manager.query<FlagView[]>(
      `SELECT ${FLAG_SELECT} FROM flags WHERE ${where.join(' AND ')} ORDER BY raised_at DESC, id DESC LIMIT ${limit + 1}`,
      params,
    );
    return toPage(rows, limit, (r) => ({ k: new Date(r.raisedAt).toISOString(), id: r.id }), (r) => r);
  }

  async get(partnershipId: string, id: string): Promise<FlagView> {
    const rows = isUuid(id) ? await this.tx.manager.query<FlagView[]>(`SELECT ${FLAG_SELECT} FROM flags WHERE partnership_id = $1 AND id = $2`, [partnershipId, id]) : [];
    if (!rows.length) throw new NotFoundProblem('flag');
    return rows[0];
  }

  /**
   * Records that someone has seen the flag (audited). Once only: 409 when
   * already acknowledged; 412 when `expectedVersion` is stale.
   */
  async acknowledge(partnershipId: string, id: string, expectedVersion?: number): Promise<FlagView> {
    this.requireTransaction('acknowledge');
    const current = await this.get(partnershipId, id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw new PreconditionFailedProblem();
    if (current.acknowledgedAt) throw new ConflictProblem('flag-already-acknowledged', 'The flag has already been acknowledged.');
    const principal = currentPrincipal();
    const by = principal?.kind === 'api_key' ? { type: 'api_key', id: principal.apiKeyId ?? null } : { type: 'user', id: principal?.userId ?? null };
    const rows = await this.tx.manager.query<FlagView[]>(
      `WITH acknowledged AS (
         UPDATE flags SET acknowledged_at = $3, acknowledged_by_type = $4, acknowledged_by_id = $5, version = version + 1, updated_at = $3
          WHERE partnership_id = $1 AND id = $2 AND version = $6 AND acknowledged_at IS NULL
         RETURNING *)
       SELECT ${FLAG_SELECT} FROM acknowledged`,
      [partnershipId, id, this.clock.now(), by.type, by.id, current.version],
    );
    // Changed between our read and our write (a concurrent acknowledgement or resolution).
    if (!rows.length) throw new PreconditionFailedProblem('The flag changed while it was being acknowledged; fetch it again and retry.');
    const flag = rows[0];
    await this.audit.record({
      action: 'flag.acknowledged',
      target: { type: 'flag', id: flag.id },
      details: { kind: flag.kind, subjectType: flag.subjectType, subjectId: flag.subjectId, dueDate: flag.dueDate },
    });
    return flag;
  }
}
