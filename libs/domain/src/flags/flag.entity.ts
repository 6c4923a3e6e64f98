import { Check, Column, Entity, Index } from 'typeorm';
import { PartnershipRecord } from '../partnerships/partnership.entity';
import { NullableColumn } from '../shared/columns';
import { FLAG_KINDS, FLAG_RESOLUTIONS, type FlagKind, type FlagResolution } from './flag-kinds';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Something the system noticed and a person should see: an overdue review,
 * an unevaluated problem, a disabled webhook. One open flag per cause and
 * due date (the partial unique key), so scanning twice, on two workers at
 * once or after a crash never makes a second one. A flag closes by itself
 * when its cause is fixed and stays as history; if the same cause comes back
 * (an action reopened after it was done, a review overdue again at a due
 * date whose flag was resolved), a new flag is raised beside the old one.
 */
@Entity('flags')
@Index('ix_flags_partnership_raised', ['partnershipId', 'raisedAt', 'id'])
@Index('ix_flags_partnership_kind_raised', ['partnershipId', 'kind', 'raisedAt', 'id'])
@Index('ix_flags_open_partnership_raised', ['partnershipId', 'raisedAt', 'id'], { where: '"resolved_at" IS NULL' })
@Index('uq_flags_open_cause', ['kind', 'partnershipId', 'subjectId', 'dueDate'], { unique: true, where: '"resolved_at" IS NULL' })
@Index('ix_flags_open_subject', ['subjectId'], { where: '"resolved_at" IS NULL' })
@Check('ck_flags_kind', `"kind" IN (${list(FLAG_KINDS)})`)
@Check('ck_flags_resolution', `"resolution" IS NULL OR "resolution" IN (${list(FLAG_RESOLUTIONS)})`)
@Check('ck_flags_acknowledged_by', `"acknowledged_by_type" IS NULL OR "acknowledged_by_type" IN ('user', 'api_key')`)
export class Flag extends PartnershipRecord {
  @Column('text')
  kind: FlagKind;

  /** What the flag is about, e.g. `strategic_assessment`, `action`, `webhook_subscription`. */
  @Column('text')
  subjectType: string;

  @Column('uuid')
  subjectId: string;

  /** The calendar date (Europe/London) the cause fell due: part of the flag's identity. */
  @Column('date')
  dueDate: string;

  /** Ids and links the scanner added (never personal data). */
  @Column('jsonb', { default: () => `'{}'` })
  data: Record<string, unknown>;

  @Column('timestamptz')
  raisedAt: Date;

  @NullableColumn('timestamptz')
  resolvedAt: Date | null;

  @NullableColumn('text')
  resolution: FlagResolution | null;

  @NullableColumn('timestamptz')
  acknowledgedAt: Date | null;

  @NullableColumn('text')
  acknowledgedByType: 'user' | 'api_key' | null;

  @NullableColumn('uuid')
  acknowledgedById: string | null;

  @Column('int', { default: 1 })
  version: number;
}
