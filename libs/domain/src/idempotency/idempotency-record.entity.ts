import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { NullableColumn } from '../shared/columns';

export const IDEMPOTENCY_STATES = ['in_flight', 'completed'] as const;
export type IdempotencyState = (typeof IDEMPOTENCY_STATES)[number];

/**
 * One `Idempotency-Key` a caller used: claimed while the first request runs,
 * then holding its response (status, body, replayable headers) for replay.
 * Keys belong to one caller (user or API key); rows of partnership routes
 * sit behind row-level security like every partnership's data.
 */
@Entity('idempotency_records')
@Index('uq_idempotency_records_caller_key', ['callerType', 'callerId', 'key'], { unique: true })
@Index('ix_idempotency_records_expires', ['expiresAt'])
@Check('ck_idempotency_records_state', `"state" IN ('in_flight', 'completed')`)
@Check('ck_idempotency_records_caller_type', `"caller_type" IN ('user', 'api_key')`)
export class IdempotencyRecord {
  @PrimaryColumn('uuid')
  id: string;

  /** The partnership of the route; null for routes outside one (e.g. creating a partnership). */
  @NullableColumn('uuid')
  partnershipId: string | null;

  @Column('text')
  callerType: 'user' | 'api_key';

  @Column('uuid')
  callerId: string;

  @Column('text')
  key: string;

  @Column('text')
  method: string;

  @Column('text')
  path: string;

  /** SHA-256 of the method, path and canonical JSON body: a reused key with another request is refused. */
  @Column('text')
  requestHash: string;

  @Column('text')
  state: IdempotencyState;

  @NullableColumn('int')
  responseStatus: number | null;

  @NullableColumn('jsonb')
  responseBody: unknown;

  /** The headers a replay repeats (ETag, Location). */
  @Column('jsonb', { default: () => `'{}'` })
  responseHeaders: Record<string, string>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When the claim was taken (a claim older than the in-flight limit is considered abandoned). */
  @Column('timestamptz')
  claimedAt: Date;

  @Column('timestamptz')
  expiresAt: Date;
}
