import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, TransactionHost, notFound, requireTransaction, versionMismatch } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { currentPrincipal, RequestContexts } from '@app/core/security';
import { AuditService } from '../audit';
import type { FlagKind } from './flag-kinds';
import { FlagErrors } from './flags.errors';
import { FlagsRepository, type Acknowledger, type FlagCause, type FlagView } from './flags.repository';

export type { FlagView };

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
    private readonly repository: FlagsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private requireTransaction(what: string): void {
    requireTransaction(this.tx, `FlagsService.${what}() runs inside the transaction of the change`);
  }

  /**
   * Raises flags, set-based: those whose cause key (partnership, kind,
   * subject, due date) already has a flag are skipped. Returns only the
   * flags actually raised.
   */
  async raise(items: readonly RaiseFlagInput[]): Promise<FlagView[]> {
    this.requireTransaction('raise');
    if (!items.length) return [];
    const causes = items.map((item): FlagCause => {
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
    return this.repository.raise(causes, this.clock.now(), RequestContexts.current()?.requestId ?? null);
  }

  /**
   * Resolves the open flags of a subject (or several of one type), optionally
   * only some kinds, in the current transaction: call it in the transaction
   * that fixes the cause (review recorded, evaluation saved, action done,
   * strategy republished). Returns the flags resolved.
   */
  async resolveFor(
    subject: { type: string; id: string | readonly string[] },
    options: { kinds?: readonly FlagKind[]; partnershipId?: string } = {},
  ): Promise<FlagView[]> {
    this.requireTransaction('resolveFor');
    const partnershipId = options.partnershipId ?? this.tx.partnershipId;
    if (!partnershipId) throw new Error('Flags are resolved within a partnership');
    const ids = typeof subject.id === 'string' ? [subject.id] : [...subject.id];
    if (!ids.length) return [];
    const kinds = options.kinds?.length ? [...options.kinds] : null;
    return this.repository.resolveFor(partnershipId, { type: subject.type, ids }, kinds, this.clock.now(), RequestContexts.current()?.requestId ?? null);
  }

  /** The partnership's flags, most recently raised first; keyset on (raised_at, id). */
  async list(partnershipId: string, query: FlagQuery): Promise<Page<FlagView>> {
    return readPage(
      query,
      (after, limit) =>
        this.repository.page(partnershipId, {
          kind: query.kind,
          open: query.open,
          subjectId: query.subjectId,
          after: after && { raisedAt: String(after.k), id: after.id },
          limit,
        }),
      (r) => ({ k: new Date(r.raisedAt).toISOString(), id: r.id }),
      (r) => r,
    );
  }

  async get(partnershipId: string, id: string): Promise<FlagView> {
    const flag = await this.repository.find(partnershipId, id);
    if (!flag) throw notFound('flag');
    return flag;
  }

  /**
   * Records that someone has seen the flag (audited). Once only: 409 when
   * already acknowledged; 412 when `expectedVersion` is stale.
   */
  async acknowledge(partnershipId: string, id: string, expectedVersion?: number): Promise<FlagView> {
    this.requireTransaction('acknowledge');
    const current = await this.get(partnershipId, id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw versionMismatch();
    if (current.acknowledgedAt) throw FlagErrors.flagAlreadyAcknowledged.error('The flag has already been acknowledged.');
    const principal = currentPrincipal();
    const by: Acknowledger =
      principal?.kind === 'api_key' ? { type: 'api_key', id: principal.apiKeyId ?? null } : { type: 'user', id: principal?.userId ?? null };
    const flag = await this.repository.acknowledge(partnershipId, current.id, current.version, by, this.clock.now());
    // Changed between our read and our write (a concurrent acknowledgement or resolution).
    if (!flag) throw CommonErrors.preconditionFailed.error('The flag changed while it was being acknowledged; fetch it again and retry.');
    await this.audit.record({
      action: 'flag.acknowledged',
      target: { type: 'flag', id: flag.id },
      details: { kind: flag.kind, subjectType: flag.subjectType, subjectId: flag.subjectId, dueDate: flag.dueDate },
    });
    return flag;
  }
}
