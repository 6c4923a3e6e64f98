import { Check, Column, Entity, Index, VersionColumn } from 'typeorm';
import { NullableColumn, PartnershipOwned, References } from '../shared/columns';
import { RISK_SCALE_MAX, RISK_SCALE_MIN } from './assessment.constants';
import { StrategicAssessment } from './strategic-assessment.entity';

/**
 * A priority of a strategic assessment, scored on the impact x likelihood
 * grid and ranked (see ranking.ts). A review that removes a priority from an
 * approved assessment keeps the row, marked removed, so history and the
 * control strategies built on it stay readable.
 */
@Entity('assessment_priorities')
@Index('ix_assessment_priorities_assessment_rank', ['strategicAssessmentId', 'rank'])
@Index('uq_assessment_priorities_assessment_seq', ['strategicAssessmentId', 'seq'], { unique: true })
@Check('ck_assessment_priorities_impact', `"impact" BETWEEN ${RISK_SCALE_MIN} AND ${RISK_SCALE_MAX}`)
@Check('ck_assessment_priorities_likelihood', `"likelihood" BETWEEN ${RISK_SCALE_MIN} AND ${RISK_SCALE_MAX}`)
@Check('ck_assessment_priorities_risk_score', '"risk_score" = "impact" * "likelihood"')
@Check('ck_assessment_priorities_rank', '"rank" >= 1 AND "pinned_rank" >= 1')
@Check('ck_assessment_priorities_removed', '("removed_at" IS NULL) = ("rank" IS NOT NULL)')
export class AssessmentPriority extends PartnershipOwned {
  @References(() => StrategicAssessment, 'CASCADE')
  strategicAssessmentId: string;

  /** Creation order within the assessment: the last tie-break of the ranking. */
  @Column('int')
  seq: number;

  @Column('text')
  title: string;

  @Column('text')
  category: string;

  @NullableColumn('text')
  rationale: string | null;

  /** The evidence for the priority, free text. */
  @NullableColumn('text')
  evidence: string | null;

  @Column('jsonb', { default: () => `'[]'` })
  dataSources: string[];

  @Column('int')
  impact: number;

  @Column('int')
  likelihood: number;

  /** impact x likelihood (1-16), held equal by a CHECK constraint. */
  @Column('int')
  riskScore: number;

  /** 1..n among the assessment's priorities; null once removed by a review. */
  @NullableColumn('int')
  rank: number | null;

  /** A rank fixed by hand in a review; null: ranked by rule. */
  @NullableColumn('int')
  pinnedRank: number | null;

  @NullableColumn('timestamptz')
  removedAt: Date | null;

  @NullableColumn('uuid')
  removedInReviewId: string | null;

  @VersionColumn({ default: 1 })
  version: number;
}
