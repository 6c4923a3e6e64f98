import { Check, Column, Entity, Index } from 'typeorm';
import { NullableColumn, PartnershipChangeRow, References } from '../shared/columns';
import { PROBLEM_STAGES, STAGE_CHANGE_KINDS, type ProblemStage, type StageChangeKind } from './problem.constants';
import { Problem } from './problem.entity';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The stage history of a problem: who moved it where, when (and why, for a
 * reopening). Append-only: the runtime roles may only insert and read.
 */
@Entity('problem_stage_changes')
@Index('ix_problem_stage_changes_problem_changed', ['problemId', 'changedAt', 'id'])
@Check('ck_problem_stage_changes_to', `"to_stage" IN (${list(PROBLEM_STAGES)})`)
@Check('ck_problem_stage_changes_from', `"from_stage" IS NULL OR "from_stage" IN (${list(PROBLEM_STAGES)})`)
@Check('ck_problem_stage_changes_kind', `"kind" IN (${list(STAGE_CHANGE_KINDS)})`)
export class ProblemStageChange extends PartnershipChangeRow {
  @References(() => Problem, 'CASCADE')
  problemId: string;

  @Column('text')
  kind: StageChangeKind;

  @NullableColumn('text')
  fromStage: ProblemStage | null;

  @Column('text')
  toStage: ProblemStage;

  @NullableColumn('text')
  reason: string | null;
}
