import { Injectable } from '@nestjs/common';
import { TransactionHost, isUuid } from '@app/core';
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

/** A flag to raise, as the flags table stores its cause. */
export interface FlagCause {
  partnership_id: string;
  kind: FlagKind;
  subject_type: string;
  subject_id: string;
  /** YYYY-MM-DD (Europe/London). */
  due_date: string;
  data: Record<string, unknown>;
}

/** Which flags of a partnership a page holds, most recently raised first. */
export interface FlagPageQuery {
  kind?: FlagKind;
  /** true: only open flags; false: only resolved ones; undefined: all. */
  open?: boolean;
  subjectId?: string;
  after?: { raisedAt: string; id: string };
  limit: number;
}

/** Who acknowledged a flag. */
export interface Acknowledger {
  type: 'user' | 'api_key';
  id: string | null;
}

/**
 * Every query on the flags table outside the scans (FlagScanRepository runs
 * those across partnerships). Raising and resolving write the flags and their
 * outbox events in one statement each (flag-sql.ts).
 */
@Injectable()
export class FlagsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Raises the causes that have no open flag yet; returns the flags raised. */
  raise(causes: readonly FlagCause[], now: Date, requestId: string | null): Promise<FlagView[]> {
    return this.tx.manager.query<FlagView[]>(RAISE_SQL, [JSON.stringify(causes), now, requestId]);
  }

  /** Resolves the open flags of the subjects (of the kinds, or all when null) as `cause_fixed`; returns the flags resolved. */
  resolveFor(
    partnershipId: string,
    subject: { type: string; ids: string[] },
    kinds: FlagKind[] | null,
    now: Date,
    requestId: string | null,
  ): Promise<FlagView[]> {
    return this.tx.manager.query<FlagView[]>(RESOLVE_FOR_SQL, [partnershipId, subject.type, subject.ids, kinds, now, requestId]);
  }

  /** The partnership's flags by (raisedAt, id) descending; `limit` rows at most. */
  page(partnershipId: string, query: FlagPageQuery): Promise<FlagView[]> {
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
    if (query.after) where.push(`(raised_at, id) < (${param(query.after.raisedAt)}::timestamptz, ${param(query.after.id)}::uuid)`);
    return this.tx.manager.query<FlagView[]>(
      `SELECT ${FLAG_SELECT} FROM flags WHERE ${where.join(' AND ')} ORDER BY raised_at DESC, id DESC LIMIT ${Math.trunc(query.limit)}`,
      params,
    );
  }

  /** The flag, or null when the partnership has none with that id (also for a malformed id). */
  async find(partnershipId: string, id: string): Promise<FlagView | null> {
    if (!isUuid(id)) return null;
    const [flag] = await this.tx.manager.query<FlagView[]>(`SELECT ${FLAG_SELECT} FROM flags WHERE partnership_id = $1 AND id = $2`, [partnershipId, id]);
    return flag ?? null;
  }

  /**
   * Records the acknowledgement of the flag at `version` and moves its
   * version; null when it is no longer at that version or was acknowledged
   * meanwhile (a concurrent acknowledgement or resolution).
   */
  async acknowledge(partnershipId: string, id: string, version: number, by: Acknowledger, at: Date): Promise<FlagView | null> {
    const [flag] = await this.tx.manager.query<FlagView[]>(
      `WITH acknowledged AS (
         UPDATE flags SET acknowledged_at = $3, acknowledged_by_type = $4, acknowledged_by_id = $5, version = version + 1, updated_at = $3
          WHERE partnership_id = $1 AND id = $2 AND version = $6 AND acknowledged_at IS NULL
         RETURNING *)
       SELECT ${FLAG_SELECT} FROM acknowledged`,
      [partnershipId, id, at, by.type, by.id, version],
    );
    return flag ?? null;
  }
}
