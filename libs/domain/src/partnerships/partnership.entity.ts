import { Check, Column, Entity, ForeignKey, Index, UpdateDateColumn, VersionColumn } from 'typeorm';
import { NullableColumn, PartnershipOwned, References, Timestamped } from '../shared/columns';
import { DEFAULT_CONTROL_STRATEGY_STRANDS, DEFAULT_REVIEW_INTERVAL_MONTHS, DEFAULT_TACTICAL_CADENCE_DAYS } from './partnership.constants';

/** A Community Safety Partnership: the tenant. */
@Entity('partnerships')
@Check('ck_partnerships_review_interval', '"review_interval_months" BETWEEN 1 AND 3')
@Check('ck_partnerships_tactical_cadence', '"tactical_cadence_days" BETWEEN 1 AND 365')
@Check('ck_partnerships_code', `"code" ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'`)
@Check('ck_partnerships_reference_prefix', `"reference_prefix" ~ '^[A-Z]{2,5}$'`)
export class Partnership extends Timestamped {
  @Index('uq_partnerships_code', { unique: true })
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  /** Prefix of the human references of this partnership's records, e.g. CDF in CDF-P-0042. */
  @Index('uq_partnerships_reference_prefix', { unique: true })
  @Column('text')
  referencePrefix: string;

  @NullableColumn('text')
  policeForce: string | null;

  @Column('int', { default: DEFAULT_REVIEW_INTERVAL_MONTHS })
  reviewIntervalMonths: number;

  @Column('int', { default: DEFAULT_TACTICAL_CADENCE_DAYS })
  tacticalCadenceDays: number;

  // Written the way PostgreSQL prints a jsonb default, so the drift check compares like with like.
  @Column('jsonb', { default: () => `'[${DEFAULT_CONTROL_STRATEGY_STRANDS.map((s) => `"${s}"`).join(', ')}]'` })
  controlStrategyStrands: string[];

  @VersionColumn({ default: 1 })
  version: number;
}

/**
 * A partnership-owned row whose partnership_id is a foreign key: it goes
 * when its partnership goes. Declared here rather than with the other bases
 * (shared/columns.ts), which Partnership itself extends.
 */
export abstract class PartnershipRecord extends PartnershipOwned {
  @ForeignKey(() => Partnership, { onDelete: 'CASCADE' })
  override partnershipId: string;
}

/**
 * A PartnershipRecord changed under optimistic concurrency, the root of an
 * aggregate: `version` moves with every change and is its ETag.
 */
export abstract class PartnershipAggregate extends PartnershipRecord {
  @VersionColumn({ default: 1 })
  version: number;
}

/**
 * A PartnershipRecord that keeps who created it: the kind of caller (a user,
 * an API key, the system) and its id.
 */
export abstract class AuthoredRecord extends PartnershipRecord {
  @Column('text')
  createdByType: string;

  @NullableColumn('uuid')
  createdById: string | null;
}

/** An AuthoredRecord that is the root of an aggregate (see PartnershipAggregate). */
export abstract class AuthoredAggregate extends AuthoredRecord {
  @VersionColumn({ default: 1 })
  version: number;
}

/**
 * One version of a partnership's document (a strategic assessment, a control
 * strategy) that approving or publishing a later one supersedes: when, and by which.
 */
export abstract class SupersedableDocument extends PartnershipAggregate {
  @NullableColumn('timestamptz')
  supersededAt: Date | null;

  /** The version whose approval or publication superseded this one. */
  @NullableColumn('uuid')
  supersededById: string | null;
}

/**
 * The last number given in a partnership to one kind of record, one row per
 * partnership. Taken with one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`
 * in the creating transaction: the row stays locked until that transaction
 * ends, so concurrent creations queue for it, and a rollback gives the
 * number back (numbers have no gaps).
 */
export abstract class ReferenceCounter {
  @References(() => Partnership, 'CASCADE', { primary: true })
  partnershipId: string;

  @Column('int')
  lastNumber: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
