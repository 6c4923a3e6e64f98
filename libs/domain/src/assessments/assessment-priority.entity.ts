import { Check, Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn } from 'typeorm';
import { PartnershipOwned } from '../shared/columns';
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
  @Column('uuid')
  strategicAssessmentId: string;

  @ManyToOne(() => StrategicAssessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'strategic_assessment_id' })
  strategicAssessment?: StrategicAssessment;

  /** Creation order within the assessment: the last tie-break of the ranking. */
  @Column('int')
  seq: number;

  @Column('text')
  title: string;

  @Column('text')
  category: string;

  @Column('text', { nullable: true })
  rationale: string | null;

  /** The evidence for the priority, free text. */
  @Column('text', { nullable: true })
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
  @Column('int', { nullable: true })
  rank: number | null;

  /** A rank fixed by hand in a review; null: ranked by rule. */
  @Column('int', { nullable: true })
  pinnedRank: number | null;

  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;

  @Column('uuid', { nullable: true })
  removedInReviewId: string | null;

  @VersionColumn({ default: 1 })
  version: number;
}
