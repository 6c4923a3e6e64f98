import { Check, Column, Entity, Index } from 'typeorm';
import { Agency } from '../partnerships/agency.entity';
import { PartnershipAggregate } from '../partnerships/partnership.entity';
import { Problem } from '../problems/problem.entity';
import { NullableColumn, PartnershipHistoryRow, PartnershipOwned, References } from '../shared/columns';
import { ATTENDANCE_STATUSES, MEETING_STATUSES, type AttendanceStatus, type MeetingStatus } from './tasking.constants';
import type { Agenda } from './agenda';
import { TaskingGroup } from './tasking-group.entity';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A meeting of a tasking group: scheduled, opened (its generated agenda is
 * frozen into `agenda` in the same transaction) and closed (its minutes -
 * attendance, decisions, actions made in it - are frozen; corrections are
 * addenda). At most one meeting of a group is open at a time.
 */
@Entity('meetings')
@Index('ix_meetings_group_scheduled', ['taskingGroupId', 'scheduledFor', 'id'])
@Index('ix_meetings_group_opened', ['taskingGroupId', 'openedAt'], { where: '"opened_at" IS NOT NULL' })
@Index('uq_meetings_one_open_per_group', ['taskingGroupId'], { unique: true, where: `"status" = 'open'` })
@Check('ck_meetings_status', `"status" IN (${list(MEETING_STATUSES)})`)
@Check(
  'ck_meetings_lifecycle',
  `("status" = 'scheduled' AND "opened_at" IS NULL AND "closed_at" IS NULL AND "agenda" IS NULL)
   OR ("status" = 'open' AND "opened_at" IS NOT NULL AND "closed_at" IS NULL AND "agenda" IS NOT NULL)
   OR ("status" = 'closed' AND "opened_at" IS NOT NULL AND "closed_at" IS NOT NULL AND "agenda" IS NOT NULL)`,
)
export class Meeting extends PartnershipAggregate {
  @References(() => TaskingGroup, 'RESTRICT')
  taskingGroupId: string;

  @Column('timestamptz')
  scheduledFor: Date;

  @Column('text', { default: 'scheduled' })
  status: MeetingStatus;

  @NullableColumn('timestamptz')
  openedAt: Date | null;

  /** The user who opened it. */
  @NullableColumn('uuid')
  openedBy: string | null;

  @NullableColumn('timestamptz')
  closedAt: Date | null;

  @NullableColumn('uuid')
  closedBy: string | null;

  /** The agenda as generated when the meeting opened; null while scheduled (it is computed on read). */
  @NullableColumn('jsonb')
  agenda: Agenda | null;
}

/** Which agencies attended a meeting (replaced as a set while the meeting is open). */
@Entity('meeting_attendance')
@Index('uq_meeting_attendance_meeting_agency', ['meetingId', 'agencyId'], { unique: true })
@Index('ix_meeting_attendance_agency', ['agencyId'])
@Check('ck_meeting_attendance_status', `"status" IN (${list(ATTENDANCE_STATUSES)})`)
export class MeetingAttendance extends PartnershipOwned {
  @References(() => Meeting, 'CASCADE')
  meetingId: string;

  @References(() => Agency, 'RESTRICT')
  agencyId: string;

  @Column('text')
  status: AttendanceStatus;

  /** Who attended for the agency (a name or role), when recorded. */
  @NullableColumn('text')
  attendee: string | null;

  /** Order as given, from 1. */
  @Column('int')
  position: number;
}

/** A decision recorded in a meeting, optionally linked to a problem or a control strategy priority. */
@Entity('meeting_decisions')
@Index('uq_meeting_decisions_meeting_seq', ['meetingId', 'seq'], { unique: true })
@Index('ix_meeting_decisions_problem', ['problemId'], { where: '"problem_id" IS NOT NULL' })
@Check('ck_meeting_decisions_seq', '"seq" >= 1')
export class MeetingDecision extends PartnershipOwned {
  @References(() => Meeting, 'CASCADE')
  meetingId: string;

  /** 1, 2, 3... within the meeting. */
  @Column('int')
  seq: number;

  @Column('text')
  text: string;

  @References(() => Problem, 'RESTRICT', { nullable: true })
  problemId: string | null;

  /** A priority of the control strategy current when the decision was recorded (its stable id). */
  @NullableColumn('uuid')
  controlStrategyPriorityId: string | null;

  @Column('timestamptz')
  recordedAt: Date;

  @Column('text')
  recordedByType: string;

  @NullableColumn('uuid')
  recordedById: string | null;
}

/**
 * A dated, authored correction or addition to a closed meeting's minutes:
 * the only change a closed meeting takes. Append-only for the runtime roles.
 */
@Entity('meeting_addenda')
@Index('ix_meeting_addenda_meeting_added', ['meetingId', 'addedAt', 'id'])
export class MeetingAddendum extends PartnershipHistoryRow {
  @References(() => Meeting, 'CASCADE')
  meetingId: string;

  @Column('text')
  text: string;

  /** The user who wrote it. */
  @Column('uuid')
  authorId: string;

  @Column('timestamptz')
  addedAt: Date;
}
