import assert from 'node:assert/strict';
import type { TestApp } from '@app/testing';
import { client, type Json } from './problems';

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
  const res = await client(t, auth).post(`${intakeOf(code)}/incidents`).send({ items });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** Every string anywhere in a JSON value (to show that no subject key appears). */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...allStrings(v)]);
  return [];
}
