import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  APP_CONFIG,
  Clock,
  CrossPartnershipHost,
  TransactionHost,
  addCalendarDays,
  addCalendarMonths,
  invalidInput,
  isCalendarDate,
  lastOf,
  notFound,
  type AppConfig,
} from '@app/core';
import { PartnershipsService } from '../partnerships';
import {
  combineCounts,
  computeFigures,
  engagementAreasOf,
  HALLMARK_TITLES,
  HALLMARKS,
  quarterOf,
  quartersBetween,
  type Counts,
  type Figure,
  type Hallmark,
  type Quarter,
} from './figure-definitions';
import { FiguresRepository, type MaterialisedRow, type Window } from './figures.repository';
import { isSmall, median, ranks, suppress, type PublishedFigure } from './suppression';

/** The longest period one request may ask for (figures are computed per quarter within it). */
export const MAX_PERIOD_MONTHS = 60;

/** The statement timeout of the materialisation (like the flag scans'). */
export const MATERIALISE_STATEMENT_TIMEOUT_MS = 300_000;

export interface HallmarkFigures<F> {
  hallmark: Hallmark;
  title: string;
  figures: F[];
}

export interface QuarterFigures<F> {
  quarter: string;
  start: string;
  end: string;
  hallmarks: HallmarkFigures<F>[];
}

export interface PartnershipFigures {
  partnershipId: string;
  from: string;
  to: string;
  /** The London date "overdue" and "expected so far" were judged on. */
  asOf: string;
  hallmarks: HallmarkFigures<Figure>[];
  quarters: QuarterFigures<Figure>[];
}

export type ComparedFigure = PublishedFigure & {
  /** This partnership's place among every partnership in Wales whose figure is shown (1 = best); null where not ranked. */
  rank: number | null;
  rankOf: number;
  /** The all-Wales median of the partnerships with enough data; suppressed when it is a count from 1 to 4. */
  median: number | null | { suppressed: true };
};

export type TrendValue = number | null | { suppressed: true };

export interface OversightPartnership {
  id: string;
  code: string;
  name: string;
  figures: ComparedFigure[];
  /** Each quarter's values (suppressed as in the period), oldest first. */
  trend: { quarter: string; start: string; end: string; values: Record<string, TrendValue> }[];
}

export interface OversightFigures {
  from: string;
  to: string;
  quarters: string[];
  /** When the oldest of the quarters read was computed (null: nothing materialised yet). */
  computedAt: string | null;
  partnerships: OversightPartnership[];
  /** The all-Wales median by quarter. */
  medianTrend: { quarter: string; values: Record<string, TrendValue> }[];
}

/** What an oversight principal (or a platform admin) may see: every partnership, or the listed ones. */
export interface OversightScope {
  all: boolean;
  partnershipIds: readonly string[];
}

export const groupByHallmark = <F extends { hallmark: Hallmark }>(figures: readonly F[]): HallmarkFigures<F>[] =>
  HALLMARKS.map((hallmark) => ({ hallmark, title: HALLMARK_TITLES[hallmark], figures: figures.filter((f) => f.hallmark === hallmark) }));

/**
 * Counts with the per-agency and per-area entries left out: agencies and
 * areas are not comparable across partnerships (agency kinds are), and
 * aggregates below the partnership stay inside it.
 */
export function comparableCounts(counts: Counts): Counts {
  return Object.fromEntries(Object.entries(counts).filter(([name]) => !name.includes('@agency:') && !name.includes('@area:')));
}

function valueOf(f: PublishedFigure): TrendValue {
  return f.suppressed ? { suppressed: true } : f.value;
}

/** The oldest and the newest of the quarters of a period (never none: a period holds the quarter it starts in). */
function firstAndLast(quarters: readonly Quarter[]): { first: Quarter; last: Quarter } {
  const [first] = quarters;
  if (first === undefined) throw new Error('Expected at least one quarter, got none');
  return { first, last: lastOf(quarters) };
}

/**
 * The hallmark figures: a partnership's own (computed from its records in
 * the request's transaction, under row-level security), the quarters the
 * worker materialises across every partnership, and the oversight view
 * read from them.
 */
@Injectable()
export class FiguresService {
  private readonly logger = new Logger('Figures');

  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    readonly repository: FiguresRepository,
    private readonly partnerships: PartnershipsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The period asked for: `from`/`to` default to the 12 months up to today (Europe/London). */
  period(query: { from?: string; to?: string }): { from: string; to: string } {
    const errors: { path: string; message: string }[] = [];
    if (query.from !== undefined && !isCalendarDate(query.from)) errors.push({ path: 'from', message: 'from must be a date (YYYY-MM-DD)' });
    if (query.to !== undefined && !isCalendarDate(query.to)) errors.push({ path: 'to', message: 'to must be a date (YYYY-MM-DD)' });
    if (errors.length) throw invalidInput(errors);
    const to = query.to ?? this.clock.today();
    const from = query.from ?? addCalendarDays(addCalendarMonths(to, -12), 1);
    if (from > to) throw invalidInput([{ path: 'from', message: 'from must not be after to' }]);
    if (addCalendarMonths(from, MAX_PERIOD_MONTHS) <= to) throw invalidInput([{ path: 'to', message: `the period is at most ${MAX_PERIOD_MONTHS} months` }]);
    return { from, to };
  }

  /** One partnership's figures for the period and for each quarter in it (quarters cut to the period). */
  async forPartnership(partnershipId: string, query: { from?: string; to?: string }): Promise<PartnershipFigures> {
    const { from, to } = this.period(query);
    const today = this.clock.today();
    const quarters = quartersBetween(from, to).map((q) => ({ ...q, start: q.start < from ? from : q.start, end: q.end > to ? to : q.end }));
    const windows: Window[] = [{ start: from, end: to }, ...quarters];
    const agencies = await this.partnerships.agenciesOf(partnershipId);
    const rows = await this.repository.counts([partnershipId], windows, today);
    const countsOf = (index: number) => rows.find((r) => r.index === index)?.counts ?? {};
    const breakdown = { agencies, areas: engagementAreasOf(...rows.map((r) => r.counts)) };
    return {
      partnershipId,
      from,
      to,
      asOf: today,
      hallmarks: groupByHallmark(computeFigures(countsOf(0), breakdown)),
      quarters: quarters.map((q, i) => ({
        quarter: q.label,
        start: q.start,
        end: q.end,
        hallmarks: groupByHallmark(computeFigures(countsOf(i + 1), breakdown)),
      })),
    };
  }

  /** The quarters the worker keeps materialised: the current one and those before it. */
  materialisedQuarters(): Quarter[] {
    const today = this.clock.today();
    const current = quarterOf(today);
    const first = quarterOf(addCalendarMonths(current.start, -3 * (this.config.figures.quartersKept - 1)));
    return quartersBetween(first.start, today);
  }

  /**
   * Recomputes the materialised quarters of every partnership as the
   * worker's cross-partnership role, in one transaction: one row per
   * partnership and quarter, replaced in place, so a second run (or two
   * workers at once) leaves the same rows.
   */
  async materialise(cross: CrossPartnershipHost): Promise<{ partnerships: number; quarters: number; rows: number }> {
    const quarters = this.materialisedQuarters();
    const today = this.clock.today();
    const computedAt = this.clock.now();
    return cross.run(async (manager) => {
      await this.repository.beginMaterialisation(manager, MATERIALISE_STATEMENT_TIMEOUT_MS);
      const partnerships = await this.repository.partnerships(manager);
      const ids = partnerships.map((p) => p.id);
      const counted = await this.repository.counts(ids, quarters, today, manager);
      const byKey = new Map(counted.map((c) => [`${c.partnershipId}|${c.index}`, c.counts]));
      const rows: MaterialisedRow[] = ids.flatMap((id) =>
        quarters.map((q, i) => ({
          partnershipId: id,
          quarterStart: q.start,
          quarterEnd: q.end,
          counts: comparableCounts(byKey.get(`${id}|${i}`) ?? {}),
          computedAt,
        })),
      );
      const written = await this.repository.upsertQuarters(rows, manager);
      const { first, last } = firstAndLast(quarters);
      await this.repository.pruneQuarters(first.start, last.start, manager);
      this.logger.log(`materialised ${quarters.length} quarter(s) of ${ids.length} partnership(s): ${JSON.stringify(this.repository.lastTimings)} ms`);
      return { partnerships: ids.length, quarters: quarters.length, rows: written };
    });
  }

  /**
   * The oversight view: each partnership's figures for the whole quarters
   * from `from`'s quarter to `to`'s, side by side, suppressed (counts from 1
   * to 4, and their complements), with the all-Wales median and each
   * partnership's rank, and the trend by quarter. Read from the
   * materialised quarters only, never from the records.
   */
  async oversight(scope: OversightScope, query: { from?: string; to?: string; partnerships?: string }): Promise<OversightFigures> {
    const today = this.clock.today();
    const to = query.to ?? today;
    const from = query.from ?? quarterOf(addCalendarMonths(quarterOf(to).start, -9)).start;
    const { from: checkedFrom, to: checkedTo } = this.period({ from, to });
    const quarters = quartersBetween(checkedFrom, checkedTo);
    const wanted = await this.wantedPartnerships(scope, query.partnerships);

    return this.tx.run(null, async () => {
      const all = await this.repository.partnerships();
      const { first, last } = firstAndLast(quarters);
      const rows = await this.repository.quarters(null, first.start, last.start);
      const byPartnership = new Map<string, Map<string, Counts>>();
      for (const r of rows) {
        if (!byPartnership.has(r.partnershipId)) byPartnership.set(r.partnershipId, new Map());
        byPartnership.get(r.partnershipId)!.set(r.quarterStart, r.counts);
      }
      const computedAt = rows.length ? new Date(Math.min(...rows.map((r) => new Date(r.computedAt).getTime()))).toISOString() : null;
      const memo = new Map<string, PublishedFigure[]>();
      const figuresOf = (id: string, qs: readonly Quarter[]) => {
        const key = `${id}|${qs.map((q) => q.start).join(',')}`;
        let out = memo.get(key);
        if (!out) {
          const held = byPartnership.get(id);
          memo.set(key, (out = suppress(computeFigures(combineCounts(qs.map((q) => held?.get(q.start) ?? {})), { agencyKinds: true }))));
        }
        return out;
      };
      // Every partnership of Wales (not only those asked for) sets the median and the ranks.
      const materialised = all.filter((p) => byPartnership.has(p.id));
      const period = new Map(materialised.map((p) => [p.id, figuresOf(p.id, quarters)]));
      const keys = (period.values().next().value ?? figuresOf('', quarters)).map((f) => f.key);
      const medianOf = (sets: PublishedFigure[][], key: string, unit: string): TrendValue => {
        const raw = sets.map((s) => s.find((f) => f.key === key)!).filter((f) => !f.suppressed && f.value !== null && f.sufficientData) as { value: number }[];
        const m = median(raw.map((f) => f.value));
        return unit === 'count' && m !== null && isSmall(m) ? { suppressed: true } : m;
      };
      const medians = new Map<string, TrendValue>();
      const rankings = new Map<string, Map<string, number | null>>();
      for (const key of keys) {
        const sample = [...period.values()][0]?.find((f) => f.key === key);
        medians.set(key, medianOf([...period.values()], key, sample?.unit ?? 'count'));
        if (sample?.better) {
          const ids = [...period.keys()];
          const values = ids.map((id) => {
            const f = period.get(id)!.find((x) => x.key === key)!;
            return f.suppressed || !f.sufficientData ? null : f.value;
          });
          const r = ranks(values, sample.better);
          rankings.set(key, new Map(ids.map((id, i) => [id, r[i] ?? null])));
        }
      }
      const rankedCount = (key: string) => [...(rankings.get(key)?.values() ?? [])].filter((v) => v !== null).length;
      const trendOf = (id: string) =>
        quarters.map((q) => ({
          quarter: q.label,
          start: q.start,
          end: q.end,
          values: Object.fromEntries(figuresOf(id, [q]).map((f) => [f.key, valueOf(f)])),
        }));
      const partnerships = all
        .filter((p) => wanted === null || wanted.includes(p.id))
        .map((p) => ({
          id: p.id,
          code: p.code,
          name: p.name,
          figures: (period.get(p.id) ?? figuresOf(p.id, quarters)).map((f) => ({
            ...f,
            rank: rankings.get(f.key)?.get(p.id) ?? null,
            rankOf: rankedCount(f.key),
            median: medians.get(f.key) ?? null,
          })),
          trend: trendOf(p.id),
        }));
      const medianTrend = quarters.map((q) => {
        const sets = materialised.map((p) => figuresOf(p.id, [q]));
        return {
          quarter: q.label,
          values: Object.fromEntries(keys.map((key) => [key, medianOf(sets, key, sets[0]?.find((f) => f.key === key)?.unit ?? 'count')])),
        };
      });
      return { from: first.start, to: last.end, quarters: quarters.map((q) => q.label), computedAt, partnerships, medianTrend };
    });
  }

  /** The partnerships asked for (codes or ids, comma-separated), each within the scope: 404 otherwise. Null: every one in scope. */
  private async wantedPartnerships(scope: OversightScope, list: string | undefined): Promise<string[] | null> {
    const asked = (list ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (asked.length === 0) return scope.all ? null : [...scope.partnershipIds];
    const ids: string[] = [];
    for (const idOrCode of asked) {
      const found = await this.tx.run(null, () => this.partnerships.resolve(idOrCode));
      if (!found || (!scope.all && !scope.partnershipIds.includes(found.id))) throw notFound('partnership');
      ids.push(found.id);
    }
    return ids;
  }
}
