import { Check, Column, Entity, Index, VersionColumn } from 'typeorm';
import { Agency } from '../partnerships/agency.entity';
import { NullableColumn, PartnershipOwned, References } from '../shared/columns';
import { RESPONSE_STATUSES, RESPONSE_TYPES, type ResponseStatus, type ResponseType } from './problem.constants';
import { Problem } from './problem.entity';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** An intervention of the response stage, owned by one of the partnership's agencies. */
@Entity('problem_responses')
@Index('ix_problem_responses_problem_created', ['problemId', 'createdAt', 'id'])
@Index('ix_problem_responses_owner_agency', ['partnershipId', 'ownerAgencyId'])
@Check('ck_problem_responses_type', `"type" IN (${list(RESPONSE_TYPES)})`)
@Check('ck_problem_responses_status', `"status" IN (${list(RESPONSE_STATUSES)})`)
@Check('ck_problem_responses_dates', '"end_date" IS NULL OR "end_date" >= "start_date"')
export class ProblemResponse extends PartnershipOwned {
  @References(() => Problem, 'CASCADE')
  problemId: string;

  @Column('text')
  description: string;

  @Column('text')
  type: ResponseType;

  @References(() => Agency, 'NO ACTION')
  ownerAgencyId: string;

  @Column('date')
  startDate: string;

  @NullableColumn('date')
  endDate: string | null;

  @Column('text', { default: 'planned' })
  status: ResponseStatus;

  @VersionColumn({ default: 1 })
  version: number;
}
