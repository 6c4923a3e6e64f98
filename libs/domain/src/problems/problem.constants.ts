/**
 * The SARA stages, in order. A problem moves one stage forward at a time
 * (advance), and a closed problem can be reopened to `response` by a chair.
 */
export const PROBLEM_STAGES = ['scanning', 'analysis', 'response', 'assessment', 'closed'] as const;
export type ProblemStage = (typeof PROBLEM_STAGES)[number];

/** Where a problem came to the partnership's attention. */
export const PROBLEM_SOURCES = [
  'community_engagement',
  'monitoring',
  'referral',
  'strategic_assessment',
  'community_intelligence',
  'partner_intelligence',
  'environmental_visual_audit',
  'complaint',
  'asb_case_review',
] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

/**
 * The six roles of the Problem Analysis Triangle, in three sides: the
 * offender and their handler, the victim (or target) and its guardian, the
 * location and its manager. A side is analysed when either of its roles is.
 */
export const TRIANGLE_ROLES = ['offender', 'handler', 'victim', 'guardian', 'location', 'manager'] as const;
export type TriangleRole = (typeof TRIANGLE_ROLES)[number];
export type Triangle = Record<TriangleRole, string | null>;
export const TRIANGLE_SIDES = { offender: ['offender', 'handler'], victim: ['victim', 'guardian'], location: ['location', 'manager'] } as const;
export type TriangleSide = keyof typeof TRIANGLE_SIDES;

/** Repeat offender ("wolf"), repeat victim ("duck"), repeat location ("den"). */
export const REPEAT_PATTERNS = ['repeat_offender', 'repeat_victim', 'repeat_location'] as const;
export type RepeatPattern = (typeof REPEAT_PATTERNS)[number];

export const RESPONSE_TYPES = ['enforcement', 'target_hardening', 'environmental_design', 'diversion', 'support', 'education', 'mediation', 'other'] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export const RESPONSE_STATUSES = ['planned', 'in_progress', 'delivered', 'cancelled'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/** The result of an impact evaluation (handled_elsewhere: handled better by another body). */
export const IMPACT_RESULTS = ['eliminated', 'reduced', 'less_harmful', 'handled_elsewhere', 'no_change', 'worse'] as const;
export type ImpactResult = (typeof IMPACT_RESULTS)[number];

/** Displacement observed after the response; `none` stands alone. */
export const DISPLACEMENT_KINDS = ['none', 'spatial', 'temporal', 'tactical', 'target', 'offence'] as const;
export type DisplacementKind = (typeof DISPLACEMENT_KINDS)[number];

/** The other problem-solving models the record can be read through (`?view=`). */
export const PROBLEM_VIEWS = ['sara', 'osara', 'proctor', 'capra', '5is'] as const;
export type ProblemView = (typeof PROBLEM_VIEWS)[number];

/** How a stage change came about. */
export const STAGE_CHANGE_KINDS = ['created', 'advanced', 'reopened'] as const;
export type StageChangeKind = (typeof STAGE_CHANGE_KINDS)[number];

/**
 * The categories every partnership starts with (the migration seeds them for
 * existing partnerships, and a trigger on `partnerships` for new ones; an e2e
 * test checks the database agrees with this list). Partnerships add their own.
 */
export const DEFAULT_PROBLEM_CATEGORIES = [
  { slug: 'anti-social-behaviour', name: 'Anti-social behaviour' },
  { slug: 'vawdasv', name: 'Violence against women, domestic abuse and sexual violence' },
  { slug: 'substance-misuse', name: 'Substance misuse' },
  { slug: 'acquisitive-crime', name: 'Acquisitive crime' },
  { slug: 'criminal-damage-and-arson', name: 'Criminal damage and arson' },
  { slug: 'hate-crime', name: 'Hate crime' },
  { slug: 'serious-violence', name: 'Serious violence' },
  { slug: 'exploitation', name: 'Exploitation' },
  { slug: 'road-safety', name: 'Road safety' },
  { slug: 'environmental', name: 'Environmental' },
] as const;

/** Category slugs: lower-case words joined by hyphens. */
export const CATEGORY_SLUG_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Size limits of a problem's text and lists. */
export const PROBLEM_LIMITS = {
  title: 200,
  text: 20_000,
  label: 200,
  locations: 50,
  responses: 100,
  categoryName: 120,
  reason: 2_000,
  measure: 200,
} as const;
