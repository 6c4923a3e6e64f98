import { Injectable } from '@nestjs/common';
import { TransactionHost, oneRow } from '@app/core';
import { entityFromJson, STAMPS, type JsonRow } from '../shared/json-rows';
import type { Action } from './action.entity';
import type { AgendaAction } from './agenda';
import type { Meeting, MeetingAddendum, MeetingAttendance, MeetingDecision } from './meeting.entity';
import type { TaskingGroup } from './tasking-group.entity';

/** A meeting with its group and minutes, as one statement reads them. */
export interface MeetingParts {
  meeting: Meeting;
  group: TaskingGroup;
  attendance: MeetingAttendance[];
  decisions: MeetingDecision[];
  /** The actions made in the meeting, in order. */
  actions: Action[];
  addenda: MeetingAddendum[];
  /** The group's meetings either side of this one, as the agenda needs them (read with the meeting). */
  neighbours?: MeetingNeighbours;
}

/** The group's next scheduled meeting after a meeting, and its last meeting opened (other than that one). */
export interface MeetingNeighbours {
  next: { id: string; scheduledFor: Date } | null;
  previous: { id: string; openedAt: Date } | null;
}

type NeighbourJson = { next: { id: string; scheduledFor: string } | null; previous: { id: string; openedAt: string } | null };

const neighboursFromJson = (row: NeighbourJson): MeetingNeighbours => ({
  next: row.next ? { id: row.next.id, scheduledFor: new Date(row.next.scheduledFor) } : null,
  previous: row.previous ? { id: row.previous.id, openedAt: new Date(row.previous.openedAt) } : null,
});

/** The two neighbour subqueries, for a meeting's group `$g`, id `$m` and time `$t` (SQL expressions). */
const neighbourColumns = (g: string, m: string, t: string) => `(SELECT json_build_object('id', id, 'scheduledFor', scheduled_for) FROM meetings
                WHERE tasking_group_id = ${g} AND status = 'scheduled' AND id <> ${m} AND scheduled_for > ${t}
                ORDER BY scheduled_for, id LIMIT 1) AS next,
              (SELECT json_build_object('id', id, 'openedAt', opened_at) FROM meetings
                WHERE tasking_group_id = ${g} AND id <> ${m} AND opened_at IS NOT NULL
                ORDER BY opened_at DESC, id DESC LIMIT 1) AS previous`;

export const meetingFromJson = (json: JsonRow) => entityFromJson<Meeting>(json, [...STAMPS, 'scheduledFor', 'openedAt', 'closedAt']);
export const groupFromJson = (json: JsonRow) => entityFromJson<TaskingGroup>(json, STAMPS);
export const attendanceFromJson = (json: JsonRow) => entityFromJson<MeetingAttendance>(json, STAMPS);
export const decisionFromJson = (json: JsonRow) => entityFromJson<MeetingDecision>(json, [...STAMPS, 'recordedAt']);
export const actionFromJson = (json: JsonRow) => entityFromJson<Action>(json, [...STAMPS, 'completedAt']);
export const addendumFromJson = (json: JsonRow) => entityFromJson<MeetingAddendum>(json, ['addedAt']);

/** An action as an agenda section lists it, before its days overdue are worked out. */
export type AgendaActionRow = Omit<AgendaAction, 'daysOverdue'>;

/** What the agenda reads of the tasking context's own tables. */
export interface AgendaTaskingRows {
  overdue: AgendaActionRow[];
  due: AgendaActionRow[];
  /** Open actions per control strategy priority (only priorities with some). */
  openActions: Record<string, number>;
}

const AGENDA_ACTION_COLUMNS = `a.id, a.reference, a.title, a.owner_agency_id AS "ownerAgencyId", to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate", a.status,
  a.meeting_id AS "meetingId", a.problem_id AS "problemId", a.control_strategy_priority_id AS "controlStrategyPriorityId"`;

/**
 * The meeting read in one statement: the meeting, its group, attendance,
 * decisions, the actions made in it and the addenda (children aggregated as
 * JSON), mapped by the plain functions above. In the partnership's
 * transaction (row-level security underneath the partnership condition).
 */
@Injectable()
export class MeetingReadsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async meeting(partnershipId: string, id: string): Promise<MeetingParts | null> {
    const [row] = await this.tx.manager.query<
      ({ meeting: JsonRow; grp: JsonRow; attendance: JsonRow[]; decisions: JsonRow[]; actions: JsonRow[]; addenda: JsonRow[] } & NeighbourJson)[]
    >(
      `SELECT row_to_json(m) AS meeting, row_to_json(g) AS grp, ${neighbourColumns('m.tasking_group_id', 'm.id', 'm.scheduled_for')},
              (SELECT coalesce(json_agg(a ORDER BY a.position), '[]'::json) FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.partnership_id = m.partnership_id) AS attendance,
              (SELECT coalesce(json_agg(d ORDER BY d.seq), '[]'::json) FROM meeting_decisions d WHERE d.meeting_id = m.id AND d.partnership_id = m.partnership_id) AS decisions,
              (SELECT coalesce(json_agg(x ORDER BY x.number), '[]'::json) FROM actions x WHERE x.meeting_id = m.id AND x.partnership_id = m.partnership_id) AS actions,
              (SELECT coalesce(json_agg(n ORDER BY n.added_at, n.id), '[]'::json) FROM meeting_addenda n WHERE n.meeting_id = m.id AND n.partnership_id = m.partnership_id) AS addenda
         FROM meetings m JOIN tasking_groups g ON g.id = m.tasking_group_id AND g.partnership_id = m.partnership_id
        WHERE m.id = $1 AND m.partnership_id = $2`,
      [id, partnershipId],
    );
    if (!row) return null;
    return {
      meeting: meetingFromJson(row.meeting),
      group: groupFromJson(row.grp),
      attendance: row.attendance.map(attendanceFromJson),
      decisions: row.decisions.map(decisionFromJson),
      actions: row.actions.map(actionFromJson),
      addenda: row.addenda.map(addendumFromJson),
      neighbours: neighboursFromJson(row),
    };
  }

  /** The group's next scheduled meeting after this one, and its last meeting opened (other than this one): one statement. */
  async neighbours(groupId: string, meetingId: string, scheduledFor: Date): Promise<MeetingNeighbours> {
    const rows = await this.tx.manager.query<NeighbourJson[]>(`SELECT ${neighbourColumns('$1', '$2', '$3')}`, [groupId, meetingId, scheduledFor]);
    return neighboursFromJson(oneRow(rows));
  }

  /**
   * The agenda's actions in one statement: open ones overdue on `today`,
   * open ones due from today to the horizon (each oldest due date first, at
   * most `limit`), and the open
   * actions per priority. Each list is aggregated from its ordered, limited
   * subquery.
   */
  async agendaActions(partnershipId: string, today: string, horizon: string, priorityIds: readonly string[], limit: number): Promise<AgendaTaskingRows> {
    const rows = await this.tx.manager.query<AgendaTaskingRows[]>(
      `SELECT (SELECT coalesce(json_agg(x), '[]'::json) FROM (
                 SELECT ${AGENDA_ACTION_COLUMNS} FROM actions a
                  WHERE a.partnership_id = $1 AND a.status IN ('open', 'in_progress') AND a.due_date < $2::date
                  ORDER BY a.due_date, a.number LIMIT $4) x) AS overdue,
              (SELECT coalesce(json_agg(x), '[]'::json) FROM (
                 SELECT ${AGENDA_ACTION_COLUMNS} FROM actions a
                  WHERE a.partnership_id = $1 AND a.status IN ('open', 'in_progress') AND a.due_date >= $2::date AND a.due_date < $3::date
                  ORDER BY a.due_date, a.number LIMIT $4) x) AS due,
              (SELECT coalesce(json_object_agg(c.id, c.n), '{}'::json) FROM (
                 SELECT a.control_strategy_priority_id AS id, count(*)::int AS n FROM actions a
                  WHERE a.partnership_id = $1 AND a.status IN ('open', 'in_progress') AND a.control_strategy_priority_id = ANY($5::uuid[])
                  GROUP BY a.control_strategy_priority_id) c) AS "openActions"`,
      [partnershipId, today, horizon, limit, [...priorityIds]],
    );
    return oneRow(rows);
  }
}
