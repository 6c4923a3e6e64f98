import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionHost, oneRow } from '@app/core';
import type { IdempotencyRecord } from './idempotency-record.entity';

/** Who used a key, and the key. */
export interface IdempotencyKeyRef {
  callerType: 'user' | 'api_key';
  callerId: string;
  key: string;
}

/** A new claim of a key: the request it stands for, and when it was made and expires. */
export interface IdempotencyClaimRow extends IdempotencyKeyRef {
  id: string;
  partnershipId: string | null;
  method: string;
  path: string;
  requestHash: string;
  claimedAt: Date;
  expiresAt: Date;
}

/** A record found for a key, with whether it has expired and whether its claim was abandoned. */
export type ExistingIdempotencyRecord = Pick<
  IdempotencyRecord,
  'id' | 'partnershipId' | 'requestHash' | 'state' | 'responseStatus' | 'responseBody' | 'responseHeaders'
> & {
  expired: boolean;
  abandoned: boolean;
};

/** Every query on idempotency_records. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Claims the key (an in-flight record) unless it has a record already; whether it was claimed. */
  async insertClaim(claim: IdempotencyClaimRow): Promise<boolean> {
    const inserted = await this.tx.manager.query<{ id: string }[]>(
      `INSERT INTO idempotency_records
         (id, partnership_id, caller_type, caller_id, key, method, path, request_hash, state, claimed_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'in_flight', $9, $10)
       ON CONFLICT (caller_type, caller_id, key) DO NOTHING RETURNING id`,
      [
        claim.id,
        claim.partnershipId,
        claim.callerType,
        claim.callerId,
        claim.key,
        claim.method,
        claim.path,
        claim.requestHash,
        claim.claimedAt,
        claim.expiresAt,
      ],
    );
    return inserted.length > 0;
  }

  /**
   * The key's record, locked until the transaction ends, or null when this
   * transaction cannot see it; `expired` at `now`, `abandoned` when claimed
   * at or before `abandonedBefore`.
   */
  async lockExisting(ref: IdempotencyKeyRef, now: Date, abandonedBefore: Date): Promise<ExistingIdempotencyRecord | null> {
    const [existing] = await this.tx.manager.query<ExistingIdempotencyRecord[]>(
      `SELECT id, partnership_id AS "partnershipId", request_hash AS "requestHash", state, response_status AS "responseStatus",
              response_body AS "responseBody", response_headers AS "responseHeaders",
              expires_at <= $4 AS expired, claimed_at <= $5 AS abandoned
         FROM idempotency_records WHERE caller_type = $1 AND caller_id = $2 AND key = $3 FOR UPDATE`,
      [ref.callerType, ref.callerId, ref.key, now, abandonedBefore],
    );
    return existing ?? null;
  }

  /** Claims an expired or abandoned record afresh for another request. */
  async reclaim(id: string, claim: Pick<IdempotencyClaimRow, 'method' | 'path' | 'requestHash' | 'claimedAt' | 'expiresAt'>): Promise<void> {
    await this.tx.manager.query(
      `UPDATE idempotency_records SET method = $2, path = $3, request_hash = $4, state = 'in_flight', response_status = NULL,
         response_body = NULL, response_headers = '{}', claimed_at = $5, expires_at = $6 WHERE id = $1`,
      [id, claim.method, claim.path, claim.requestHash, claim.claimedAt, claim.expiresAt],
    );
  }

  /** Stores the response of an in-flight claim. */
  async complete(id: string, response: { status: number; body: unknown; headers: Record<string, string> }): Promise<void> {
    await this.tx.manager.query(
      `UPDATE idempotency_records SET state = 'completed', response_status = $2, response_body = $3::jsonb, response_headers = $4::jsonb
        WHERE id = $1 AND state = 'in_flight'`,
      [id, response.status, JSON.stringify(response.body ?? null), JSON.stringify(response.headers)],
    );
  }

  /** Deletes an in-flight claim. */
  async release(id: string): Promise<void> {
    await this.tx.manager.query(`DELETE FROM idempotency_records WHERE id = $1 AND state = 'in_flight'`, [id]);
  }

  /** Deletes the records of every partnership that expired by `now`, on the worker's cross-partnership `manager`; how many. */
  async purgeExpired(manager: EntityManager, now: Date): Promise<number> {
    const result = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM idempotency_records WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [now],
    );
    return oneRow(result, 'the purged count').n;
  }
}
