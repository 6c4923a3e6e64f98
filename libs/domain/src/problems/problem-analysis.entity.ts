import { Check, Column, CreateDateColumn, Entity, UpdateDateColumn } from 'typeorm';
import { NullableColumn } from '../shared/columns';
import { REPEAT_PATTERNS, type RepeatPattern } from './problem.constants';
import { ProblemPart } from './problem.entity';

/**
 * The analysis of a problem: the Problem Analysis Triangle (six roles, free
 * text that can name people: read only by those with a need to know),
 * repeat patterns and the baseline measure. One per problem, replaced as a
 * whole by PUT.
 */
@Entity('problem_analyses')
@Check(
  'ck_problem_analyses_baseline',
  `("baseline_measure" IS NULL) = ("baseline_value" IS NULL)
  AND ("baseline_measure" IS NULL) = ("baseline_period_start" IS NULL)
  AND ("baseline_measure" IS NULL) = ("baseline_period_end" IS NULL)`,
)
@Check('ck_problem_analyses_baseline_period', '"baseline_period_end" >= "baseline_period_start"')
@Check('ck_problem_analyses_repeat_patterns', `"repeat_patterns" <@ ARRAY[${REPEAT_PATTERNS.map((p) => `'${p}'`).join(', ')}]::text[]`)
export class ProblemAnalysis extends ProblemPart {
  @NullableColumn('text')
  offender: string | null;

  @NullableColumn('text')
  handler: string | null;

  @NullableColumn('text')
  victim: string | null;

  @NullableColumn('text')
  guardian: string | null;

  @NullableColumn('text')
  location: string | null;

  @NullableColumn('text')
  manager: string | null;

  @Column('text', { array: true, default: () => `'{}'` })
  repeatPatterns: RepeatPattern[];

  @NullableColumn('text')
  baselineMeasure: string | null;

  @NullableColumn('date')
  baselinePeriodStart: string | null;

  @NullableColumn('date')
  baselinePeriodEnd: string | null;

  @NullableColumn('double precision')
  baselineValue: number | null;

  /** Set when the baseline is counted from the incidents held: `{ categories }` at the problem's locations. */
  @NullableColumn('jsonb')
  baselineCounted: { categories: string[] } | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
