export const AGENCY_KINDS = ['local_authority', 'police', 'fire_and_rescue', 'health', 'probation', 'pcc', 'third_sector', 'private', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const DEFAULT_CONTROL_STRATEGY_STRANDS = ['intelligence', 'prevention', 'enforcement', 'reassurance'];
export const DEFAULT_REVIEW_INTERVAL_MONTHS = 3;
export const MAX_REVIEW_INTERVAL_MONTHS = 3;
export const DEFAULT_TACTICAL_CADENCE_DAYS = 28;

/** Partnership codes: lower-case words joined by hyphens (used in URLs). */
export const PARTNERSHIP_CODE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
