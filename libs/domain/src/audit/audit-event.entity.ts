import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of the append-only audit trail. Rows form a hash chain per
 * partnership (platform-wide events, such as sign-ins, form a chain with no
 * partnership): `hash` = SHA-256 of the canonical row including `prevHash`,
 * the hash of the row before it. The application role may INSERT and SELECT
 * only; UPDATE, DELETE and TRUNCATE are revoked.
 */
@Entity('audit_events')
@Index('uq_audit_events_partnership_seq', ['partnershipId', 'seq'], { unique: true, where: '"partnership_id" IS NOT NULL' })
@Index('uq_audit_events_platform_seq', ['seq'], { unique: true, where: '"partnership_id" IS NULL' })
@Index('ix_audit_events_action', ['partnershipId', 'action', 'seq'])
@Index('ix_audit_events_target', ['partnershipId', 'targetType', 'targetId', 'seq'])
@Index('ix_audit_events_actor', ['partnershipId', 'actorId', 'seq'])
@Index('ix_audit_events_occurred', ['partnershipId', 'occurredAt'])
export class AuditEvent {
  @PrimaryColumn('uuid')
  id: string;

  /** Null for platform-wide events (sign-ins, accounts). */
  @Column('uuid', { nullable: true })
  partnershipId: string | null;

  /** Position in the partnership's chain: 1, 2, 3... with no gaps. */
  @Column('bigint')
  seq: string;

  @Column('timestamptz')
  occurredAt: Date;

  /** user, api_key, system or anonymous. */
  @Column('text')
  actorType: string;

  @Column('text', { nullable: true })
  actorId: string | null;

  /** What happened, e.g. `member.added`, `auth.login_failed`, `members.read`. */
  @Column('text')
  action: string;

  @Column('text', { nullable: true })
  targetType: string | null;

  @Column('text', { nullable: true })
  targetId: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('jsonb', { default: () => `'{}'` })
  details: Record<string, unknown>;

  @Column('text')
  prevHash: string;

  @Column('text')
  hash: string;
}
