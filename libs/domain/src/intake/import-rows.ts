import type { InvalidField } from '@app/core';
import type { IncidentInput } from './incident-rules';
import { MONTH } from './incident-rules';
import {
  GENERIC_COLUMNS,
  GENERIC_REQUIRED_COLUMNS,
  INCIDENT_CATEGORIES,
  POLICE_UK_CRIME_TYPES,
  POLICE_UK_SOURCE,
  POLICE_UK_STREET_COLUMNS,
  type ImportFormat,
  type SubjectRole,
} from './intake.constants';

/** A fault that makes a whole file unusable: the line (1 = the header) and column it was found at. */
export interface FileFault {
  line: number;
  column?: string;
  reason: string;
}

export class ImportFileError extends Error {
  constructor(readonly fault: FileFault) {
    super(`line ${fault.line}${fault.column ? `, column ${fault.column}` : ''}: ${fault.reason}`);
  }
}

/** What a row becomes: an incident (with the council named by its LSOA, for the area check), or a rejection. */
export type MappedRow = { kind: 'incident'; input: IncidentInput; council: string | null } | { kind: 'rejected'; column?: string; reason: string };

/** Checks a header against the format's columns: every one present (police.uk: exactly the published twelve). */
export function checkHeader(format: ImportFormat, header: string[]): string[] {
  const names = header.map((h) => h.trim());
  if (format === 'police-uk-street') {
    const missing = POLICE_UK_STREET_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length)
      throw new ImportFileError({ line: 1, column: missing[0], reason: `the column "${missing[0]}" of the data.police.uk street-level layout is missing` });
    const extra = names.find((n) => !(POLICE_UK_STREET_COLUMNS as readonly string[]).includes(n));
    if (extra !== undefined)
      throw new ImportFileError({ line: 1, column: extra, reason: `"${extra}" is not a column of the data.police.uk street-level layout` });
  } else {
    const missing = GENERIC_REQUIRED_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length) throw new ImportFileError({ line: 1, column: missing[0], reason: `the required column "${missing[0]}" is missing` });
    const extra = names.find((n) => !(GENERIC_COLUMNS as readonly string[]).includes(n));
    if (extra !== undefined)
      throw new ImportFileError({ line: 1, column: extra, reason: `"${extra}" is not a column of the generic incident CSV (docs/intake.md)` });
  }
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new ImportFileError({ line: 1, column: repeated, reason: `the column "${repeated}" appears twice` });
  return names;
}

const number = (record: Record<string, string>, column: string, line: number, min: number, max: number): number | null => {
  const raw = (record[column] ?? '').trim();
  if (!raw) return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ImportFileError({ line, column, reason: `"${raw}" is not a number from ${min} to ${max}` });
  return value;
};

/**
 * The council a police.uk LSOA name names: the name without its last token
 * ("Rhondda Cynon Taf 027F" -> "Rhondda Cynon Taf"), without a leading "The".
 */
export function councilOfLsoaName(lsoaName: string): string | null {
  const trimmed = lsoaName.trim();
  const cut = trimmed.lastIndexOf(' ');
  if (cut <= 0) return null;
  return normaliseCouncil(trimmed.slice(0, cut));
}

export function normaliseCouncil(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ');
}

/**
 * Maps one data.police.uk street-level row. Wrong types (a month that is
 * not YYYY-MM, coordinates that are not numbers) make the file unusable
 * (ImportFileError); an unknown crime type rejects the row. A row without a
 * Crime ID (anti-social behaviour) is identified by the file's hash and its
 * row number, so two identical rows are two incidents and the same file
 * imported again adds nothing.
 */
export function mapPoliceUkRow(record: Record<string, string>, line: number, row: number, fileHash: string): MappedRow {
  const month = (record['Month'] ?? '').trim();
  if (!MONTH.test(month)) throw new ImportFileError({ line, column: 'Month', reason: `"${month}" is not a month (YYYY-MM)` });
  const lng = number(record, 'Longitude', line, -180, 180);
  const lat = number(record, 'Latitude', line, -90, 90);
  if ((lat === null) !== (lng === null))
    throw new ImportFileError({ line, column: lat === null ? 'Latitude' : 'Longitude', reason: 'Longitude and Latitude go together' });
  const crimeType = (record['Crime type'] ?? '').trim();
  const category = POLICE_UK_CRIME_TYPES.get(crimeType.toLowerCase());
  if (!category) return { kind: 'rejected', column: 'Crime type', reason: `"${crimeType}" is not a data.police.uk crime type` };
  const location = (record['Location'] ?? '').trim();
  const lsoaCode = (record['LSOA code'] ?? '').trim().toUpperCase();
  if (lsoaCode && !/^[EW]01\d{6}$/.test(lsoaCode)) throw new ImportFileError({ line, column: 'LSOA code', reason: `"${lsoaCode}" is not an LSOA code` });
  const crimeId = (record['Crime ID'] ?? '').trim();
  const outcome = (record['Last outcome category'] ?? '').trim();
  return {
    kind: 'incident',
    council: lsoaCode ? councilOfLsoaName(record['LSOA name'] ?? '') : null,
    input: {
      sourceSystem: POLICE_UK_SOURCE,
      externalId: crimeId || `${fileHash}:${row}`,
      category,
      occurredMonth: month,
      location: {
        lsoaCode: lsoaCode || null,
        label: location && !/^no location$/i.test(location) ? location : null,
        lat,
        lng,
      },
      outcome: outcome || null,
    },
  };
}

/** Maps one row of the generic incident CSV (docs/intake.md). */
export function mapGenericRow(record: Record<string, string>, line: number): MappedRow {
  const get = (c: string) => (record[c] ?? '').trim();
  const occurred = get('occurred');
  let occurredAt: string | null = null;
  let occurredMonth: string | null = null;
  if (MONTH.test(occurred)) occurredMonth = occurred;
  else if (/^\d{4}-\d{2}-\d{2}T/.test(occurred) && !Number.isNaN(Date.parse(occurred)) && /(Z|[+-]\d{2}:?\d{2})$/i.test(occurred)) occurredAt = occurred;
  else throw new ImportFileError({ line, column: 'occurred', reason: `"${occurred}" is neither an instant with an offset nor a month (YYYY-MM)` });
  const lat = number(record, 'lat', line, -90, 90);
  const lng = number(record, 'lng', line, -180, 180);
  if ((lat === null) !== (lng === null)) throw new ImportFileError({ line, column: lat === null ? 'lat' : 'lng', reason: 'lat and lng go together' });
  const hate = get('hate_incident').toLowerCase();
  if (hate && !['true', 'false', 'yes', 'no', '1', '0'].includes(hate))
    throw new ImportFileError({ line, column: 'hate_incident', reason: `"${hate}" is not true or false` });
  for (const c of ['source_system', 'external_id'] as const) {
    if (!get(c)) throw new ImportFileError({ line, column: c, reason: `${c} must not be empty` });
  }
  const category = get('category');
  if (!INCIDENT_CATEGORIES.includes(category)) return { kind: 'rejected', column: 'category', reason: `"${category}" is not in the category catalogue` };
  const subjects: { role: SubjectRole; key: string }[] = [];
  for (const role of ['victim', 'offender', 'caller'] as const) {
    for (const key of get(`${role}_key`)
      .split(';')
      .map((k) => k.trim())
      .filter(Boolean))
      subjects.push({ role, key });
  }
  return {
    kind: 'incident',
    council: null,
    input: {
      sourceSystem: get('source_system'),
      externalId: get('external_id'),
      category,
      hateIncident: ['true', 'yes', '1'].includes(hate),
      occurredAt,
      occurredMonth,
      location: {
        lsoaCode: get('lsoa_code') || null,
        wardCode: get('ward_code') || null,
        label: get('location_label') || null,
        lat,
        lng,
        uprn: get('uprn') || null,
      },
      outcome: get('outcome') || null,
      subjects,
    },
  };
}

export function mapRow(format: ImportFormat, record: Record<string, string>, line: number, row: number, fileHash: string): MappedRow {
  return format === 'police-uk-street' ? mapPoliceUkRow(record, line, row, fileHash) : mapGenericRow(record, line);
}

/** A file fault as a problem's field error (`line`, `column` beside path and message). */
export function faultError(fault: FileFault): InvalidField & FileFault {
  return { path: fault.column ? `line ${fault.line}, column ${fault.column}` : `line ${fault.line}`, message: fault.reason, ...fault };
}
