import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, lastOf, oneRow, uuidv7 } from '@app/core';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { AuditChainRepository, chainedFields, type SealedRow } from './audit-chain.repository';
import { AuditSigner } from './audit-signer';

export interface SealResult {
  /** Rows sealed. */
  sealed: number;
  /** False when another sealer held the chain: nothing was done. */
  locked: boolean;
  /** The checkpoint written, if any. */
  lastPosition: string | null;
}

/**
 * Seals audit rows into their chain: in append order, a batch at a time,
 * each row given the next chain position, the previous row's hash and its
 * own; the batch ends in a checkpoint signed with the audit key. The worker
 * runs it (as the worker role, across partnerships); a chain is sealed by
 * one sealer at a time (a transaction-scoped advisory lock taken without
 * waiting) and a batch is one transaction, so a sealer that dies mid-batch
 * leaves the rows unsealed for the next.
 */
@Injectable()
export class AuditSealer {
  constructor(
    private readonly chains: AuditChainRepository,
    private readonly signer: AuditSigner,
    private readonly clock: Clock,
  ) {}

  /** The chains with rows waiting (null: the platform chain). */
  unsealedChains(m: EntityManager): Promise<(string | null)[]> {
    return this.chains.unsealedChains(m);
  }

  /** Seals up to `batchSize` rows of one chain in the transaction of `m`. */
  async sealChain(m: EntityManager, partnershipId: string | null, batchSize: number): Promise<SealResult> {
    if (!(await this.chains.trySealLock(m, partnershipId))) return { sealed: 0, locked: false, lastPosition: null };
    const rows = await this.chains.unsealed(m, partnershipId, batchSize);
    if (!rows.length) return { sealed: 0, locked: true, lastPosition: null };
    const head = await this.chains.head(m, partnershipId);
    let position = head ? BigInt(head.position) : 0n;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const sealed: SealedRow[] = rows.map((row) => {
      position += 1n;
      const chainPosition = String(position);
      const hash = chainHash(chainedFields(row, chainPosition, prevHash));
      const seal = { id: row.id, chainPosition, prevHash, hash };
      prevHash = hash;
      return seal;
    });
    const now = this.clock.now();
    const written = await this.chains.seal(m, sealed, now);
    if (written !== sealed.length) throw new Error(`Audit chain ${partnershipId ?? 'platform'}: ${sealed.length - written} row(s) were sealed meanwhile`);
    const last = lastOf(sealed);
    const statement = { partnershipId, lastPosition: last.chainPosition, rootHash: last.hash, keyId: this.signer.keyId, signedAt: now.toISOString() };
    await this.chains.insertCheckpoint(m, {
      id: uuidv7(),
      partnershipId,
      firstPosition: oneRow(sealed, 'a sealed row').chainPosition,
      lastPosition: last.chainPosition,
      rootHash: last.hash,
      keyId: statement.keyId,
      signature: this.signer.sign(statement),
      signedAt: now,
    });
    return { sealed: sealed.length, locked: true, lastPosition: last.chainPosition };
  }
}
