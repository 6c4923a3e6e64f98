import { Check, Column, CreateDateColumn, Entity, UpdateDateColumn } from 'typeorm';
import { NullableColumn } from '../shared/columns';
import { DISPLACEMENT_KINDS, IMPACT_RESULTS, type DisplacementKind, type ImpactResult } from './problem.constants';
import { ProblemPart } from './problem.entity';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** One entry of the process evaluation: was this response delivered as planned? */
export interface StoredProcessEntry {
  responseId: string;
  delivered: boolean;
  note: string | null;
}

/**
 * The evaluation of a problem (the assessment stage): process, impact on the
 * baseline's measure, displacement, diffusion of benefits and lessons. One
 * per problem, replaced as a whole by PUT.
 */
@Entity('problem_evaluations')
@Check('ck_problem_evaluations_result', `"impact_result" IN (${list(IMPACT_RESULTS)})`)
@Check('ck_problem_evaluations_period', '"impact_period_end" >= "impact_period_start"')
@Check('ck_problem_evaluations_displacement', `"displacement_kinds" <@ ARRAY[${list(DISPLACEMENT_KINDS)}]::text[] AND cardinality("displacement_kinds") >= 1`)
export class ProblemEvaluation extends ProblemPart {
  @Column('jsonb')
  process: StoredProcessEntry[];

  @Column('text')
  impactMeasure: string;

  @Column('date')
  impactPeriodStart: string;

  @Column('date')
  impactPeriodEnd: string;

  @Column('double precision')
  impactValue: number;

  /** Set when the impact is counted from the incidents held (the baseline's categories, a period of the same length). */
  @NullableColumn('jsonb')
  impactCounted: { categories: string[] } | null;

  @Column('text')
  impactResult: ImpactResult;

  @Column('text', { array: true })
  displacementKinds: DisplacementKind[];

  @NullableColumn('text')
  displacementNote: string | null;

  @NullableColumn('text')
  diffusionOfBenefits: string | null;

  @Column('text')
  lessons: string;

  @Column('timestamptz')
  evaluatedAt: Date;

  @Column('text')
  evaluatedByType: string;

  @NullableColumn('uuid')
  evaluatedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
