import { Check, Column, Entity, Index } from 'typeorm';
import { User } from '../identity/user.entity';
import { Agency } from '../partnerships/agency.entity';
import { PartnershipAggregate } from '../partnerships/partnership.entity';
import { References } from '../shared/columns';
import { GROUP_LEVELS, TASKING_LIMITS, type GroupLevel } from './tasking.constants';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A tasking and coordinating group of a partnership: strategic (meets about
 * quarterly, sets the control strategy) or tactical (weekly to monthly,
 * allocates actions). Its chair opens and closes its meetings, and its
 * deputy chair (when it names one) chairs them in the chair's absence.
 */
@Entity('tasking_groups')
@Index('uq_tasking_groups_partnership_name', ['partnershipId', 'name'], { unique: true })
@Index('ix_tasking_groups_chair', ['chairUserId'])
@Index('ix_tasking_groups_deputy_chair', ['deputyChairUserId'])
@Check('ck_tasking_groups_deputy_not_chair', `"deputy_chair_user_id" <> "chair_user_id"`)
@Check('ck_tasking_groups_level', `"level" IN (${list(GROUP_LEVELS)})`)
@Check('ck_tasking_groups_cadence', `"cadence_days" BETWEEN ${TASKING_LIMITS.cadenceDays.min} AND ${TASKING_LIMITS.cadenceDays.max}`)
export class TaskingGroup extends PartnershipAggregate {
  @Column('text')
  name: string;

  @Column('text')
  level: GroupLevel;

  /** Days between meetings: the horizon of "actions due" when no next meeting is scheduled. */
  @Column('int')
  cadenceDays: number;

  /** A member of the partnership with the chair (or admin) role. */
  @References(() => User, 'RESTRICT')
  chairUserId: string;

  /** Optional: a member with the chair (or admin) role other than the chair, who may do at a meeting all the chair may. */
  @References(() => User, 'RESTRICT', { nullable: true })
  deputyChairUserId: string | null;
}

/** The agencies that sit on a group. */
@Entity('tasking_group_agencies')
@Index('ix_tasking_group_agencies_agency', ['agencyId'])
export class TaskingGroupAgency {
  @References(() => TaskingGroup, 'CASCADE', { primary: true })
  taskingGroupId: string;

  @References(() => Agency, 'RESTRICT', { primary: true })
  agencyId: string;

  @Column('uuid')
  partnershipId: string;

  /** Order as given, from 1. */
  @Column('int')
  position: number;
}
