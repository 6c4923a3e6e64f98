import { canonicalJson } from '@app/core/json/canonical-json';
import { createHash } from 'node:crypto';

/** The `prevHash` of the first row of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a row's hash covers: all of them but the hash itself. */
export interface ChainedRow {
  id: string;
  partnershipId: string | null;
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  details: unknown;
  prevHash: string;
}

/** SHA-256 (hex) of the canonical row, which includes the previous row's hash. */
export function chainHash(row: ChainedRow): string {
  return createHash('sha256').update(canonicalJson(row), 'utf8').digest('hex');
}

export type BreakReason = 'sequence-gap' | 'previous-hash-mismatch' | 'hash-mismatch';

/**
 * Checks a run of rows (in `seq` order) continuing a chain whose last good
 * row had `expectedSeq - 1` and `expectedPrev`. Returns the first broken row.
 */
export function findBreak(
  rows: (ChainedRow & { hash: string })[],
  start: { expectedSeq: bigint; expectedPrev: string },
): { index: number; reason: BreakReason } | null {
  let seq = start.expectedSeq;
  let prev = start.expectedPrev;
  for (const [i, row] of rows.entries()) {
    if (BigInt(row.seq) !== seq) return { index: i, reason: 'sequence-gap' };
    if (row.prevHash !== prev) return { index: i, reason: 'previous-hash-mismatch' };
    const { hash, ...fields } = row;
    if (chainHash(fields) !== hash) return { index: i, reason: 'hash-mismatch' };
    prev = row.hash;
    seq += 1n;
  }
  return null;
}
