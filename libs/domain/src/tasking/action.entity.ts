import { Check, Column, Entity, Index } from 'typeorm';
import { Agency } from '../partnerships/agency.entity';
import { AuthoredAggregate, ReferenceCounter } from '../partnerships/partnership.entity';
import { Problem } from '../problems/problem.entity';
import { NullableColumn, PartnershipChangeRow, References } from '../shared/columns';
import { ACTION_STATUSES, type ActionStatus } from './tasking.constants';
import { Meeting } from './meeting.entity';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const OPEN = `"status" IN ('open', 'in_progress')`;

/**
 * An action allocated to an agency: in a meeting (`meetingId`) or between
 * meetings (null). Overdue when open or in progress and its due date (a
 * Europe/London calendar date) has passed. The list is ordered by due date;
 * every filter has an index serving that order.
 */
@Entity('actions')
@Index('uq_actions_partnership_number', ['partnershipId', 'number'], { unique: true })
@Index('uq_actions_partnership_reference', ['partnershipId', 'reference'], { unique: true })
@Index('ix_actions_partnership_due', ['partnershipId', 'dueDate', 'id'])
@Index('ix_actions_partnership_agency_due', ['partnershipId', 'ownerAgencyId', 'dueDate', 'id'])
// Also the overdue and due actions of one partnership (status IN ('open', 'in_progress'): two ranges).
@Index('ix_actions_partnership_status_due', ['partnershipId', 'status', 'dueDate', 'id'])
// The action_overdue scanner (across partnerships): its cost follows what is open, not the table.
@Index('ix_actions_open_due', ['dueDate'], { where: OPEN })
// Actions per control strategy priority: the list's priorityId filter, and the agenda's open counts (status in the key).
@Index('ix_actions_priority', ['partnershipId', 'controlStrategyPriorityId', 'status'], { where: '"control_strategy_priority_id" IS NOT NULL' })
@Index('ix_actions_meeting_number', ['meetingId', 'number'], { where: '"meeting_id" IS NOT NULL' })
@Index('ix_actions_problem', ['problemId'], { where: '"problem_id" IS NOT NULL' })
@Index('ix_actions_owner_agency', ['ownerAgencyId'])
@Check('ck_actions_status', `"status" IN (${list(ACTION_STATUSES)})`)
@Check('ck_actions_number', '"number" >= 1')
@Check('ck_actions_completed', `("status" = 'done') = ("completed_at" IS NOT NULL)`)
export class Action extends AuthoredAggregate {
  /** 1, 2, 3... per partnership, without gaps. */
  @Column('int')
  number: number;

  /** The human reference, e.g. CDF-A-0007. */
  @Column('text')
  reference: string;

  /** The meeting it was made in; null for an action made between meetings. */
  @References(() => Meeting, 'RESTRICT', { nullable: true })
  meetingId: string | null;

  @Column('text')
  title: string;

  @References(() => Agency, 'RESTRICT')
  ownerAgencyId: string;

  /** The named officer, when given. */
  @NullableColumn('text')
  ownerName: string | null;

  /** A Europe/London calendar date. */
  @Column('date')
  dueDate: string;

  @Column('text', { default: 'open' })
  status: ActionStatus;

  @References(() => Problem, 'RESTRICT', { nullable: true })
  problemId: string | null;

  /** The control strategy priority it serves (its stable id), a priority of the current strategy when set. */
  @NullableColumn('uuid')
  controlStrategyPriorityId: string | null;

  /** When it was marked done; null unless done (cleared when reopened). */
  @NullableColumn('timestamptz')
  completedAt: Date | null;
}

/** Who changed an action's status, when, from what to what, with a note. Append-only for the runtime roles. */
@Entity('action_status_changes')
@Index('ix_action_status_changes_action_changed', ['actionId', 'changedAt', 'id'])
@Check('ck_action_status_changes_to', `"to_status" IN (${list(ACTION_STATUSES)})`)
@Check('ck_action_status_changes_from', `"from_status" IS NULL OR "from_status" IN (${list(ACTION_STATUSES)})`)
export class ActionStatusChange extends PartnershipChangeRow {
  @References(() => Action, 'CASCADE')
  actionId: string;

  /** Null for the entry made when the action was created. */
  @NullableColumn('text')
  fromStatus: ActionStatus | null;

  @Column('text')
  toStatus: ActionStatus;

  @NullableColumn('text')
  note: string | null;
}

/** The last action number given in a partnership (see ReferenceCounter: no gaps, concurrent creations queue). */
@Entity('action_reference_counters')
export class ActionReferenceCounter extends ReferenceCounter {}
