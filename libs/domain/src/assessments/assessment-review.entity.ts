import { Column, Entity, Index } from 'typeorm';
import { PartnershipOwned, References } from '../shared/columns';
import { StrategicAssessment } from './strategic-assessment.entity';

export interface PriorityScore {
  impact: number;
  likelihood: number;
  riskScore: number;
}

/** What a review changed in the priorities, as kept in its history. */
export interface AppliedPriorityChanges {
  added: { priorityId: string; title: string; impact: number; likelihood: number; riskScore: number; rank: number }[];
  removed: { priorityId: string; title: string; rank: number; reason: string | null }[];
  rescored: { priorityId: string; title: string; before: PriorityScore; after: PriorityScore }[];
  /** Every remaining priority whose rank moved; `pinned` when this review set its rank by hand. */
  reranked: { priorityId: string; title: string; from: number; to: number; pinned: boolean }[];
}

/** A recorded review of an approved assessment: who, when, what changed, and the due date it set. */
@Entity('assessment_reviews')
@Index('ix_assessment_reviews_assessment_reviewed', ['strategicAssessmentId', 'reviewedAt', 'id'])
export class AssessmentReview extends PartnershipOwned {
  @References(() => StrategicAssessment, 'CASCADE')
  strategicAssessmentId: string;

  @Column('timestamptz')
  reviewedAt: Date;

  /** The user who recorded it. */
  @Column('uuid')
  reviewedBy: string;

  @Column('text')
  summary: string;

  /** The due date before this review. */
  @Column('date')
  previousReviewDue: string;

  /** The due date this review set. */
  @Column('date')
  nextReviewDue: string;

  /** Recorded after the previous due date had passed. */
  @Column('boolean')
  wasOverdue: boolean;

  @Column('jsonb')
  priorityChanges: AppliedPriorityChanges;
}
