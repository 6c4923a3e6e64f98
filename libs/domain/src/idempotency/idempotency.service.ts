import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson, Clock, TransactionHost, uuidv7, type DomainError } from '@app/core';
import { IdempotencyErrors } from './idempotency.errors';
import { IdempotencyRepository } from './idempotency.repository';

/** How long a completed response is replayed. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;
/** A claim older than this belongs to a request that died (longer than any request may run). */
export const IDEMPOTENCY_ABANDONED_AFTER_MS = 5 * 60 * 1000;

export interface IdempotentRequest {
  partnershipId: string | null;
  caller: { type: 'user' | 'api_key'; id: string };
  key: string;
  method: string;
  path: string;
  body: unknown;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Claim = { kind: 'claimed'; id: string } | { kind: 'replay'; response: StoredResponse };

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` for creating requests (API.md): a retry with the same key
 * and request replays the first response for 24 hours; the same key with
 * another request is 422; a retry while the first is still running is 409.
 * Each step is its own short transaction, outside the request's: the claim
 * must be visible to a concurrent retry before the work commits.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  async claim(request: IdempotentRequest): Promise<Claim> {
    const hash = requestHash(request.method, request.path, request.body);
    const now = this.clock.now();
    const ref = { callerType: request.caller.type, callerId: request.caller.id, key: request.key };
    const claim = {
      method: request.method,
      path: request.path,
      requestHash: hash,
      claimedAt: now,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS),
    };
    return this.tx.run(request.partnershipId, async () => {
      const id = uuidv7();
      if (await this.repository.insertClaim({ id, partnershipId: request.partnershipId, ...ref, ...claim })) return { kind: 'claimed', id };

      const existing = await this.repository.lockExisting(ref, now, new Date(now.getTime() - IDEMPOTENCY_ABANDONED_AFTER_MS));
      // Not visible: the key was used on another partnership's route (row-level security hides it).
      if (!existing) throw this.reused();
      const takeOver = existing.expired || (existing.state === 'in_flight' && existing.abandoned);
      if (takeOver) {
        await this.repository.reclaim(existing.id, claim);
        return { kind: 'claimed', id: existing.id };
      }
      if (existing.requestHash !== hash) throw this.reused();
      if (existing.state === 'in_flight') throw IdempotencyErrors.idempotencyKeyInFlight.error();
      return { kind: 'replay', response: { status: existing.responseStatus!, body: existing.responseBody, headers: existing.responseHeaders ?? {} } };
    });
  }

  /** Stores the response of a claimed request for replay. */
  async complete(id: string, partnershipId: string | null, response: StoredResponse): Promise<void> {
    await this.tx.run(partnershipId, () => this.repository.complete(id, response));
  }

  /** Gives a claim up (the request failed on our side): the client may retry with the same key. */
  async release(id: string, partnershipId: string | null): Promise<void> {
    await this.tx.run(partnershipId, () => this.repository.release(id));
  }

  /**
   * Removes expired records of every partnership in one statement. Runs in the
   * worker on its cross-partnership connection (`manager`). Returns how many.
   */
  async purgeExpired(manager: EntityManager): Promise<number> {
    return this.repository.purgeExpired(manager, this.clock.now());
  }

  private reused(): DomainError {
    return IdempotencyErrors.idempotencyKeyReused.error();
  }
}
