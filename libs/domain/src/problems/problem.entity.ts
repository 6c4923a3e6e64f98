import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { PartnershipAggregate } from '../partnerships/partnership.entity';
import { NullableColumn } from '../shared/columns';
import { PROBLEM_SOURCES, PROBLEM_STAGES, type ProblemSource, type ProblemStage } from './problem.constants';
import { ProblemCategory } from './problem-category.entity';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Title and description, English stemming: what `?q=` searches (GIN index). */
export const PROBLEM_SEARCH_EXPRESSION = `to_tsvector('english'::regconfig, coalesce("title", '') || ' ' || coalesce("description", ''))`;

/**
 * A problem worked through SARA: a recurring set of related harmful events.
 * The scanning fields live here (locations in problem_locations); the
 * analysis, responses and evaluation in their own tables. `evaluatedAt` is
 * set while the problem holds a current evaluation, so "unevaluated" is a
 * query on this table alone.
 *
 * The list is newest first by number; every filter has an index that also
 * serves that order.
 */
@Entity('problems')
@Index('uq_problems_partnership_number', ['partnershipId', 'number'], { unique: true })
@Index('uq_problems_partnership_reference', ['partnershipId', 'reference'], { unique: true })
@Index('ix_problems_partnership_created', ['partnershipId', 'createdAt'])
@Index('ix_problems_partnership_stage_number', ['partnershipId', 'stage', 'number'])
@Index('ix_problems_partnership_category_number', ['partnershipId', 'category', 'number'])
@Index('ix_problems_partnership_source_number', ['partnershipId', 'source', 'number'])
@Index('ix_problems_partnership_priority_number', ['partnershipId', 'controlStrategyPriorityId', 'number'], {
  where: '"control_strategy_priority_id" IS NOT NULL',
})
// Unevaluated: planned assessment date passed, or closed, with no current evaluation (the list filter, per partnership).
@Index('ix_problems_unevaluated', ['partnershipId', 'stage', 'plannedAssessmentDate'], { where: '"evaluated_at" IS NULL' })
// For review at tasking meetings: planned assessment date before a horizon, not closed, in the
// agenda's order (date, then number), so the section reads only the rows it shows.
@Index('ix_problems_for_review', ['partnershipId', 'plannedAssessmentDate', 'number'], {
  where: `"stage" <> 'closed' AND "planned_assessment_date" IS NOT NULL`,
})
// New nominations at tasking meetings: at scanning, logged since the group's last meeting.
@Index('ix_problems_scanning_logged', ['partnershipId', 'stageChangedAt'], { where: `"stage" = 'scanning'` })
// The problem_unevaluated scanner, across partnerships (problem-scanners.ts): open problems without
// an evaluation by planned date (the scan reads the range before today), and closed ones without one.
@Index('ix_problems_unevaluated_planned', ['plannedAssessmentDate'], {
  where: `"evaluated_at" IS NULL AND "stage" <> 'closed' AND "planned_assessment_date" IS NOT NULL`,
})
@Index('ix_problems_closed_unevaluated', ['stageChangedAt'], { where: `"evaluated_at" IS NULL AND "stage" = 'closed'` })
@Check('ck_problems_stage', `"stage" IN (${list(PROBLEM_STAGES)})`)
@Check('ck_problems_source', `"source" IN (${list(PROBLEM_SOURCES)})`)
@Check('ck_problems_number', '"number" >= 1')
export class Problem extends PartnershipAggregate {
  /** 1, 2, 3... per partnership, without gaps. */
  @Column('int')
  number: number;

  /** The human reference, e.g. CDF-P-0042. */
  @Column('text')
  reference: string;

  @Column('text')
  title: string;

  @NullableColumn('text')
  description: string | null;

  /** What the partnership means to achieve (OSARA's Objective). */
  @NullableColumn('text')
  objective: string | null;

  /** A slug from the partnership's problem categories. */
  @Column('text')
  category: string;

  @ManyToOne(() => ProblemCategory, { onDelete: 'NO ACTION' })
  @JoinColumn([
    { name: 'partnership_id', referencedColumnName: 'partnershipId' },
    { name: 'category', referencedColumnName: 'slug' },
  ])
  categoryRow?: ProblemCategory;

  @Column('text')
  source: ProblemSource;

  /**
   * The control strategy priority it serves (its stable id). Checked against
   * the current control strategy when set; kept as history when the strategy
   * changes later.
   */
  @NullableColumn('uuid')
  controlStrategyPriorityId: string | null;

  @Column('text', { default: 'scanning' })
  stage: ProblemStage;

  @Column('timestamptz')
  stageChangedAt: Date;

  @NullableColumn('date')
  plannedAssessmentDate: string | null;

  /** When the current evaluation was recorded; null with none (or after a reopening set it aside). */
  @NullableColumn('timestamptz')
  evaluatedAt: Date | null;

  @Index('ix_problems_search', { type: 'gin' })
  @Column({ type: 'tsvector', generatedType: 'STORED', asExpression: PROBLEM_SEARCH_EXPRESSION, select: false, insert: false, update: false })
  search?: string;
}

/** A part of a problem kept in a table of its own, one row per problem (its analysis, its evaluation), replaced as a whole by PUT. */
export abstract class ProblemPart {
  @PrimaryColumn('uuid')
  problemId: string;

  @OneToOne(() => Problem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'problem_id' })
  problem?: Problem;

  @Column('uuid')
  partnershipId: string;
}
