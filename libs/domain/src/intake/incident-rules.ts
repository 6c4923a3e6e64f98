import { createHash } from 'node:crypto';
import { canonicalJson, toLondonDate, type InvalidField } from '@app/core';
import type { IncidentValues } from './incidents.repository';
import { INCIDENT_CATEGORIES, INTAKE_LIMITS, SUBJECT_ROLES, type SubjectRole } from './intake.constants';

export interface IncidentLocationInput {
  lsoaCode?: string | null;
  wardCode?: string | null;
  label?: string | null;
  lat?: number | null;
  lng?: number | null;
  uprn?: string | null;
}

export interface IncidentInput {
  sourceSystem: string;
  externalId: string;
  category: string;
  hateIncident?: boolean;
  /** An instant (ISO 8601 with offset); or */
  occurredAt?: string | null;
  /** a month, `YYYY-MM`, for sources that publish months only. */
  occurredMonth?: string | null;
  location?: IncidentLocationInput | null;
  outcome?: string | null;
  subjects?: { role: SubjectRole; key: string }[] | null;
}

/** LSOA (E01/W01), ward (E05/W05) codes. */
export const LSOA_CODE = /^[EW]01\d{6}$/;
export const WARD_CODE = /^[EW]05\d{6}$/;
export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const blank = (v: string | null | undefined) => (v === undefined || v === null || !v.trim() ? null : v.trim());

/** The location an incident counts towards: LSOA plus the label, case and spacing folded; none without a label. */
export function locationKey(lsoaCode: string | null, label: string | null): string | null {
  if (!label) return null;
  return `${lsoaCode ?? ''}|${label.toLowerCase().replace(/\s+/g, ' ').trim()}`;
}

/**
 * Normalises one incident and checks what the DTO cannot: exactly one of
 * occurredAt and occurredMonth, codes, coordinates together. `hash` turns a
 * subject key into its keyed hash; the content hash covers everything
 * stored (subject hashes included), so an identical re-push is recognised.
 */
export function prepareIncident(
  input: IncidentInput,
  hash: (sourceSystem: string, key: string) => string,
  options: { importId?: string | null; path?: string } = {},
): { values?: IncidentValues; errors: InvalidField[] } {
  const at = (p: string) => (options.path ? `${options.path}.${p}` : p);
  const errors: InvalidField[] = [];
  const sourceSystem = input.sourceSystem?.trim() ?? '';
  const externalId = input.externalId?.trim() ?? '';
  if (!sourceSystem) errors.push({ path: at('sourceSystem'), message: 'sourceSystem must not be empty' });
  if (!externalId) errors.push({ path: at('externalId'), message: 'externalId must not be empty' });
  if (!INCIDENT_CATEGORIES.includes(input.category))
    errors.push({ path: at('category'), message: `category must be one of the catalogue (${INCIDENT_CATEGORIES.join(', ')})` });
  const hasAt = input.occurredAt !== undefined && input.occurredAt !== null;
  const hasMonth = input.occurredMonth !== undefined && input.occurredMonth !== null;
  let occurredAt: string | null = null;
  let occurredMonth = '';
  let occurredOn = '';
  if (hasAt === hasMonth) {
    errors.push({ path: at('occurredAt'), message: 'give exactly one of occurredAt (an instant) and occurredMonth (YYYY-MM)' });
  } else if (hasAt) {
    const instant = new Date(String(input.occurredAt));
    if (Number.isNaN(instant.getTime()) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(String(input.occurredAt))) {
      errors.push({ path: at('occurredAt'), message: 'occurredAt must be an ISO 8601 instant with an offset' });
    } else {
      occurredAt = instant.toISOString();
      occurredOn = toLondonDate(instant);
      occurredMonth = `${occurredOn.slice(0, 7)}-01`;
    }
  } else if (!MONTH.test(String(input.occurredMonth))) {
    errors.push({ path: at('occurredMonth'), message: 'occurredMonth must be YYYY-MM' });
  } else {
    occurredMonth = `${input.occurredMonth}-01`;
    occurredOn = occurredMonth;
  }
  const loc = input.location ?? {};
  const lsoaCode = blank(loc.lsoaCode)?.toUpperCase() ?? null;
  const wardCode = blank(loc.wardCode)?.toUpperCase() ?? null;
  const label = blank(loc.label)?.replace(/\s+/g, ' ') ?? null;
  if (lsoaCode && !LSOA_CODE.test(lsoaCode)) errors.push({ path: at('location.lsoaCode'), message: 'lsoaCode must be an LSOA code such as W01001234' });
  if (wardCode && !WARD_CODE.test(wardCode)) errors.push({ path: at('location.wardCode'), message: 'wardCode must be a ward code such as W05000987' });
  const hasLat = loc.lat !== undefined && loc.lat !== null;
  const hasLng = loc.lng !== undefined && loc.lng !== null;
  if (hasLat !== hasLng) errors.push({ path: at('location.lat'), message: 'lat and lng go together' });
  if (hasLat && (typeof loc.lat !== 'number' || loc.lat < -90 || loc.lat > 90))
    errors.push({ path: at('location.lat'), message: 'lat must be from -90 to 90' });
  if (hasLng && (typeof loc.lng !== 'number' || loc.lng < -180 || loc.lng > 180))
    errors.push({ path: at('location.lng'), message: 'lng must be from -180 to 180' });
  const uprn = blank(loc.uprn);
  if (uprn && !/^\d{1,12}$/.test(uprn)) errors.push({ path: at('location.uprn'), message: 'uprn must be up to 12 digits' });
  const subjects: { role: SubjectRole; hash: string }[] = [];
  for (const [i, s] of (input.subjects ?? []).entries()) {
    if (!SUBJECT_ROLES.includes(s.role)) errors.push({ path: at(`subjects[${i}].role`), message: `role must be one of ${SUBJECT_ROLES.join(', ')}` });
    else if (!s.key?.trim()) errors.push({ path: at(`subjects[${i}].key`), message: 'key must not be empty' });
    else if (s.key.length > INTAKE_LIMITS.subjectKey)
      errors.push({ path: at(`subjects[${i}].key`), message: `key must be at most ${INTAKE_LIMITS.subjectKey} characters` });
    else if (sourceSystem) subjects.push({ role: s.role, hash: hash(sourceSystem, s.key) });
  }
  if (errors.length) return { errors };
  const unique = [...new Map(subjects.map((s) => [`${s.role}:${s.hash}`, s])).values()].sort((a, b) =>
    `${a.role}:${a.hash}`.localeCompare(`${b.role}:${b.hash}`),
  );
  const stored = {
    category: input.category,
    hateIncident: input.hateIncident ?? false,
    occurredAt,
    occurredMonth,
    lsoaCode,
    wardCode,
    label,
    lat: hasLat ? loc.lat! : null,
    lng: hasLng ? loc.lng! : null,
    uprn,
    outcome: blank(input.outcome),
    subjects: unique.map((s) => `${s.role}:${s.hash}`),
  };
  return {
    errors,
    values: {
      sourceSystem,
      externalId,
      category: stored.category,
      hateIncident: stored.hateIncident,
      occurredAt,
      monthOnly: !hasAt,
      occurredMonth,
      occurredOn,
      lsoaCode,
      wardCode,
      locationLabel: label,
      locationKey: locationKey(lsoaCode, label),
      lat: stored.lat,
      lng: stored.lng,
      uprn,
      outcome: stored.outcome,
      contentHash: createHash('sha256').update(canonicalJson(stored)).digest('hex'),
      importId: options.importId ?? null,
      subjects: unique,
    },
  };
}
