/**
 * The intake context's catalogues: incident categories, subject roles,
 * nomination kinds and states, referrer kinds, import formats and states.
 * Stored as text with CHECK constraints; DTOs, entities and the OpenAPI
 * document use these same lists.
 */

/** Where a category comes from: the data.police.uk crime types, or a partner's own recording. */
export type IncidentCategorySource = 'police.uk' | 'partner';

export interface IncidentCategoryEntry {
  slug: string;
  name: string;
  source: IncidentCategorySource;
  /** The `Crime type` text of the data.police.uk street-level files, for police.uk categories. */
  policeUkCrimeType: string | null;
  /** The default problem category (DEFAULT_PROBLEM_CATEGORIES) a nomination of this category is accepted into; null: the chair names one. */
  problemCategory: string | null;
}

/** A catalogue entry; a police.uk category's name is the `Crime type` text of the files. */
const category = (source: IncidentCategorySource, slug: string, name: string, problemCategory: string | null): IncidentCategoryEntry => ({
  slug,
  name,
  source,
  policeUkCrimeType: source === 'police.uk' ? name : null,
  problemCategory,
});
const policeUk = (slug: string, name: string, problemCategory: string | null) => category('police.uk', slug, name, problemCategory);
const partner = (slug: string, name: string, problemCategory: string | null) => category('partner', slug, name, problemCategory);

/**
 * The incident category catalogue. The first fourteen are the data.police.uk
 * crime types (their slugs as the police.uk API spells them); the rest are
 * what councils and fire and rescue services record: the three ASB types of
 * the National Standard for Incident Recording, deliberate fires and
 * fly-tipping. A hate incident is not a category but a marker
 * (`hateIncident: true`) on an incident of any category.
 */
export const INCIDENT_CATEGORY_CATALOGUE: readonly IncidentCategoryEntry[] = [
  policeUk('anti-social-behaviour', 'Anti-social behaviour', 'anti-social-behaviour'),
  policeUk('bicycle-theft', 'Bicycle theft', 'acquisitive-crime'),
  policeUk('burglary', 'Burglary', 'acquisitive-crime'),
  policeUk('criminal-damage-arson', 'Criminal damage and arson', 'criminal-damage-and-arson'),
  policeUk('drugs', 'Drugs', 'substance-misuse'),
  policeUk('other-theft', 'Other theft', 'acquisitive-crime'),
  policeUk('possession-of-weapons', 'Possession of weapons', 'serious-violence'),
  policeUk('public-order', 'Public order', 'anti-social-behaviour'),
  policeUk('robbery', 'Robbery', 'acquisitive-crime'),
  policeUk('shoplifting', 'Shoplifting', 'acquisitive-crime'),
  policeUk('theft-from-the-person', 'Theft from the person', 'acquisitive-crime'),
  policeUk('vehicle-crime', 'Vehicle crime', 'acquisitive-crime'),
  policeUk('violent-crime', 'Violence and sexual offences', 'serious-violence'),
  policeUk('other-crime', 'Other crime', null),
  partner('asb-personal', 'ASB: personal', 'anti-social-behaviour'),
  partner('asb-nuisance', 'ASB: nuisance', 'anti-social-behaviour'),
  partner('asb-environmental', 'ASB: environmental', 'environmental'),
  partner('deliberate-primary-fire', 'Deliberate primary fire', 'criminal-damage-and-arson'),
  partner('deliberate-secondary-fire', 'Deliberate secondary fire', 'criminal-damage-and-arson'),
  partner('fly-tipping', 'Fly-tipping', 'environmental'),
];

export const INCIDENT_CATEGORIES = INCIDENT_CATEGORY_CATALOGUE.map((c) => c.slug) as readonly string[];
export type IncidentCategory = string;

/** data.police.uk `Crime type` text -> category slug. */
export const POLICE_UK_CRIME_TYPES: ReadonlyMap<string, string> = new Map(
  INCIDENT_CATEGORY_CATALOGUE.filter((c) => c.policeUkCrimeType).map((c) => [c.policeUkCrimeType!.toLowerCase(), c.slug]),
);

export function categoryEntry(slug: string): IncidentCategoryEntry | undefined {
  return INCIDENT_CATEGORY_CATALOGUE.find((c) => c.slug === slug);
}

export const SUBJECT_ROLES = ['victim', 'offender', 'caller'] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

export const NOMINATION_KINDS = ['repeat_location', 'repeat_victim', 'repeat_offender', 'exception', 'referral', 'engagement_issue'] as const;
export type NominationKind = (typeof NOMINATION_KINDS)[number];
/** The kinds the repeat scanners raise. */
export const SCANNED_NOMINATION_KINDS = ['repeat_location', 'repeat_victim', 'repeat_offender', 'exception'] as const;
export type ScannedNominationKind = (typeof SCANNED_NOMINATION_KINDS)[number];

export const NOMINATION_STATES = ['open', 'accepted', 'declined', 'merged'] as const;
export type NominationState = (typeof NOMINATION_STATES)[number];

export const NOMINATION_DECISIONS = ['accept', 'decline', 'merge'] as const;
export type NominationDecision = (typeof NOMINATION_DECISIONS)[number];
export const DECISION_STATE: Record<NominationDecision, NominationState> = { accept: 'accepted', decline: 'declined', merge: 'merged' };

export const REFERRER_KINDS = ['agency', 'elected_member', 'third_sector', 'public'] as const;
export type ReferrerKind = (typeof REFERRER_KINDS)[number];

export const IMPORT_FORMATS = ['police-uk-street', 'generic'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_STATES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** The columns of a data.police.uk street-level file, in the published order. */
export const POLICE_UK_STREET_COLUMNS = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const;

/** The columns of the generic incident CSV (docs/intake.md); the first four are required. */
export const GENERIC_COLUMNS = [
  'source_system',
  'external_id',
  'category',
  'occurred',
  'lsoa_code',
  'ward_code',
  'location_label',
  'lat',
  'lng',
  'uprn',
  'outcome',
  'hate_incident',
  'victim_key',
  'offender_key',
  'caller_key',
] as const;
export const GENERIC_REQUIRED_COLUMNS = ['source_system', 'external_id', 'category', 'occurred'] as const;

/** The source system of rows imported from data.police.uk files. */
export const POLICE_UK_SOURCE = 'police.uk';

export const INTAKE_LIMITS = {
  batch: 1000,
  sourceSystem: 80,
  externalId: 200,
  label: 200,
  outcome: 200,
  subjectKey: 200,
  subjects: 20,
  uprn: 12,
  description: 5000,
  reason: 2000,
  referringAgency: 200,
  rejectionsKept: 1000,
} as const;

/** Repeat rules (DOMAIN.md): 3 or more in a rolling 6 months, the ASB case review threshold (ASB, Crime and Policing Act 2014, s.104). */
export interface IntakeSettings {
  repeatLocationThreshold: number;
  repeatLocationMonths: number;
  /** Incidents with coordinates this close (metres, haversine) are one location; 0 groups by LSOA + label only. */
  repeatLocationMetres: number;
  repeatVictimThreshold: number;
  repeatOffenderThreshold: number;
  repeatSubjectMonths: number;
  /** Wheeler's Poisson score 2(sqrt(current) - sqrt(baseline mean)) at or above which a month is an exception. */
  exceptionScore: number;
  exceptionBaselineMonths: number;
}

export const DEFAULT_INTAKE_SETTINGS: IntakeSettings = {
  repeatLocationThreshold: 3,
  repeatLocationMonths: 6,
  repeatLocationMetres: 50,
  repeatVictimThreshold: 3,
  repeatOffenderThreshold: 3,
  repeatSubjectMonths: 6,
  exceptionScore: 3,
  exceptionBaselineMonths: 12,
};

/** Bounds of each setting (validated on PATCH {pid}). */
export const INTAKE_SETTING_BOUNDS: Record<keyof IntakeSettings, { min: number; max: number }> = {
  repeatLocationThreshold: { min: 2, max: 100 },
  repeatLocationMonths: { min: 1, max: 24 },
  repeatLocationMetres: { min: 0, max: 1000 },
  repeatVictimThreshold: { min: 2, max: 100 },
  repeatOffenderThreshold: { min: 2, max: 100 },
  repeatSubjectMonths: { min: 1, max: 24 },
  exceptionScore: { min: 1, max: 10 },
  exceptionBaselineMonths: { min: 3, max: 36 },
};
