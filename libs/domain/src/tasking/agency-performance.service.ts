import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost, ValidationProblem, addCalendarDays, addCalendarMonths } from '@app/core';
import type { AgencyKind } from '../partnerships/partnership.constants';
import { PartnershipsService } from '../partnerships/partnerships.service';
import { onTimeRate } from './action-rules';

export interface PerformanceCounts {
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
  /** doneOnTime / (doneOnTime + doneLate + openOverdue); null when that is zero. */
  onTimeRate: number | null;
}

export interface AgencyPerformance extends PerformanceCounts {
  agencyId: string;
  agencyName: string;
  agencyKind: AgencyKind;
}

export interface PerformanceReport {
  /** The period of due dates, inclusive (Europe/London). */
  from: string;
  to: string;
  /** The London date "overdue" was judged on. */
  asOf: string;
  agencies: AgencyPerformance[];
  totals: PerformanceCounts;
}

type CountRow = Omit<PerformanceCounts, 'onTimeRate'> & { agencyId: string };

/**
 * Each agency's record on the actions it owns, by due date: every agency of
 * the partnership, including those with nothing due. The counts come from
 * ONE grouped statement over `actions` (ix_actions_partnership_agency_due),
 * never from loading rows; the rate is derived from them (onTimeRate).
 */
@Injectable()
export class AgencyPerformanceService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly partnerships: PartnershipsService,
  ) {}

  /** `from`/`to` default to the last 12 months up to today (Europe/London). */
  async report(partnershipId: string, period: { from?: string; to?: string } = {}): Promise<PerformanceReport> {
    const today = this.clock.today();
    const to = period.to ?? today;
    const from = period.from ?? addCalendarDays(addCalendarMonths(to, -12), 1);
    if (from > to) throw new ValidationProblem([{ path: 'from', message: 'from must not be after to' }]);
    const agencies = await this.partnerships.agenciesOf(partnershipId);
    const rows = await this.tx.manager.query<CountRow[]>(
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
      [partnershipId, from, to, today, agencies.map((a) => a.id)],
    );
    const byAgency = new Map(rows.map((r) => [r.agencyId, r]));
    const totals: Omit<PerformanceCounts, 'onTimeRate'> = { due: 0, doneOnTime: 0, doneLate: 0, openOverdue: 0, openNotDue: 0, cancelled: 0 };
    const out = agencies.map((agency) => {
      const counts = byAgency.get(agency.id)!;
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
      return {
        agencyId: agency.id,
        agencyName: agency.name,
        agencyKind: agency.kind,
        ...withRate(counts),
      };
    });
    return { from, to, asOf: today, agencies: out, totals: withRate(totals) };
  }
}

function withRate(c: Omit<PerformanceCounts, 'onTimeRate'>): PerformanceCounts {
  return {
    due: c.due,
    doneOnTime: c.doneOnTime,
    doneLate: c.doneLate,
    openOverdue: c.openOverdue,
    openNotDue: c.openNotDue,
    cancelled: c.cancelled,
    onTimeRate: onTimeRate(c.doneOnTime, c.doneLate, c.openOverdue),
  };
}
