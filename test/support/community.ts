import type { TestApp } from '@app/testing';
import { created, type Json } from './http';

export const community = (code: string) => `/api/v1/partnerships/${code}`;

/** An engagement recorded through the API by `auth` (an analyst, chair or admin). */
export async function recordEngagement(t: TestApp, code: string, auth: string, body: Record<string, unknown> = {}): Promise<Json> {
  return created(t, auth, `${community(code)}/engagements`, {
    heldOn: '2026-01-12',
    kind: 'pact_meeting',
    title: 'Butetown PACT meeting',
    areaCodes: ['W05001289'],
    attendance: 23,
    ...body,
  });
}

export async function raiseIssue(t: TestApp, code: string, auth: string, engagementId: string, body: Record<string, unknown> = {}): Promise<Json> {
  return created(t, auth, `${community(code)}/engagements/${engagementId}/issues`, {
    category: 'anti-social-behaviour',
    whatWasSaid: 'Mrs Jones at number 4 says motorbikes race down the lane every night.',
    locationLabel: 'The lane behind 4 Loudoun Square',
    raisedByCount: 6,
    ...body,
  });
}

export async function recordSource(t: TestApp, code: string, auth: string, body: Record<string, unknown> = {}): Promise<Json> {
  return created(t, auth, `${community(code)}/intelligence-sources`, {
    kind: 'community_member',
    identity: 'Gareth Williams, shopkeeper, 12 Bute Street',
    contact: '029 2000 0000',
    ...body,
  });
}

/** A valid body for POST .../intelligence; `overrides` replace fields. */
export function intelligenceBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reportedOn: '2026-01-14',
    category: 'substance-misuse',
    areaCode: 'W01001700',
    content: 'Dealing from a parked car outside the community centre on weekday evenings.',
    sourceEvaluation: 2,
    intelligenceAssessment: 'B',
    handlingCode: 'P',
    ...overrides,
  };
}

export async function recordIntelligence(t: TestApp, code: string, auth: string, overrides: Record<string, unknown> = {}): Promise<Json> {
  return created(t, auth, `${community(code)}/intelligence`, intelligenceBody(overrides));
}
