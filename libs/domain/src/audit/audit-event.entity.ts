import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { NullableColumn } from '../shared/columns';

/**
 * One row of the append-only audit trail. A row is appended with one INSERT
 * (its `seq` from a sequence: no lock, no read of the row before); the worker
 * then seals rows into a hash chain per partnership (platform-wide events,
 * such as sign-ins, form a chain with no partnership), in `seq` order, in
 * batches: it gives each its `chainPosition` (1, 2, 3... with no gaps),
 * `prevHash` (the hash of the row before it) and `hash` (SHA-256 of the
 * canonical row), and signs a checkpoint per batch (AuditCheckpoint). The
 * application role may INSERT and SELECT only; the worker role may UPDATE
 * the seal columns only; nobody but the owner may DELETE or TRUNCATE.
 */
@Entity('audit_events')
@Index('uq_audit_events_partnership_seq', ['partnershipId', 'seq'], { unique: true, where: '"partnership_id" IS NOT NULL' })
@Index('uq_audit_events_platform_seq', ['seq'], { unique: true, where: '"partnership_id" IS NULL' })
@Index('ix_audit_events_action', ['partnershipId', 'action', 'seq'])
@Index('ix_audit_events_target', ['partnershipId', 'targetType', 'targetId', 'seq'])
@Index('ix_audit_events_actor', ['partnershipId', 'actorId', 'seq'])
@Index('ix_audit_events_occurred', ['partnershipId', 'occurredAt'])
@Index('uq_audit_events_partnership_chain', ['partnershipId', 'chainPosition'], {
  unique: true,
  where: '"partnership_id" IS NOT NULL AND "chain_position" IS NOT NULL',
})
@Index('uq_audit_events_platform_chain', ['chainPosition'], { unique: true, where: '"partnership_id" IS NULL AND "chain_position" IS NOT NULL' })
@Index('ix_audit_events_unsealed', ['partnershipId', 'seq'], { where: '"hash" IS NULL' })
export class AuditEvent {
  @PrimaryColumn('uuid')
  id: string;

  /** Null for platform-wide events (sign-ins, accounts). */
  @NullableColumn('uuid')
  partnershipId: string | null;

  /** Order of appending, from one sequence for all partnerships: increasing, with gaps. */
  @Column('bigint')
  @Generated('increment')
  seq: string;

  @Column('timestamptz')
  occurredAt: Date;

  /** user, api_key, system or anonymous. */
  @Column('text')
  actorType: string;

  @NullableColumn('text')
  actorId: string | null;

  /** What happened, e.g. `member.added`, `auth.login_failed`, `members.read`. */
  @Column('text')
  action: string;

  @NullableColumn('text')
  targetType: string | null;

  @NullableColumn('text')
  targetId: string | null;

  @NullableColumn('text')
  requestId: string | null;

  @Column('jsonb', { default: () => `'{}'` })
  details: Record<string, unknown>;

  /** Position in the chain: 1, 2, 3... with no gaps; null until sealed. */
  @NullableColumn('bigint')
  chainPosition: string | null;

  /** The hash of the row before it in the chain; null until sealed. */
  @NullableColumn('text')
  prevHash: string | null;

  /** Null until sealed. */
  @NullableColumn('text')
  hash: string | null;

  @NullableColumn('timestamptz')
  sealedAt: Date | null;
}
