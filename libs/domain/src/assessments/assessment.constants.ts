/** The life of a strategic assessment: drafted, approved (at most one per partnership), superseded. */
export const ASSESSMENT_STATUSES = ['draft', 'approved', 'superseded'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** The horizon-scan headings of a strategic assessment (PESTELO). */
export const PESTELO_HEADINGS = ['political', 'economic', 'social', 'technological', 'environmental', 'legal', 'organisational'] as const;
export type PesteloHeading = (typeof PESTELO_HEADINGS)[number];
export type Pestelo = Record<PesteloHeading, string | null>;

/**
 * Where an approved assessment stands in its review cycle, on today's
 * Europe/London date: `overdue` once the due date has passed (the day after
 * it), `due_soon` from REVIEW_DUE_SOON_DAYS before it up to and including the
 * due date, `not_due` before that.
 */
export const REVIEW_STATES = ['not_due', 'due_soon', 'overdue'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
export const REVIEW_DUE_SOON_DAYS = 14;

/** The impact x likelihood grid: each 1-4, so a risk score of 1-16. */
export const RISK_SCALE_MIN = 1;
export const RISK_SCALE_MAX = 4;

/** Size limits of an assessment's free text and lists. */
export const ASSESSMENT_LIMITS = {
  title: 200,
  text: 20_000,
  listItems: 100,
  listItem: 2_000,
  priorities: 50,
} as const;
