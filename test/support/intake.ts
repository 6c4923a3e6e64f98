import { uuidv7 } from '@app/core';
import type { TestApp } from '@app/testing';
import { bodyOf, client, type Json } from './http';

export const intakeOf = (code: string) => `/api/v1/partnerships/${code}`;

let counter = 0;

/** A valid incident body; `overrides` replace fields. */
export function incidentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    sourceSystem: 'niche-rms',
    externalId: `OCC-${process.pid}-${counter}`,
    category: 'anti-social-behaviour',
    occurredAt: '2026-01-10T21:40:00Z',
    location: { lsoaCode: 'W01001700', wardCode: 'W05000868', label: 'On or near Loudoun Square', lat: 51.4686, lng: -3.1698 },
    outcome: 'Words of advice',
    subjects: [
      { role: 'victim', key: 'PERSON-VICTIM-1' },
      { role: 'offender', key: 'PERSON-OFFENDER-1' },
    ],
    ...overrides,
  };
}

/** Pushes a batch through the API and returns the summary. */
export async function pushIncidents(t: TestApp, code: string, auth: string, items: Record<string, unknown>[]): Promise<Json> {
  return bodyOf(
    await client(t, auth)
      .post(`${intakeOf(code)}/incidents`)
      .send({ items }),
    200,
  );
}

/** Every string anywhere in a JSON value (to show that no subject key appears). */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...allStrings(v)]);
  return [];
}

/** Objects of one partnership's intake for the authorization matrix: an incident, an import, a referral, fresh open nominations. */
export interface IntakeWorld {
  incidentId: string;
  importId: string;
  referralId: string;
  freshNomination(): Promise<string>;
}

export async function intakeWorld(t: TestApp, pid: string): Promise<IntakeWorld> {
  const incidentId = uuidv7();
  await t.db.query(
    `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, occurred_at, month_only, occurred_month, occurred_on, content_hash)
     VALUES ($1::uuid, $2, 'matrix', $1::text, 'burglary', '2026-01-10T10:00:00Z', false, '2026-01-01', '2026-01-10', 'x')`,
    [incidentId, pid],
  );
  const importId = uuidv7();
  await t.db.query(
    `INSERT INTO incident_imports (id, partnership_id, format, state, content_hash, size_bytes, requested_by_type, requested_by_id)
     VALUES ($1::uuid, $2, 'police-uk-street', 'completed', 'x', 10, 'system', $1::uuid)`,
    [importId, pid],
  );
  const referralId = uuidv7();
  await t.db.query(
    `INSERT INTO referrals (id, partnership_id, referrer_kind, description, category, received_by_type, received_by_id) VALUES ($1::uuid, $2, 'public', 'Noise', 'asb-nuisance', 'system', $1::uuid)`,
    [referralId, pid],
  );
  const freshNomination = async () => {
    const id = uuidv7();
    await t.db.query(
      `INSERT INTO nominations (id, partnership_id, kind, cause_key, window_start, window_end, title, category, evidence_count)
       VALUES ($1::uuid, $2, 'repeat_location', $1::text, '2026-01-01', '2026-01-10', 'Repeat location: matrix', 'burglary', 0)`,
      [id, pid],
    );
    return id;
  };
  return { incidentId, importId, referralId, freshNomination };
}

/** An open repeat-location nomination written straight into the database, as a scanner raises one; its id. */
export async function insertNomination(t: TestApp, code: string, title: string, category = 'anti-social-behaviour'): Promise<string> {
  const id = uuidv7();
  await t.db.query(
    `INSERT INTO nominations (id, partnership_id, kind, cause_key, window_start, window_end, title, category, evidence_count, location)
     SELECT $1::uuid, p.id, 'repeat_location', $1::text, '2026-01-01', '2026-01-10', $3, $4, 3, '{"lsoaCode":"W01001700","label":"On or near Loudoun Square"}'::jsonb
       FROM partnerships p WHERE p.code = $2`,
    [id, code, title, category],
  );
  return id;
}
