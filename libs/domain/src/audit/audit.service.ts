import { Injectable } from '@nestjs/common';
import { Clock, lastOf, requireTransaction, TransactionHost, uuidv7 } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, RequestContexts, type Actor } from '@app/core/security';
import { findBreak, GENESIS_HASH, type BreakReason } from './audit-chain';
import { chainedFields, type CheckpointRow } from './audit-chain.repository';
import { AuditEventsRepository, type AuditEventFilters } from './audit-events.repository';
import { AuditSigner, checkpointPayload, type CheckpointStatement } from './audit-signer';
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

export interface AuditQuery extends PageQueryDto, AuditEventFilters {}

export type CheckpointFailure = 'signature-invalid' | 'hash-mismatch' | 'rows-missing';

export interface ChainReport {
  intact: boolean;
  /** Sealed rows checked (up to and including the first broken one). */
  checkedRows: number;
  /** The chain position of the last row found intact. */
  lastSeq: number | null;
  lastHash: string | null;
  firstBroken: { id: string; seq: number; reason: BreakReason } | null;
  checkpoints: {
    checked: number;
    /** The newest checkpoint found good. */
    lastPosition: number | null;
    firstInvalid: { lastPosition: number; reason: CheckpointFailure } | null;
  };
  /** The checkpoint the caller kept outside the system, when given. */
  exported: { lastPosition: number; rootHash: string; matches: boolean; reason: CheckpointFailure | null } | null;
  /** Rows appended but not sealed yet (the worker seals within seconds). */
  unsealed: { rows: number; oldestOccurredAt: string | null; oldestAgeSeconds: number | null };
}

export interface ExportedCheckpoint {
  lastPosition: number;
  rootHash: string;
}

export interface CheckpointView extends CheckpointRow {
  /** The exact text signed (canonical JSON). */
  payload: string;
}

const BATCH = 500;

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
    private readonly events: AuditEventsRepository,
    private readonly signer: AuditSigner,
  ) {}

  /**
   * Appends a row to the trail of the partnership: one INSERT, its order
   * (`seq`) from a sequence, so appends never wait for each other. The worker
   * seals it into the partnership's hash chain within seconds (AuditSealer).
   */
  async record(input: AuditInput): Promise<AuditEvent> {
    requireTransaction(this.tx, 'AuditService.record() runs inside the transaction of the work it records');
    const partnershipId = input.partnershipId === undefined ? this.tx.partnershipId : input.partnershipId;
    if (partnershipId !== this.tx.partnershipId) {
      if (this.tx.partnershipId === null && partnershipId) return this.tx.run(partnershipId, () => this.append(partnershipId, input));
      throw new Error('An audit row is recorded in the partnership of the current transaction');
    }
    return this.append(partnershipId, input);
  }

  private async append(partnershipId: string | null, input: AuditInput): Promise<AuditEvent> {
    const context = RequestContexts.current();
    const actor = input.actor ?? actorOf(context?.principal);
    const row = Object.assign(new AuditEvent(), {
      id: uuidv7(),
      partnershipId,
      occurredAt: this.clock.now(),
      actorType: actor.type,
      actorId: actor.id,
      action: input.action,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      requestId: context?.requestId ?? null,
      // Normalised through JSON so the stored jsonb and the sealed hash agree.
      details: JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>,
      chainPosition: null,
      prevHash: null,
      hash: null,
      sealedAt: null,
    });
    row.seq = await this.events.append(row);
    return row;
  }

  /** The partnership's audit rows, newest first, filtered; keyset-paginated on `seq`. */
  async list(partnershipId: string, query: AuditQuery): Promise<Page<AuditEvent>> {
    const { action, targetType, targetId, actorId, from, to } = query;
    return readPage(
      query,
      (after, limit) =>
        this.events.page(partnershipId, { action, targetType, targetId, actorId, from, to, beforeSeq: after ? String(after.k) : undefined, limit }),
      (r) => ({ k: r.seq, id: r.id }),
      (r) => r,
    );
  }

  /**
   * Checks the partnership's chain (null: the platform chain): walks the
   * sealed rows from the first, recomputing every hash, and checks each
   * checkpoint's signature and that the row it names still has its hash.
   * A checkpoint beyond the last good row means rows were removed from the
   * end; the `exported` checkpoint (one the caller kept outside the
   * database) catches that even when the newest checkpoints went too.
   */
  async verify(partnershipId: string | null, exported?: ExportedCheckpoint): Promise<ChainReport> {
    const checkpoints: ChainReport['checkpoints'] = { checked: 0, lastPosition: null, firstInvalid: null };
    const outside: ChainReport['exported'] = exported ? { ...exported, matches: false, reason: 'rows-missing' } : null;
    const fail = (lastPosition: string, reason: CheckpointFailure) => {
      checkpoints.firstInvalid ??= { lastPosition: Number(lastPosition), reason };
    };
    let expectedSeq = 1n;
    let expectedPrev = GENESIS_HASH;
    let checked = 0;
    let broken: ChainReport['firstBroken'] = null;
    for (;;) {
      const from = String(expectedSeq - 1n);
      const rows = await this.events.sealedAfter(partnershipId, from, BATCH);
      if (!rows.length) break;
      const chained = rows.map((r) => ({ ...chainedFields(r, r.chainPosition!, r.prevHash!), hash: r.hash! }));
      const found = findBreak(chained, { expectedSeq, expectedPrev });
      const good = found ? chained.slice(0, found.index) : chained;
      if (good.length) {
        const hashAt = new Map(good.map((r) => [r.seq, r.hash]));
        const lastGood = lastOf(good);
        const upTo = lastGood.seq;
        for (const c of await this.events.checkpoints(partnershipId, from, upTo)) {
          checkpoints.checked += 1;
          if (!this.signer.verify(statementOf(c), c.signature)) fail(c.lastPosition, 'signature-invalid');
          else if (hashAt.get(c.lastPosition) !== c.rootHash) fail(c.lastPosition, 'hash-mismatch');
          else if (!checkpoints.firstInvalid) checkpoints.lastPosition = Number(c.lastPosition);
        }
        if (outside && hashAt.has(String(outside.lastPosition))) {
          outside.matches = hashAt.get(String(outside.lastPosition)) === outside.rootHash;
          outside.reason = outside.matches ? null : 'hash-mismatch';
        }
        checked += good.length;
        expectedSeq = BigInt(upTo) + 1n;
        expectedPrev = lastGood.hash;
      }
      if (found) {
        const row = chained[found.index];
        if (!row) throw new Error(`Chain check answered row ${found.index} of ${chained.length}`);
        broken = { id: row.id, seq: Number(row.seq), reason: found.reason };
        checked += 1;
        break;
      }
    }
    // Checkpoints past the last good row vouch for rows that are gone (or broken).
    for (const c of await this.events.checkpoints(partnershipId, String(expectedSeq - 1n), null)) {
      checkpoints.checked += 1;
      fail(c.lastPosition, 'rows-missing');
    }
    const unsealed = await this.events.unsealedSummary(partnershipId);
    const lastSeq = expectedSeq > 1n ? Number(expectedSeq - 1n) : null;
    const oldest = unsealed.oldest ? new Date(unsealed.oldest) : null;
    return {
      intact: !broken && !checkpoints.firstInvalid && (!outside || outside.matches),
      checkedRows: checked,
      lastSeq,
      lastHash: lastSeq === null ? null : expectedPrev,
      firstBroken: broken,
      checkpoints,
      exported: outside,
      unsealed: {
        rows: unsealed.rows,
        oldestOccurredAt: oldest?.toISOString() ?? null,
        oldestAgeSeconds: oldest ? Math.max(0, Math.round((this.clock.now().getTime() - oldest.getTime()) / 1000)) : null,
      },
    };
  }

  /** The partnership's signed checkpoints, newest first (keyset on the last position), with the text each signature covers. */
  async checkpoints(partnershipId: string, query: PageQueryDto): Promise<Page<CheckpointView>> {
    return readPage(
      query,
      (after, limit) => this.events.checkpointPage(partnershipId, after ? String(after.k) : null, limit),
      (c) => ({ k: c.lastPosition, id: c.id }),
      (c) => ({ ...c, payload: checkpointPayload(statementOf(c)) }),
    );
  }

  /** The key checkpoints are signed with: its public half (SPKI PEM) and id. */
  get signingKey(): { algorithm: 'Ed25519'; keyId: string; publicKey: string } {
    return { algorithm: 'Ed25519', keyId: this.signer.keyId, publicKey: this.signer.publicKeyPem };
  }
}

function statementOf(c: CheckpointRow): CheckpointStatement {
  return { partnershipId: c.partnershipId, lastPosition: c.lastPosition, rootHash: c.rootHash, keyId: c.keyId, signedAt: new Date(c.signedAt).toISOString() };
}
