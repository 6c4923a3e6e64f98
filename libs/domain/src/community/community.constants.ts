import type { ProblemSource } from '../problems';

/**
 * Where residents raise issues with the partnership (DOMAIN.md, community
 * engagement): PACT (Partners and Communities Together) and ward meetings,
 * surveys, street briefings, environmental visual audits, online channels.
 */
export const ENGAGEMENT_KINDS = ['pact_meeting', 'ward_meeting', 'survey', 'street_briefing', 'environmental_visual_audit', 'online', 'other'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/**
 * What became of an issue raised: still `open`; `nominated` for tasking (a
 * problem at scanning was made from it); `linked` to a problem or priority
 * already under way; `closed` with a reason.
 */
export const ENGAGEMENT_ISSUE_STATUSES = ['open', 'nominated', 'linked', 'closed'] as const;
export type EngagementIssueStatus = (typeof ENGAGEMENT_ISSUE_STATUSES)[number];

/**
 * The 3x5x2 grading of intelligence (UK policing, after the 5x5x5 it replaced).
 * Source evaluation: 1 reliable, 2 untested, 3 not reliable.
 */
export const SOURCE_EVALUATIONS = [1, 2, 3] as const;
export type SourceEvaluation = (typeof SOURCE_EVALUATIONS)[number];

/**
 * Intelligence assessment: A known directly to the source; B known
 * indirectly but corroborated; C known indirectly; D not known; E suspected false.
 */
export const INTELLIGENCE_ASSESSMENTS = ['A', 'B', 'C', 'D', 'E'] as const;
export type IntelligenceAssessment = (typeof INTELLIGENCE_ASSESSMENTS)[number];

/**
 * Handling code: P lawful sharing permitted; C lawful sharing permitted with
 * conditions, which are recorded (and required) and which the product enforces.
 */
export const HANDLING_CODES = ['P', 'C'] as const;
export type HandlingCode = (typeof HANDLING_CODES)[number];

export const SOURCE_EVALUATION_MEANINGS: Readonly<Record<SourceEvaluation, string>> = { 1: 'reliable', 2: 'untested', 3: 'not reliable' };
export const INTELLIGENCE_ASSESSMENT_MEANINGS: Readonly<Record<IntelligenceAssessment, string>> = {
  A: 'known directly',
  B: 'known indirectly, corroborated',
  C: 'known indirectly',
  D: 'not known',
  E: 'suspected to be false',
};
export const HANDLING_CODE_MEANINGS: Readonly<Record<HandlingCode, string>> = {
  P: 'lawful sharing permitted',
  C: 'lawful sharing permitted with conditions',
};

/** Who an intelligence source is, by kind (the identity itself stays in the source record). */
export const SOURCE_KINDS = ['community_member', 'partner_agency', 'elected_member', 'third_sector', 'anonymous'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * The custodians of a partnership's intelligence: they record and grade it,
 * hold its sources, and read every item whatever its handling conditions.
 */
export const INTELLIGENCE_CUSTODIAN_ROLES = ['admin', 'analyst'] as const;

/** Problem sources that count as "from the community" for the engaged-communities hallmark. */
export const COMMUNITY_PROBLEM_SOURCES = [
  'community_engagement',
  'community_intelligence',
  'environmental_visual_audit',
  'asb_case_review',
] as const satisfies readonly ProblemSource[];

/** Below this many, a rate or median is given with `sufficientData: false`, and a count shown outside its context would be suppressed. */
export const SMALL_COUNT_THRESHOLD = 5;

/** How long the public "you said, we did" feed may be cached (seconds). */
export const PUBLIC_FEED_MAX_AGE_SECONDS = 300;

export const COMMUNITY_LIMITS = {
  title: 200,
  text: 20_000,
  summary: 2_000,
  label: 200,
  reason: 2_000,
  answer: 4_000,
  areaCodes: 50,
  agencies: 100,
  conditionAgencies: 50,
  count: 1_000_000,
  feedItems: 500,
} as const;

/** Welsh and English names of the engagement kinds, for the public feed. */
export const ENGAGEMENT_KIND_LABELS: Readonly<Record<EngagementKind, { en: string; cy: string }>> = {
  pact_meeting: { en: 'PACT meeting', cy: 'Cyfarfod PACT' },
  ward_meeting: { en: 'Ward meeting', cy: 'Cyfarfod ward' },
  survey: { en: 'Survey', cy: 'Arolwg' },
  street_briefing: { en: 'Street briefing', cy: 'Sesiwn friffio ar y stryd' },
  environmental_visual_audit: { en: 'Environmental visual audit', cy: 'Archwiliad gweledol amgylcheddol' },
  online: { en: 'Online', cy: 'Ar-lein' },
  other: { en: 'Other', cy: 'Arall' },
};

/** Welsh names of the default problem categories (a partnership's own categories show their English name only). */
export const CATEGORY_NAMES_CY: Readonly<Record<string, string>> = {
  'anti-social-behaviour': 'Ymddygiad gwrthgymdeithasol',
  vawdasv: 'Trais yn erbyn menywod, cam-drin domestig a thrais rhywiol',
  'substance-misuse': 'Camddefnyddio sylweddau',
  'acquisitive-crime': 'Troseddau caffael',
  'criminal-damage-and-arson': 'Difrod troseddol a llosgi bwriadol',
  'hate-crime': 'Troseddau casineb',
  'serious-violence': 'Trais difrifol',
  exploitation: 'Camfanteisio',
  'road-safety': 'Diogelwch ar y ffyrdd',
  environmental: 'Amgylcheddol',
};

/** The human reference of a source: the partnership's prefix, S, and its number, e.g. CDF-S-0003 (its handle). */
export function formatSourceHandle(prefix: string, number: number): string {
  return `${prefix}-S-${String(number).padStart(4, '0')}`;
}
