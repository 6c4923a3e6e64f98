import { daysBetween } from '@app/core/clock';

/** A measured count or rate over a period (a baseline, or the impact after the response). */
export interface Measurement {
  measure: string;
  periodStart: string;
  periodEnd: string;
  value: number;
  /** A counted measure: the system counted `value` from the incidents of these categories at the problem's locations. */
  counted?: { categories: string[] } | null;
}

/** How the impact compares with the baseline when both count the same measure. */
export interface MeasureChange {
  measure: string;
  baseline: number;
  impact: number;
  /** impact - baseline. */
  absolute: number;
  /** The change as a percentage of the baseline, one decimal; null when the baseline is zero (and the impact is not). */
  percent: number | null;
  /** Days in each period (inclusive), so a reader can see whether they are comparable. */
  baselineDays: number;
  impactDays: number;
}

/** Measures are the same when they read the same, ignoring case and spacing. */
export function sameMeasure(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

const round = (value: number, places: number) => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

/**
 * The change from baseline to impact, or null when there is no baseline or
 * the two count different things. A zero baseline has no percentage change
 * (null), except 0 to 0, which is no change (0).
 */
export function measureChange(baseline: Measurement | null, impact: Measurement): MeasureChange | null {
  if (!baseline || !sameMeasure(baseline.measure, impact.measure)) return null;
  const absolute = round(impact.value - baseline.value, 6);
  let percent: number | null;
  if (baseline.value === 0) percent = impact.value === 0 ? 0 : null;
  else percent = round(((impact.value - baseline.value) / Math.abs(baseline.value)) * 100, 1);
  return {
    measure: baseline.measure,
    baseline: baseline.value,
    impact: impact.value,
    absolute,
    percent,
    baselineDays: daysBetween(baseline.periodStart, baseline.periodEnd) + 1,
    impactDays: daysBetween(impact.periodStart, impact.periodEnd) + 1,
  };
}
