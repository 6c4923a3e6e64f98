import { Injectable } from '@nestjs/common';
import { Clock, addCalendarDays, addCalendarMonths, invalidInput } from '@app/core';
import type { AgencyKind } from '../partnerships';
import { PartnershipsService } from '../partnerships';
import { ActionReadsRepository, type AgencyActionCounts } from './action-reads.repository';
import { onTimeRate } from './action-rules';

export interface PerformanceCounts extends AgencyActionCounts {
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

/**
 * Each agency's record on the actions it owns, by due date: every agency of
 * the partnership, including those with nothing due. The counts come from
 * ONE grouped statement over `actions` (ix_actions_partnership_agency_due),
 * never from loading rows; the rate is derived from them (onTimeRate).
 */
@Injectable()
export class AgencyPerformanceService {
  constructor(
    private readonly reads: ActionReadsRepository,
    private readonly clock: Clock,
    private readonly partnerships: PartnershipsService,
  ) {}

  /** `from`/`to` default to the last 12 months up to today (Europe/London). */
  async report(partnershipId: string, period: { from?: string; to?: string } = {}): Promise<PerformanceReport> {
    const today = this.clock.today();
    const to = period.to ?? today;
    const from = period.from ?? addCalendarDays(addCalendarMonths(to, -12), 1);
    if (from > to) throw invalidInput([{ path: 'from', message: 'from must not be after to' }]);
    const agencies = await this.partnerships.agenciesOf(partnershipId);
    const byAgency = await this.reads.countsByAgency(
      partnershipId,
      { from, to, today },
      agencies.map((a) => a.id),
    );
    const totals: AgencyActionCounts = { due: 0, doneOnTime: 0, doneLate: 0, openOverdue: 0, openNotDue: 0, cancelled: 0 };
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

/** The counts as read (every count of AgencyActionCounts, nothing else), with the rate derived from them. */
function withRate(c: AgencyActionCounts): PerformanceCounts {
  return { ...c, onTimeRate: onTimeRate(c.doneOnTime, c.doneLate, c.openOverdue) };
}
