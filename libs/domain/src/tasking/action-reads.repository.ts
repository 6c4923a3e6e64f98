import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import type { JsonRow } from '../shared/json-rows';
import type { Action } from './action.entity';
import type { ActionStatus } from './tasking.constants';
import { actionFromJson } from './meeting-reads.repository';

/** The filters of a page of actions (ids lower-cased by the caller). */
export interface ActionListFilters {
  agencyId?: string;
  status?: ActionStatus;
  /** true: only overdue on `today`; false: only the others. */
  overdue?: boolean;
  today: string;
  meetingId?: string;
  problemId?: string;
  priorityId?: string;
  /** Keyset: after this (due date, id). */
  after?: { dueDate: string; id: string };
}

/** An agency's actions due in a period, by how they stand. */
export interface AgencyActionCounts {
  /** Actions due in the period, cancelled ones left out: doneOnTime + doneLate + openOverdue + openNotDue. */
  due: number;
  /** Done, completed (Europe/London date) on or before the due date. */
  doneOnTime: number;
  /** Done, completed after the due date. */
  doneLate: number;
  /** Open or in progress, and the due date has passed. */
  openOverdue: number;
  /** Open or in progress, not yet due (due today). */
  openNotDue: number;
  /** Cancelled actions due in the period (not counted in `due`). */
  cancelled: number;
}

const OPEN_OVERDUE = (today: string) => `a.status IN ('open', 'in_progress') AND a.due_date < ${today}::date`;

/** Reads of actions in hand-written SQL, one statement each, mapped by plain functions. */
@Injectable()
export class ActionReadsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** A page of the partnership's actions, earliest due first (then by id). */
  async listPage(partnershipId: string, f: ActionListFilters, limit: number): Promise<Action[]> {
    const params: unknown[] = [partnershipId];
    const where = ['a.partnership_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (f.agencyId) where.push(`a.owner_agency_id = ${param(f.agencyId)}`);
    if (f.status) where.push(`a.status = ${param(f.status)}`);
    if (f.overdue === true) where.push(OPEN_OVERDUE(param(f.today)));
    if (f.overdue === false) where.push(`NOT (${OPEN_OVERDUE(param(f.today))})`);
    if (f.meetingId) where.push(`a.meeting_id = ${param(f.meetingId)}`);
    if (f.problemId) where.push(`a.problem_id = ${param(f.problemId)}`);
    if (f.priorityId) where.push(`a.control_strategy_priority_id = ${param(f.priorityId)}`);
    if (f.after) where.push(`(a.due_date, a.id) > (${param(f.after.dueDate)}::date, ${param(f.after.id)}::uuid)`);
    const rows = await this.tx.manager.query<{ action: JsonRow }[]>(
      `SELECT row_to_json(a) AS action FROM actions a WHERE ${where.join(' AND ')} ORDER BY a.due_date, a.id LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((r) => actionFromJson(r.action));
  }

  /**
   * Each agency's actions due in [from, to] (London dates, inclusive),
   * counted by how they stand on `today`: ONE grouped statement over
   * `actions` (ix_actions_partnership_agency_due), every agency given
   * included (zeros when it has nothing due).
   */
  async countsByAgency(
    partnershipId: string,
    period: { from: string; to: string; today: string },
    agencyIds: string[],
  ): Promise<Map<string, AgencyActionCounts>> {
    const rows = await this.tx.manager.query<(AgencyActionCounts & { agencyId: string })[]>(
      `SELECT ag.id AS "agencyId",
              count(a.id) FILTER (WHERE a.status <> 'cancelled')::int AS due,
              count(a.id) FILTER (WHERE a.status = 'done' AND (a.completed_at AT TIME ZONE 'Europe/London')::date <= a.due_date)::int AS "doneOnTime",
              count(a.id) FILTER (WHERE a.status = 'done' AND (a.completed_at AT TIME ZONE 'Europe/London')::date > a.due_date)::int AS "doneLate",
              count(a.id) FILTER (WHERE a.status IN ('open', 'in_progress') AND a.due_date < $4::date)::int AS "openOverdue",
              count(a.id) FILTER (WHERE a.status IN ('open', 'in_progress') AND a.due_date >= $4::date)::int AS "openNotDue",
              count(a.id) FILTER (WHERE a.status = 'cancelled')::int AS cancelled
         FROM unnest($5::uuid[]) AS ag(id)
         LEFT JOIN actions a ON a.partnership_id = $1 AND a.owner_agency_id = ag.id AND a.due_date BETWEEN $2::date AND $3::date
        GROUP BY ag.id`,
      [partnershipId, period.from, period.to, period.today, agencyIds],
    );
    return new Map(rows.map(({ agencyId, ...counts }) => [agencyId, counts]));
  }
}
