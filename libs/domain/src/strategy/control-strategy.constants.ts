/** A control strategy version: drafted, made current by publishing (one per partnership), superseded by the next. */
export const CONTROL_STRATEGY_STATUSES = ['draft', 'current', 'superseded'] as const;
export type ControlStrategyStatus = (typeof CONTROL_STRATEGY_STATUSES)[number];

/** The plan of one strand (e.g. prevention) for one priority. */
export interface StrandPlan {
  objectives: string[];
  measures: string[];
}

export type StrandPlans = Record<string, StrandPlan>;

export const CONTROL_STRATEGY_LIMITS = {
  priorities: 50,
  listItems: 50,
  listItem: 2_000,
  notes: 20_000,
} as const;
