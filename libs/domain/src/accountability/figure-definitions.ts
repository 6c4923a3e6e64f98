import { lastOf } from '@app/core';
import { IMPACT_RESULTS, PROBLEM_SOURCES, PROBLEM_STAGES } from '../problems';
import { AGENCY_KINDS } from '../partnerships';
import { COMMUNITY_PROBLEM_SOURCES, INTELLIGENCE_ASSESSMENTS, SMALL_COUNT_THRESHOLD, SOURCE_EVALUATIONS, SOURCE_KINDS } from '../community';
import { INCIDENT_CATEGORY_CATALOGUE } from '../intake';

/**
 * The six hallmarks of effective partnership working (Home Office standards,
 * still used by Audit Wales), in the order the figures are shown.
 */
export const HALLMARKS = ['leadership', 'intelligence_led', 'delivery_structures', 'engaged_communities', 'accountability', 'skills_knowledge'] as const;
export type Hallmark = (typeof HALLMARKS)[number];

export const HALLMARK_TITLES: Readonly<Record<Hallmark, string>> = {
  leadership: 'Empowered and effective leadership',
  intelligence_led: 'Intelligence-led business processes',
  delivery_structures: 'Effective and responsive delivery structures',
  engaged_communities: 'Engaged communities',
  accountability: 'Visible and constructive accountability',
  skills_knowledge: 'Appropriate skills and knowledge',
};

/** Problem sources that come from the community: the community context's list. */
export const COMMUNITY_SOURCES = COMMUNITY_PROBLEM_SOURCES;

/** The groups incidents are counted under: the problem categories the incident categories are accepted into, and `other`. */
export const INCIDENT_GROUPS: readonly string[] = [...new Set([...INCIDENT_CATEGORY_CATALOGUE.map((c) => c.problemCategory ?? 'other'), 'other'])];

/**
 * The raw counts of one partnership over one window (a quarter or a chosen
 * period), keyed by name: what the figures are computed from and what is
 * materialised per quarter. Names with an `@agency:<id>` or `@kind:<kind>`
 * suffix are per owning agency or per agency kind.
 */
export type Counts = Record<string, number>;

/** How a count of several quarters is combined into one of a longer period. */
export type Combiner = 'sum' | 'max' | 'last';

/** Counts that are not summed over quarters: the longest delay, and snapshots at the end of a window. */
export function combinerOf(name: string): Combiner {
  if (name === 'reviews.daysOverdueMax') return 'max';
  if (name.startsWith('problems.stage:') || name.startsWith('population.')) return 'last';
  return 'sum';
}

/** Counts of consecutive windows (oldest first) combined into one. */
export function combineCounts(windows: readonly Counts[]): Counts {
  const out: Counts = {};
  for (const counts of windows) {
    for (const [name, n] of Object.entries(counts)) {
      const how = combinerOf(name);
      if (how === 'sum') out[name] = (out[name] ?? 0) + n;
      else if (how === 'max') out[name] = Math.max(out[name] ?? 0, n);
      else out[name] = n;
    }
  }
  return out;
}

export type FigureUnit = 'rate' | 'count' | 'days' | 'per_1000';

/** One computed figure, as the API answers it. */
export interface Figure {
  key: string;
  hallmark: Hallmark;
  /** A rate is a share between 0 and 1; null without enough data or where not measurable from records. */
  value: number | null;
  numerator?: number;
  denominator?: number;
  unit: FigureUnit;
  /** Which way is better (for ranking); null where neither is. */
  better: 'higher' | 'lower' | null;
  label: string;
  definition: string;
  sufficientData: boolean;
}

interface Spec {
  key: string;
  hallmark: Hallmark;
  label: string;
  unit: FigureUnit;
  better: 'higher' | 'lower' | null;
  definition: string;
  compute(c: Counts): { value: number | null; numerator?: number; denominator?: number; sufficientData: boolean };
}

/** A rate needs at least this many cases to be judged (a figure without enough data says so). */
export const MIN_CASES = {
  reviews: 1,
  priorities: 1,
  meetings: 1,
  actions: 5,
  closed: 1,
  problems: 5,
  attendance: 3,
  incidents: 1,
  community: SMALL_COUNT_THRESHOLD,
} as const;

const n = (c: Counts, name: string) => c[name] ?? 0;

function rate(numerator: number, denominator: number, min: number) {
  const sufficientData = denominator >= min && denominator > 0;
  return { value: sufficientData ? numerator / denominator : null, numerator, denominator, sufficientData };
}

/** A mean, the sum over the cases, given once there is a case: a ratio with a minimum of one. */
const mean = (sum: number, cases: number) => rate(sum, cases, 1);

function count(value: number) {
  return { value, numerator: value, sufficientData: true };
}

const onTime = (c: Counts, suffix = '') => {
  const done = n(c, `actions.onTime${suffix}`);
  return rate(done, done + n(c, `actions.late${suffix}`) + n(c, `actions.overdue${suffix}`), MIN_CASES.actions);
};

const NOT_MEASURABLE = () => ({ value: null, sufficientData: false });

/** The median of a histogram of counts keyed `<prefix><value>`; null for none. */
export function histogramMedian(c: Counts, prefix: string): number | null {
  const bins = Object.entries(c)
    .filter(([name, k]) => name.startsWith(prefix) && k > 0)
    .map(([name, k]) => [Number(name.slice(prefix.length)), k] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((sum, [, k]) => sum + k, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, k] of bins) if ((seen += k) > rank) return value;
    return lastOf(bins)[0];
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/** Incident counts are judged only where incidents are held: at least one recorded in the window. */
const incidentCount = (c: Counts, name: string) => ({
  value: n(c, name),
  numerator: n(c, name),
  denominator: n(c, 'incidents.total'),
  sufficientData: n(c, 'incidents.total') >= MIN_CASES.incidents,
});

/** The figures every partnership has, whatever its agencies. */
const FIXED: readonly Spec[] = [
  {
    key: 'strategic_attendance',
    hallmark: 'leadership',
    label: 'Attendance at strategic meetings',
    unit: 'rate',
    better: 'higher',
    definition:
      'Share of the agencies expected at the strategic group meetings opened in the period that were recorded present (attendance rows marked present / all attendance rows of those meetings). Needs at least 3 attendance rows.',
    compute: (c) => rate(n(c, 'attendance.present'), n(c, 'attendance.rows'), MIN_CASES.attendance),
  },
  {
    key: 'leadership_other',
    hallmark: 'leadership',
    label: 'Other aspects of leadership',
    unit: 'count',
    better: null,
    definition: 'Not measurable from the records the product holds (vision, challenge, commitment of leaders): no figure is given rather than one invented.',
    compute: NOT_MEASURABLE,
  },
  {
    key: 'assessment_reviews_on_time',
    hallmark: 'intelligence_led',
    label: 'Assessment reviews on time',
    unit: 'rate',
    better: 'higher',
    definition:
      'Share of the review periods of approved strategic assessments due in the period (and already due by today) whose review was recorded on or before its due date (Europe/London). A period with no review recorded by today counts as late. Needs at least 1 review period.',
    compute: (c) => rate(n(c, 'reviews.onTime'), n(c, 'reviews.periods'), MIN_CASES.reviews),
  },
  {
    key: 'assessment_review_days_overdue',
    hallmark: 'intelligence_led',
    label: 'Days overdue when late (mean)',
    unit: 'days',
    better: 'lower',
    definition:
      'For the late review periods: the mean number of days from the due date to the day the review was recorded (or to today, when none is recorded yet). Needs at least 1 late review period.',
    compute: (c) => mean(n(c, 'reviews.daysOverdueSum'), n(c, 'reviews.late')),
  },
  {
    key: 'control_strategy_coverage',
    hallmark: 'intelligence_led',
    label: 'Control strategy coverage',
    unit: 'rate',
    better: 'higher',
    definition:
      'Share of the priorities of the control strategy current at the end of the period with at least one problem or action open at some time in the period (linked to the priority in any version of the strategy; cancelled actions do not count). Over several quarters, priority-quarters. Needs at least 1 priority.',
    compute: (c) => rate(n(c, 'priorities.active'), n(c, 'priorities.total'), MIN_CASES.priorities),
  },
  {
    key: 'priorities_without_activity',
    hallmark: 'intelligence_led',
    label: 'Priorities with no activity',
    unit: 'count',
    better: 'lower',
    definition: 'Priorities of the current control strategy with no problem or action open at any time in the period. Needs a current control strategy.',
    compute: (c) => {
      const total = n(c, 'priorities.total');
      return {
        value: total > 0 ? total - n(c, 'priorities.active') : null,
        numerator: total - n(c, 'priorities.active'),
        denominator: total,
        sufficientData: total > 0,
      };
    },
  },
  {
    key: 'meeting_cadence_kept',
    hallmark: 'delivery_structures',
    label: 'Tactical meeting cadence kept',
    unit: 'rate',
    better: 'higher',
    definition:
      "Tactical meetings held against the group's cadence: for each tactical group, the meetings expected are the whole cadence intervals (cadenceDays) between the later of the period's start and the group's creation, and the earlier of the period's end and today; the meetings kept are those opened in the period, at most the number expected. Figure: kept / expected over every tactical group. Needs at least 1 expected meeting.",
    compute: (c) => rate(n(c, 'meetings.kept'), n(c, 'meetings.expected'), MIN_CASES.meetings),
  },
  {
    key: 'action_on_time_rate',
    hallmark: 'delivery_structures',
    label: 'Actions completed on time',
    unit: 'rate',
    better: 'higher',
    definition:
      'Of the actions due in the period (cancelled ones left out) that have reached a verdict, the share done on or before the due date: done on time / (done on time + done late + open and overdue). Needs at least 5 such actions.',
    compute: (c) => onTime(c),
  },
  {
    key: 'actions_rolled_over',
    hallmark: 'delivery_structures',
    label: 'Actions rolled over',
    unit: 'count',
    better: 'lower',
    definition:
      'Actions due in the period (cancelled ones left out) still not done when a later meeting of the same tasking group opened after their due date: carried from one meeting to the next. The denominator is the actions due.',
    compute: (c) => ({ value: n(c, 'actions.rolledOver'), numerator: n(c, 'actions.rolledOver'), denominator: n(c, 'actions.due'), sufficientData: true }),
  },
  {
    key: 'community_sources_used',
    hallmark: 'engaged_communities',
    label: 'Problems from community sources',
    unit: 'count',
    better: 'higher',
    definition:
      'Problems logged in the period whose source is community engagement, community intelligence or an ASB case review; the denominator is every problem logged in the period.',
    compute: (c) => ({ value: n(c, 'problems.community'), numerator: n(c, 'problems.community'), denominator: n(c, 'problems.created'), sufficientData: true }),
  },
  {
    key: 'incidents_recorded',
    hallmark: 'intelligence_led',
    label: 'Incidents recorded',
    unit: 'count',
    better: null,
    definition:
      'Incidents (crimes, ASB, deliberate fires, fly-tipping) pushed or imported from police and council systems that occurred in the period (occurred_on, London date). Needs at least 1 incident: a partnership that holds none has no figure.',
    compute: (c) => ({ value: n(c, 'incidents.total'), numerator: n(c, 'incidents.total'), sufficientData: n(c, 'incidents.total') >= MIN_CASES.incidents }),
  },
  {
    key: 'incidents_repeat_share',
    hallmark: 'intelligence_led',
    label: 'Incidents that are part of a repeat',
    unit: 'rate',
    better: null,
    definition: `Share of the incidents that occurred in the period at a location, or with a victim, the repeat scanners nominated (a repeat_location or repeat_victim nomination whose window holds the incident's date) / every incident in the period. Needs at least ${SMALL_COUNT_THRESHOLD} incidents.`,
    compute: (c) => rate(n(c, 'incidents.repeat'), n(c, 'incidents.total'), SMALL_COUNT_THRESHOLD),
  },
  {
    key: 'incidents_per_1000',
    hallmark: 'intelligence_led',
    label: 'Incidents per 1,000 residents',
    unit: 'per_1000',
    better: 'lower',
    definition:
      "Incidents that occurred in the period per 1,000 residents (not annualised): 1,000 x incidents / residents, the residents being the sum over the partnership's councils of each council's latest ONS mid-year estimate for the year the period ends in or before (loaded by a platform admin). Needs a population for every council of the partnership and at least 1 incident; without one the figure says not enough data.",
    compute: (c) => {
      const residents = n(c, 'population.residents');
      const known = n(c, 'population.councils') > 0 && n(c, 'population.counted') === n(c, 'population.councils');
      const sufficientData = known && n(c, 'incidents.total') >= MIN_CASES.incidents;
      return {
        value: sufficientData ? (1000 * n(c, 'incidents.total')) / residents : null,
        numerator: n(c, 'incidents.total'),
        ...(known ? { denominator: residents } : {}),
        sufficientData,
      };
    },
  },
  {
    key: 'incidents_change_on_last_year',
    hallmark: 'intelligence_led',
    label: 'Change in incidents on the same period last year',
    unit: 'rate',
    better: 'lower',
    definition: `(incidents in the period - incidents in the same dates a year earlier) / incidents a year earlier: -0.1 is a fall of 10%. Needs at least ${SMALL_COUNT_THRESHOLD} incidents a year earlier (a partnership that started sending incidents since has no figure).`,
    compute: (c) => {
      const before = n(c, 'incidents.lastYear');
      const sufficientData = before >= SMALL_COUNT_THRESHOLD;
      // No denominator: the complement of this year's count and last year's is no count of anything.
      return { value: sufficientData ? (n(c, 'incidents.total') - before) / before : null, numerator: n(c, 'incidents.total'), sufficientData };
    },
  },
  {
    key: 'engagements_held',
    hallmark: 'engaged_communities',
    label: 'Community engagements held',
    unit: 'count',
    better: 'higher',
    definition:
      'Engagements with the community held in the period (PACT and ward meetings, surveys, street briefings, environmental visual audits, online), as the community context records them (held_on).',
    compute: (c) => count(n(c, 'engagements.held')),
  },
  {
    key: 'issues_raised',
    hallmark: 'engaged_communities',
    label: 'Issues raised by the community',
    unit: 'count',
    better: null,
    definition: 'Issues raised at engagements held in the period.',
    compute: (c) => count(n(c, 'issues.raised')),
  },
  {
    key: 'issues_answered_share',
    hallmark: 'engaged_communities',
    label: 'Issues answered',
    unit: 'rate',
    better: 'higher',
    definition: `Share of the issues raised in the period that have an answer. Needs at least ${SMALL_COUNT_THRESHOLD} issues.`,
    compute: (c) => rate(n(c, 'issues.answered'), n(c, 'issues.raised'), MIN_CASES.community),
  },
  {
    key: 'issues_answer_median_days',
    hallmark: 'engaged_communities',
    label: 'Days to answer an issue (median)',
    unit: 'days',
    better: 'lower',
    definition: `Median days from the engagement to the answer (London dates), over the issues raised in the period that have one. Needs at least ${SMALL_COUNT_THRESHOLD} answered issues.`,
    compute: (c) => {
      const answered = n(c, 'issues.answered');
      const sufficientData = answered >= MIN_CASES.community;
      return { value: sufficientData ? histogramMedian(c, 'issues.answerDays:') : null, denominator: answered, sufficientData };
    },
  },
  {
    key: 'intelligence_items',
    hallmark: 'engaged_communities',
    label: 'Community intelligence items',
    unit: 'count',
    better: null,
    definition:
      'Community intelligence items reported in the period with handling code P (lawful sharing permitted). Items with handling code C are never counted in these figures: they exist only for those their conditions name.',
    compute: (c) => count(n(c, 'intelligence.items')),
  },
  {
    key: 'closed_problems_evaluated',
    hallmark: 'accountability',
    label: 'Closed problems with an evaluation',
    unit: 'rate',
    better: 'higher',
    definition: 'Share of the problems closed in the period (stage closed, closed in the period) that hold an evaluation. Needs at least 1 closed problem.',
    compute: (c) => rate(n(c, 'problems.closedEvaluated'), n(c, 'problems.closed'), MIN_CASES.closed),
  },
  {
    key: 'skills_knowledge',
    hallmark: 'skills_knowledge',
    label: 'Appropriate skills and knowledge',
    unit: 'count',
    better: null,
    definition: 'Not measurable from the records the product holds (training, analytical capacity): no figure is given rather than one invented.',
    compute: NOT_MEASURABLE,
  },
];

const byStage: Spec[] = PROBLEM_STAGES.map((stage) => ({
  key: `problems_by_stage:${stage}`,
  hallmark: 'intelligence_led',
  label: `Problems at ${stage}`,
  unit: 'count',
  better: null,
  definition: `Problems logged by the end of the period and at the ${stage} stage then (from the stage history).`,
  compute: (c) => count(n(c, `problems.stage:${stage}`)),
}));

const bySource: Spec[] = PROBLEM_SOURCES.map((source) => ({
  key: `problems_by_source:${source}`,
  hallmark: COMMUNITY_SOURCES.includes(source as never) ? 'engaged_communities' : 'intelligence_led',
  label: `Problems from ${source.replace(/_/g, ' ')}`,
  unit: 'count',
  better: null,
  definition: `Problems logged in the period with source ${source}.`,
  compute: (c) => count(n(c, `problems.source:${source}`)),
}));

const byResult: Spec[] = IMPACT_RESULTS.map((result) => ({
  key: `evaluation_results:${result}`,
  hallmark: 'accountability',
  label: `Evaluations: ${result.replace(/_/g, ' ')}`,
  unit: 'count',
  better: null,
  definition: `Problems closed in the period whose evaluation found the impact result ${result}.`,
  compute: (c) => count(n(c, `problems.result:${result}`)),
}));

const byIncidentGroup: Spec[] = INCIDENT_GROUPS.map((group) => ({
  key: `incidents_by_group:${group}`,
  hallmark: 'intelligence_led',
  label: `Incidents: ${group.replace(/-/g, ' ')}`,
  unit: 'count',
  better: null,
  definition: `Incidents that occurred in the period whose category is counted under ${group} (the problem category the incident category is accepted into; docs/intake.md). Needs at least 1 incident in the period.`,
  compute: (c) => incidentCount(c, `incidents.group:${group}`),
}));

const byGrade: Spec[] = SOURCE_EVALUATIONS.flatMap((e) =>
  INTELLIGENCE_ASSESSMENTS.map((a) => ({
    key: `intelligence_by_grade:${e}-${a}`,
    hallmark: 'engaged_communities' as const,
    label: `Intelligence graded ${e}-${a}`,
    unit: 'count' as const,
    better: null,
    definition: `Community intelligence items reported in the period with handling code P, graded ${e} (source evaluation) and ${a} (intelligence assessment).`,
    compute: (c: Counts) => count(n(c, `intelligence.grade:${e}-${a}`)),
  })),
);

const bySourceKind: Spec[] = [...SOURCE_KINDS, 'none'].map((kind) => ({
  key: `intelligence_by_source_kind:${kind}`,
  hallmark: 'engaged_communities',
  label: kind === 'none' ? 'Intelligence with no source recorded' : `Intelligence from ${kind.replace(/_/g, ' ')} sources`,
  unit: 'count',
  better: null,
  definition: `Community intelligence items reported in the period with handling code P, ${kind === 'none' ? 'with no source recorded' : `whose source is of kind ${kind}`}.`,
  compute: (c) => count(n(c, `intelligence.sourceKind:${kind}`)),
}));

function onTimeBy(suffix: string, key: string, label: string): Spec {
  return {
    key,
    hallmark: 'delivery_structures',
    label,
    unit: 'rate',
    better: 'higher',
    definition: `As action_on_time_rate, for the actions owned by ${label.replace(/^Actions on time: /, '')}. Needs at least 5 actions that reached a verdict.`,
    compute: (c) => onTime(c, suffix),
  };
}

/**
 * The groups of count figures that add up to a published total: differencing
 * a group against its total would give a suppressed cell away, so
 * suppression treats each group together (see suppression.ts).
 */
export const FIGURE_GROUPS: readonly { prefix: string; totalKeys: readonly string[]; total: (figures: Figure[]) => number | undefined }[] = [
  { prefix: 'problems_by_source:', totalKeys: ['community_sources_used'], total: (f) => f.find((x) => x.key === 'community_sources_used')?.denominator },
  { prefix: 'evaluation_results:', totalKeys: ['closed_problems_evaluated'], total: (f) => f.find((x) => x.key === 'closed_problems_evaluated')?.numerator },
  { prefix: 'action_on_time_rate:agency_kind:', totalKeys: ['action_on_time_rate'], total: (f) => f.find((x) => x.key === 'action_on_time_rate')?.denominator },
  // Every figure that shows the incidents recorded (as its value, numerator or denominator) shows the group's total.
  {
    prefix: 'incidents_by_group:',
    totalKeys: ['incidents_recorded', 'incidents_per_1000', 'incidents_change_on_last_year', 'incidents_repeat_share'],
    total: (f) => f.find((x) => x.key === 'incidents_recorded')?.numerator,
  },
  { prefix: 'intelligence_by_grade:', totalKeys: ['intelligence_items'], total: (f) => f.find((x) => x.key === 'intelligence_items')?.numerator },
  { prefix: 'intelligence_by_source_kind:', totalKeys: ['intelligence_items'], total: (f) => f.find((x) => x.key === 'intelligence_items')?.numerator },
];

export interface FigureBreakdown {
  /** Per agency of the partnership (its own view). */
  agencies?: readonly { id: string; name: string }[];
  /** Per agency kind (the oversight view: comparable across partnerships). */
  agencyKinds?: boolean;
  /** Engagements per area (the partnership's own view: areas are not compared across partnerships). */
  areas?: readonly string[];
}

/** The areas that held engagements in some counts (for the per-area figures). */
export function engagementAreasOf(...counts: readonly Counts[]): string[] {
  const prefix = 'engagements.held@area:';
  return [
    ...new Set(
      counts.flatMap((c) =>
        Object.keys(c)
          .filter((k) => k.startsWith(prefix))
          .map((k) => k.slice(prefix.length)),
      ),
    ),
  ].sort();
}

/** Every figure definition for a view: the fixed ones, then those per stage, source, result and agency. */
export function figureSpecs(breakdown: FigureBreakdown = {}): readonly Spec[] {
  const agencies = (breakdown.agencies ?? []).map((a) => onTimeBy(`@agency:${a.id}`, `action_on_time_rate:agency:${a.id}`, `Actions on time: ${a.name}`));
  const kinds = breakdown.agencyKinds
    ? AGENCY_KINDS.map((k) => onTimeBy(`@kind:${k}`, `action_on_time_rate:agency_kind:${k}`, `Actions on time: ${k.replace(/_/g, ' ')}`))
    : [];
  const areas: Spec[] = (breakdown.areas ?? []).map((area) => ({
    key: `engagements_held:area:${area}`,
    hallmark: 'engaged_communities',
    label: `Engagements held in ${area}`,
    unit: 'count',
    better: null,
    definition: `Engagements held in the period that covered the area ${area} (an engagement covering several areas counts in each).`,
    compute: (c) => count(n(c, `engagements.held@area:${area}`)),
  }));
  return [...FIXED, ...byStage, ...bySource, ...byResult, ...byIncidentGroup, ...byGrade, ...bySourceKind, ...agencies, ...kinds, ...areas];
}

/** The figures of one window from its counts, in hallmark order. */
export function computeFigures(counts: Counts, breakdown: FigureBreakdown = {}): Figure[] {
  const out = figureSpecs(breakdown).map((spec) => {
    const { value, numerator, denominator, sufficientData } = spec.compute(counts);
    const figure: Figure = {
      key: spec.key,
      hallmark: spec.hallmark,
      value,
      unit: spec.unit,
      better: spec.better,
      label: spec.label,
      definition: spec.definition,
      sufficientData,
    };
    if (numerator !== undefined) figure.numerator = numerator;
    if (denominator !== undefined) figure.denominator = denominator;
    return figure;
  });
  return out.sort((a, b) => HALLMARKS.indexOf(a.hallmark) - HALLMARKS.indexOf(b.hallmark));
}

/** Calendar quarters: Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec. */
export interface Quarter {
  /** e.g. `2026-Q1`. */
  label: string;
  start: string;
  end: string;
}

const pad = (v: number) => String(v).padStart(2, '0');

export function quarterOf(date: string): Quarter {
  const year = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
  const startMonth = q * 3 + 1;
  const endMonth = startMonth + 2;
  const endDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  return { label: `${year}-Q${q + 1}`, start: `${year}-${pad(startMonth)}-01`, end: `${year}-${pad(endMonth)}-${pad(endDay)}` };
}

/** The quarters that overlap [from, to], oldest first. */
export function quartersBetween(from: string, to: string): Quarter[] {
  const out: Quarter[] = [];
  let q = quarterOf(from);
  while (q.start <= to) {
    out.push(q);
    const [y, m] = [Number(q.start.slice(0, 4)), Number(q.start.slice(5, 7))];
    q = quarterOf(m === 10 ? `${y + 1}-01-01` : `${y}-${pad(m + 3)}-01`);
  }
  return out;
}
