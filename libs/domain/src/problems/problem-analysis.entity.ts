import { Check, Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { REPEAT_PATTERNS, type RepeatPattern } from './problem.constants';
import { Problem } from './problem.entity';

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
export class ProblemAnalysis {
  @PrimaryColumn('uuid')
  problemId: string;

  @OneToOne(() => Problem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'problem_id' })
  problem?: Problem;

  @Column('uuid')
  partnershipId: string;

  @Column('text', { nullable: true })
  offender: string | null;

  @Column('text', { nullable: true })
  handler: string | null;

  @Column('text', { nullable: true })
  victim: string | null;

  @Column('text', { nullable: true })
  guardian: string | null;

  @Column('text', { nullable: true })
  location: string | null;

  @Column('text', { nullable: true })
  manager: string | null;

  @Column('text', { array: true, default: () => `'{}'` })
  repeatPatterns: RepeatPattern[];

  @Column('text', { nullable: true })
  baselineMeasure: string | null;

  @Column('date', { nullable: true })
  baselinePeriodStart: string | null;

  @Column('date', { nullable: true })
  baselinePeriodEnd: string | null;

  @Column('double precision', { nullable: true })
  baselineValue: number | null;

  /** Set when the baseline is counted from the incidents held: `{ categories }` at the problem's locations. */
  @Column('jsonb', { nullable: true })
  baselineCounted: { categories: string[] } | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
