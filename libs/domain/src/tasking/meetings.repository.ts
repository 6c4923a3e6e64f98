import { Injectable } from '@nestjs/common';
import { AggregateRepository, TransactionHost, oneRow } from '@app/core';
import { Meeting, MeetingAddendum, MeetingAttendance, MeetingDecision } from './meeting.entity';
import type { AttendanceStatus, MeetingStatus } from './tasking.constants';
import { nextNumberIn } from '../shared/sql';
import { keysetRows } from '../shared/keyset';

/** A page of a group's meetings, latest scheduled first, after the keyset of the last one seen. */
export interface MeetingPageQuery {
  status?: MeetingStatus;
  after?: { scheduledFor: string; id: string };
  limit: number;
}

/** What closing a meeting reports of its minutes. */
export interface MinutesTally {
  decisions: number;
  /** The actions made in the meeting, in order. */
  actionIds: string[];
  /** How many agencies attended with each status. */
  attendance: Partial<Record<AttendanceStatus, number>>;
}

export type AttendanceRow = Pick<MeetingAttendance, 'id' | 'partnershipId' | 'meetingId' | 'agencyId' | 'status' | 'attendee' | 'position'>;
export type DecisionRow = Pick<
  MeetingDecision,
  'id' | 'partnershipId' | 'meetingId' | 'seq' | 'text' | 'problemId' | 'controlStrategyPriorityId' | 'recordedAt' | 'recordedByType' | 'recordedById'
>;

/**
 * Every write, and the reads changes need, on meetings and their minutes
 * (meeting_attendance, meeting_decisions, meeting_addenda). The meeting as
 * it is shown is read by MeetingReadsRepository.
 */
@Injectable()
export class MeetingsRepository extends AggregateRepository<Meeting> {
  constructor(tx: TransactionHost) {
    super(tx, Meeting, 'meeting');
  }

  /** The group's meetings by scheduled time then id, latest first; `limit` rows at most. */
  pageOfGroup(groupId: string, query: MeetingPageQuery): Promise<Meeting[]> {
    const qb = this.tx.manager.getRepository(Meeting).createQueryBuilder('m').where('m.tasking_group_id = :groupId', { groupId });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    const after = query.after && { key: query.after.scheduledFor, id: query.after.id };
    return keysetRows(qb, { column: 'scheduled_for', type: 'timestamptz', order: 'DESC' }, after, query.limit);
  }

  async insert(meeting: Pick<Meeting, 'id' | 'partnershipId' | 'taskingGroupId' | 'scheduledFor' | 'status' | 'agenda'>): Promise<void> {
    await this.tx.manager.getRepository(Meeting).insert(meeting);
  }

  /** Another meeting of the group that is open, or null. */
  async otherOpenMeeting(groupId: string, meetingId: string): Promise<string | null> {
    const [other] = await this.tx.manager.query<{ id: string }[]>(`SELECT id FROM meetings WHERE tasking_group_id = $1 AND status = 'open' AND id <> $2`, [
      groupId,
      meetingId,
    ]);
    return other?.id ?? null;
  }

  /** The meeting's decisions counted, its actions in order and its attendance by status. */
  async tally(meetingId: string): Promise<MinutesTally> {
    const m = this.tx.manager;
    const { decisions } = oneRow(
      await m.query<{ decisions: number }[]>('SELECT count(*)::int AS decisions FROM meeting_decisions WHERE meeting_id = $1', [meetingId]),
    );
    const actionIds = (await m.query<{ id: string }[]>('SELECT id FROM actions WHERE meeting_id = $1 ORDER BY number', [meetingId])).map((r) => r.id);
    const attendance = await m.query<{ status: AttendanceStatus; n: number }[]>(
      'SELECT status, count(*)::int AS n FROM meeting_attendance WHERE meeting_id = $1 GROUP BY status',
      [meetingId],
    );
    return { decisions, actionIds, attendance: Object.fromEntries(attendance.map((r) => [r.status, r.n])) };
  }

  /** Replaces the meeting's attendance with `rows`. */
  async replaceAttendance(meetingId: string, rows: AttendanceRow[]): Promise<void> {
    const repo = this.tx.manager.getRepository(MeetingAttendance);
    await repo.delete({ meetingId });
    if (rows.length) await repo.insert(rows);
  }

  /** The next decision number of the meeting (the caller holds the meeting's lock: numbers are taken one at a time). */
  nextDecisionSeq(meetingId: string): Promise<number> {
    return nextNumberIn(this.tx.manager, 'meeting_decisions', 'seq', 'meeting_id', meetingId);
  }

  async insertDecision(decision: DecisionRow): Promise<void> {
    await this.tx.manager.getRepository(MeetingDecision).insert(decision);
  }

  /** The meeting's decisions, in order. */
  decisionsOf(meetingId: string): Promise<MeetingDecision[]> {
    return this.tx.manager.getRepository(MeetingDecision).find({ where: { meetingId }, order: { seq: 'ASC' } });
  }

  async insertAddendum(addendum: Pick<MeetingAddendum, 'id' | 'partnershipId' | 'meetingId' | 'text' | 'authorId' | 'addedAt'>): Promise<void> {
    await this.tx.manager.getRepository(MeetingAddendum).insert(addendum);
  }
}
