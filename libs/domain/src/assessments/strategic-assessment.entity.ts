import { Check, Column, Entity, Index } from 'typeorm';
import { SupersedableDocument } from '../partnerships/partnership.entity';
import { NullableColumn } from '../shared/columns';
import { ASSESSMENT_STATUSES, type AssessmentStatus, type Pestelo } from './assessment.constants';

/**
 * A partnership's strategic assessment: the picture for a stated period, its
 * horizon scan (PESTELO), ranked priorities and intelligence requirement.
 * Drafts are edited; approval makes it the partnership's one approved
 * assessment (held by a partial unique index) and starts its review cycle;
 * approving the next one supersedes it.
 */
@Entity('strategic_assessments')
@Index('uq_strategic_assessments_one_approved', ['partnershipId'], { unique: true, where: `"status" = 'approved'` })
// Lists are newest first by id (UUIDv7, so creation order), optionally by status.
@Index('ix_strategic_assessments_partnership_id', ['partnershipId', 'id'])
@Index('ix_strategic_assessments_partnership_status_id', ['partnershipId', 'status', 'id'])
// The scanner that flags reviews due soon or overdue reads approved assessments by due date.
@Index('ix_strategic_assessments_review_due', ['nextReviewDue'], { where: `"status" = 'approved'` })
@Check('ck_strategic_assessments_status', `"status" IN (${ASSESSMENT_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('ck_strategic_assessments_period', '"period_end" >= "period_start"')
@Check('ck_strategic_assessments_approval', `"status" = 'draft' OR ("approved_at" IS NOT NULL AND "approved_by" IS NOT NULL)`)
@Check('ck_strategic_assessments_review_cycle', `("status" = 'approved') = ("next_review_due" IS NOT NULL AND "review_anchor_date" IS NOT NULL)`)
export class StrategicAssessment extends SupersedableDocument {
  @Column('text')
  title: string;

  @Column('date')
  periodStart: string;

  @Column('date')
  periodEnd: string;

  @Column('text', { default: 'draft' })
  status: AssessmentStatus;

  /** The horizon scan: free text (or null) under each of the seven PESTELO headings. */
  @Column('jsonb')
  pestelo: Pestelo;

  /** The gaps in knowledge to be filled. */
  @Column('jsonb', { default: () => `'[]'` })
  intelligenceRequirement: string[];

  /** The data sources and partners that contributed. */
  @Column('jsonb', { default: () => `'[]'` })
  dataSources: string[];

  @Column('jsonb', { default: () => `'[]'` })
  authors: string[];

  @NullableColumn('timestamptz')
  approvedAt: Date | null;

  /** The user who approved it. */
  @NullableColumn('uuid')
  approvedBy: string | null;

  @NullableColumn('timestamptz')
  lastReviewedAt: Date | null;

  @NullableColumn('uuid')
  lastReviewedBy: string | null;

  /** The later of the approval date and the last review date (Europe/London): where the review interval runs from. */
  @NullableColumn('date')
  reviewAnchorDate: string | null;

  /**
   * reviewAnchorDate + the partnership's review interval in calendar months.
   * Stored (and indexed) for the scanners; set on approval and review, and
   * moved in the same transaction when the partnership's interval changes.
   * Null unless approved.
   */
  @NullableColumn('date')
  nextReviewDue: string | null;
}
