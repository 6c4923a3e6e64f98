import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson, Clock, ConflictProblem, RuleViolation, TransactionHost, uuidv7 } from '@app/core';
import { IdempotencyRecord } from './idempotency-record.entity';

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
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`).digest('hex');
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
    private readonly clock: Clock,
  ) {}

  async claim(request: IdempotentRequest): Promise<Claim> {
    const hash = requestHash(request.method, request.path, request.body);
    const now = this.clock.now();
    return this.tx.run(request.partnershipId, async () => {
      const m = this.tx.manager;
      const id = uuidv7();
      const inserted = await m.query<{ id: string }[]>(
        `INSERT INTO idempotency_records
           (id, partnership_id, caller_type, caller_id, key, method, path, request_hash, state, claimed_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'in_flight', $9, $10)
         ON CONFLICT (caller_type, caller_id, key) DO NOTHING RETURNING id`,
        [id, request.partnershipId, request.caller.type, request.caller.id, request.key, request.method, request.path, hash, now, new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS)],
      );
      if (inserted.length) return { kind: 'claimed', id };

      const [existing] = await m.query<(IdempotencyRecord & { expired: boolean; abandoned: boolean })[]>(
        `SELECT id, partnership_id AS "partnershipId", request_hash AS "requestHash", state, response_status AS "responseStatus",
                response_body AS "responseBody", response_headers AS "responseHeaders",
                expires_at <= $4 AS expired, claimed_at <= $5 AS abandoned
           FROM idempotency_records WHERE caller_type = $1 AND caller_id = $2 AND key = $3 FOR UPDATE`,
        [request.caller.type, request.caller.id, request.key, now, new Date(now.getTime() - IDEMPOTENCY_ABANDONED_AFTER_MS)],
      );
      // Not visible: the key was used on another partnership's route (row-level security hides it).
      if (!existing) throw this.reused();
      const takeOver = existing.expired || (existing.state === 'in_flight' && existing.abandoned);
      if (takeOver) {
        await m.query(
          `UPDATE idempotency_records SET method = $2, path = $3, request_hash = $4, state = 'in_flight', response_status = NULL,
             response_body = NULL, response_headers = '{}', claimed_at = $5, expires_at = $6 WHERE id = $1`,
          [existing.id, request.method, request.path, hash, now, new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS)],
        );
        return { kind: 'claimed', id: existing.id };
      }
      if (existing.requestHash !== hash) throw this.reused();
      if (existing.state === 'in_flight') {
        throw new ConflictProblem('idempotency-key-in-flight', 'A request with this Idempotency-Key is still being processed; retry shortly.');
      }
      return { kind: 'replay', response: { status: existing.responseStatus!, body: existing.responseBody, headers: existing.responseHeaders ?? {} } };
    });
  }

  /** Stores the response of a claimed request for replay. */
  async complete(id: string, partnershipId: string | null, response: StoredResponse): Promise<void> {
    await this.tx.run(partnershipId, () =>
      this.tx.manager.query(
        `UPDATE idempotency_records SET state = 'completed', response_status = $2, response_body = $3::jsonb, response_headers = $4::jsonb
          WHERE id = $1 AND state = 'in_flight'`,
        [id, response.status, JSON.stringify(response.body ?? null), JSON.stringify(response.headers)],
      ),
    );
  }

  /** Gives a claim up (the request failed on our side): the client may retry with the same key. */
  async release(id: string, partnershipId: string | null): Promise<void> {
    await this.tx.run(partnershipId, () => this.tx.manager.query(`DELETE FROM idempotency_records WHERE id = $1 AND state = 'in_flight'`, [id]));
  }

  /**
   * Removes expired records of every partnership in one statement. Runs in the
   * worker on its cross-partnership connection (`manager`). Returns how many.
   */
  async purgeExpired(manager: EntityManager): Promise<number> {
    const result = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM idempotency_records WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [this.clock.now()],
    );
    return result[0].n;
  }

  private reused(): RuleViolation {
    return new RuleViolation('idempotency-key-reused', 'This Idempotency-Key was already used for a different request.');
  }
}
