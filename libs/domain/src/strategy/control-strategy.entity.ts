import { Check, Column, Entity, Index } from 'typeorm';
import { StrategicAssessment } from '../assessments/strategic-assessment.entity';
import { SupersedableDocument } from '../partnerships/partnership.entity';
import { NullableColumn, References } from '../shared/columns';
import { CONTROL_STRATEGY_STATUSES, type ControlStrategyStatus } from './control-strategy.constants';

/**
 * One version of a partnership's control strategy: the priorities of an
 * approved strategic assessment the partnership will act on, each with a
 * lead agency and a plan per strand. Versions are numbered per partnership
 * and never edited: a change is a new version. Publishing makes a version
 * current (at most one per partnership, held by a partial unique index) and
 * supersedes the previous current one.
 */
@Entity('control_strategies')
@Index('uq_control_strategies_one_current', ['partnershipId'], { unique: true, where: `"status" = 'current'` })
@Index('uq_control_strategies_partnership_version', ['partnershipId', 'versionNumber'], { unique: true })
// The scanner that marks strategies resting on a stale assessment joins on it.
@Index('ix_control_strategies_assessment', ['strategicAssessmentId'])
@Check('ck_control_strategies_status', `"status" IN (${CONTROL_STRATEGY_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('ck_control_strategies_version_number', '"version_number" >= 1')
@Check('ck_control_strategies_published', `"status" = 'draft' OR ("published_at" IS NOT NULL AND "published_by" IS NOT NULL)`)
export class ControlStrategy extends SupersedableDocument {
  /** 1, 2, 3... per partnership, in order of creation. */
  @Column('int')
  versionNumber: number;

  @References(() => StrategicAssessment, 'RESTRICT')
  strategicAssessmentId: string;

  @Column('text', { default: 'draft' })
  status: ControlStrategyStatus;

  /** What this version is for or changes, free text. */
  @NullableColumn('text')
  notes: string | null;

  @NullableColumn('timestamptz')
  publishedAt: Date | null;

  /** The user who published it. */
  @NullableColumn('uuid')
  publishedBy: string | null;
}
