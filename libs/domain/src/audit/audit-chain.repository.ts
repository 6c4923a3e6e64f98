import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { oneRow } from '@app/core';
import type { ChainedRow } from './audit-chain';

/** A row as the sealer and the verifier read it; `seq` is its append order. */
export type AuditRowForChain = Omit<ChainedRow, 'occurredAt' | 'prevHash'> & {
  chainPosition: string | null;
  occurredAt: Date;
  prevHash: string | null;
  hash: string | null;
};

export interface CheckpointRow {
  id: string;
  partnershipId: string | null;
  firstPosition: string;
  lastPosition: string;
  rootHash: string;
  keyId: string;
  signature: string;
  signedAt: Date;
}

export interface SealedRow {
  id: string;
  chainPosition: string;
  prevHash: string;
  hash: string;
}

const ROW_COLUMNS = `id, seq::text AS seq, partnership_id AS "partnershipId", chain_position::text AS "chainPosition", occurred_at AS "occurredAt",
  actor_type AS "actorType", actor_id AS "actorId", action, target_type AS "targetType", target_id AS "targetId", request_id AS "requestId",
  details, prev_hash AS "prevHash", hash`;
const CHECKPOINT_COLUMNS = `id, partnership_id AS "partnershipId", first_position::text AS "firstPosition", last_position::text AS "lastPosition",
  root_hash AS "rootHash", key_id AS "keyId", signature, signed_at AS "signedAt"`;

/** The rows of one chain: a partnership's ($1 its id), or the platform's ($1 null). Written so each uses its partial index. */
const chain = (pid: string | null) => (pid ? `partnership_id = $1` : `partnership_id IS NULL AND $1::uuid IS NULL`);

/** The fields a sealed row's hash covers: its chain position stands as `seq`. */
export function chainedFields(row: AuditRowForChain, position: string, prevHash: string): ChainedRow {
  return {
    id: row.id,
    partnershipId: row.partnershipId,
    seq: position,
    occurredAt: new Date(row.occurredAt).toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    details: row.details,
    prevHash,
  };
}

/**
 * Queries of the audit chain: what the sealer (the worker role, across
 * partnerships) and the verifier (in the partnership's transaction) read and
 * write. Every method takes the manager of the transaction it runs in.
 */
@Injectable()
export class AuditChainRepository {
  /** The chains with rows waiting to be sealed (null: the platform chain). */
  async unsealedChains(m: EntityManager): Promise<(string | null)[]> {
    const rows = await m.query<{ partnershipId: string | null }[]>(`SELECT DISTINCT partnership_id AS "partnershipId" FROM audit_events WHERE hash IS NULL`);
    return rows.map((r) => r.partnershipId);
  }

  /** Takes the chain's sealing lock for the transaction, unless another sealer holds it. */
  async trySealLock(m: EntityManager, pid: string | null): Promise<boolean> {
    const rows = await m.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(hashtext('audit_seal'), hashtext($1)) AS locked`, [pid ?? 'platform']);
    return oneRow(rows, 'the seal lock answer').locked;
  }

  /** The chain's last sealed row (its head), or null for an empty chain. */
  async head(m: EntityManager, pid: string | null): Promise<{ position: string; hash: string } | null> {
    const [row] = await m.query<{ position: string; hash: string }[]>(
      `SELECT chain_position::text AS position, hash FROM audit_events WHERE ${chain(pid)} AND chain_position IS NOT NULL ORDER BY chain_position DESC LIMIT 1`,
      [pid],
    );
    return row ?? null;
  }

  /** The chain's oldest unsealed rows, in append order. */
  async unsealed(m: EntityManager, pid: string | null, limit: number): Promise<AuditRowForChain[]> {
    return m.query<AuditRowForChain[]>(
      `SELECT ${ROW_COLUMNS} FROM audit_events WHERE ${chain(pid)} AND hash IS NULL ORDER BY audit_events.seq LIMIT ${Number(limit)}`,
      [pid],
    );
  }

  /** Writes the seals of rows still unsealed; returns how many it wrote. */
  async seal(m: EntityManager, rows: SealedRow[], sealedAt: Date): Promise<number> {
    const written = await m.query<{ n: number }[]>(
      `WITH sealed AS (
         UPDATE audit_events e SET chain_position = v.position, prev_hash = v.prev, hash = v.hash, sealed_at = $5
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS v(id, position, prev, hash)
         WHERE e.id = v.id AND e.hash IS NULL
         RETURNING e.id
       )
       SELECT count(*)::int AS n FROM sealed`,
      [rows.map((r) => r.id), rows.map((r) => r.chainPosition), rows.map((r) => r.prevHash), rows.map((r) => r.hash), sealedAt],
    );
    return oneRow(written, 'the sealed count').n;
  }

  async insertCheckpoint(m: EntityManager, c: CheckpointRow): Promise<void> {
    await m.query(
      `INSERT INTO audit_checkpoints (id, partnership_id, first_position, last_position, root_hash, key_id, signature, signed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [c.id, c.partnershipId, c.firstPosition, c.lastPosition, c.rootHash, c.keyId, c.signature, c.signedAt],
    );
  }

  /** Sealed rows after `position`, in chain order. */
  async sealedAfter(m: EntityManager, pid: string | null, position: string, limit: number): Promise<AuditRowForChain[]> {
    return m.query<AuditRowForChain[]>(
      `SELECT ${ROW_COLUMNS} FROM audit_events WHERE ${chain(pid)} AND chain_position > $2 ORDER BY chain_position LIMIT ${Number(limit)}`,
      [pid, position],
    );
  }

  /** Checkpoints with last position after `after` (and up to `upTo`, when given), in order. */
  async checkpoints(m: EntityManager, pid: string | null, after: string, upTo: string | null): Promise<CheckpointRow[]> {
    return m.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE ${chain(pid)} AND last_position > $2 ${upTo === null ? '' : 'AND last_position <= $3'}
       ORDER BY last_position`,
      upTo === null ? [pid, after] : [pid, after, upTo],
    );
  }

  /** Checkpoints newest first, before `beforePosition` when given (keyset pages). */
  async checkpointPage(m: EntityManager, pid: string, beforePosition: string | null, limit: number): Promise<CheckpointRow[]> {
    return m.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE partnership_id = $1 ${beforePosition === null ? '' : 'AND last_position < $2'}
       ORDER BY last_position DESC LIMIT ${Number(limit)}`,
      beforePosition === null ? [pid] : [pid, beforePosition],
    );
  }

  /** How many rows wait to be sealed, and since when. */
  async unsealedSummary(m: EntityManager, pid: string | null): Promise<{ rows: number; oldest: Date | null }> {
    const rows = await m.query<{ rows: number; oldest: Date | null }[]>(
      `SELECT count(*)::int AS rows, min(occurred_at) AS oldest FROM audit_events WHERE ${chain(pid)} AND hash IS NULL`,
      [pid],
    );
    return oneRow(rows, 'the unsealed summary');
  }
}
