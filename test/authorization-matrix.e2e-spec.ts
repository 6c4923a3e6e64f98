import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { uuidv7 } from '@app/core';
import { SCOPES } from '@app/core/security';
import { createTestApp, entryOf, firstOf, type TestApp } from '@app/testing';
import { RouteTable, type RouteInfo } from '../apps/api/src/security/route-table';
import { addPriority, approvedAssessment, draftAssessment } from './support/assessments';
import { addMember, agencyOf, apiKey, createUser, member, partnershipId, platformAdmin, signIn } from './support/identity';
import { evaluationBody, insertProblem, problemBody } from './support/problems';
import { incidentBody, intakeWorld, type IntakeWorld } from './support/intake';

/**
 * The authorization matrix. Every route the application serves (read from
 * its own route table) must appear in EXPECTED with the status each kind of
 * caller gets, and in REQUESTS with how to call it; a route missing from
 * either fails the suite. Callers are from partnership A (cardiff); the
 * partnership-scoped routes are then called against partnership B (newport)
 * and its objects, which must answer 404 (A's API key included) and change nothing.
 */
const WHO = ['anonymous', 'platformAdmin', 'admin', 'analyst', 'chair', 'partner', 'viewer', 'apiKey'] as const;
type Who = (typeof WHO)[number];

// prettier-ignore
const EXPECTED: Record<string, [number, number, number, number, number, number, number, number]> = {
  //                                                              anon  pAdmin admin analyst chair partner viewer apiKey
  'GET /health/live':                                            [200,  200,   200,  200,    200,  200,    200,   200],
  'GET /health/ready':                                           [200,  200,   200,  200,    200,  200,    200,   200],
  'GET /metrics':                                                [200,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/auth/token':                                     [200,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/auth/jwks.json':                                  [200,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/auth/revoke':                                    [204,  204,   204,  204,    204,  204,    204,   204],
  'GET /api/v1/me':                                              [401,  200,   200,  200,    200,  200,    200,   403],
  // A wrong current password: the route is reached (422), nothing changes.
  'POST /api/v1/me/password':                                    [401,  422,   422,  422,    422,  422,    422,   403],
  'GET /api/v1/users/:userId':                                   [401,  200,   403,  403,    403,  403,    403,   403],
  'POST /api/v1/users':                                          [401,  201,   403,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships':                                    [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships':                                   [401,  201,   403,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId':                     [401,  200,   200,  200,    200,  200,    200,   200],
  'PATCH /api/v1/partnerships/:partnershipId':                   [401,  200,   200,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/agencies':            [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/agencies':           [401,  201,   201,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/members':             [401,  200,   200,  200,    200,  200,    200,   403],
  'POST /api/v1/partnerships/:partnershipId/members':            [401,  201,   201,  403,    403,  403,    403,   403],
  'DELETE /api/v1/partnerships/:partnershipId/members/:userId':  [401,  204,   204,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/api-keys':            [401,  200,   200,  403,    403,  403,    403,   403],
  'POST /api/v1/partnerships/:partnershipId/api-keys':           [401,  201,   201,  403,    403,  403,    403,   403],
  'DELETE /api/v1/partnerships/:partnershipId/api-keys/:keyId':  [401, 204,  204,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/audit-events':        [401,  200,   200,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/audit-events/verify': [401,  200,   200,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/audit-events/checkpoints': [401, 200, 200, 403, 403,  403,    403,   403],
  // Strategic assessments: analysts draft, chairs approve and review, everyone reads; API keys by scope, never approval or review.
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments': [401, 200,  200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/strategic-assessments': [401, 201, 201,  201,    403,  403,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId': [401, 200, 200, 200, 200, 200,   200,   200],
  'PATCH /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId': [401, 200, 200, 200, 403, 403, 403,   200],
  'POST /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/priorities': [401, 201, 201, 201, 403, 403, 403, 201],
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/priorities/:priorityId': [401, 200, 200, 200, 200, 200, 200, 200],
  'PATCH /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/priorities/:priorityId': [401, 200, 200, 200, 403, 403, 403, 200],
  'DELETE /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/priorities/:priorityId': [401, 204, 204, 204, 403, 403, 403, 204],
  'POST /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/approve': [401, 200, 200, 403, 200, 403, 403, 403],
  'POST /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/reviews': [401, 201, 201, 403, 201, 403, 403, 403],
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/reviews': [401, 200, 200, 200, 200, 200, 200, 200],
  // Control strategies: analysts draft versions, chairs publish, everyone reads.
  'GET /api/v1/partnerships/:partnershipId/control-strategies':   [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/control-strategies':  [401,  201,   201,  201,    403,  403,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/control-strategies/current': [401, 200, 200, 200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/control-strategies/:controlStrategyId': [401, 200, 200, 200, 200, 200, 200, 200],
  'POST /api/v1/partnerships/:partnershipId/control-strategies/:controlStrategyId/publish': [401, 200, 200, 403, 200, 403, 403, 403],
  'GET /api/v1/partnerships/:partnershipId/flags':               [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/flags/:flagId':       [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/flags/:flagId/acknowledge': [401, 200, 200, 200,  200,  403,    403,   200],
  'GET /api/v1/partnerships/:partnershipId/webhooks':            [401,  200,   200,  403,    403,  403,    403,   200],
  'POST /api/v1/partnerships/:partnershipId/webhooks':           [401,  201,   201,  403,    403,  403,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/webhooks/:webhookId': [401,  200,   200,  403,    403,  403,    403,   200],
  'PATCH /api/v1/partnerships/:partnershipId/webhooks/:webhookId': [401, 200,  200,  403,    403,  403,    403,   200],
  'DELETE /api/v1/partnerships/:partnershipId/webhooks/:webhookId': [401, 204, 204,  403,    403,  403,    403,   204],
  'GET /api/v1/partnerships/:partnershipId/webhooks/:webhookId/deliveries': [401, 200, 200, 403, 403, 403,  403,   200],
  'POST /api/v1/partnerships/:partnershipId/webhooks/:webhookId/deliveries/:deliveryId/redeliver': [401, 202, 202, 403, 403, 403, 403, 202],
  'GET /api/v1/partnerships/:partnershipId/problem-categories':  [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/problem-categories': [401,  201,   201,  403,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/problems':            [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/problem-stage-counts': [401, 200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/problems':           [401,  201,   201,  201,    201,  403,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/problems/:problemId': [401,  200,   200,  200,    200,  200,    200,   200],
  'PATCH /api/v1/partnerships/:partnershipId/problems/:problemId': [401, 200,  200,  200,    200,  403,    403,   200],
  'POST /api/v1/partnerships/:partnershipId/problems/:problemId/advance': [401, 200, 200, 200, 200, 403,   403,   200],
  // Reopening is a chair's decision, recorded against a person: no API keys.
  'POST /api/v1/partnerships/:partnershipId/problems/:problemId/reopen': [401, 200, 200, 403, 200,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/problems/:problemId/history': [401, 200, 200, 200, 200,  200,    200,   200],
  'PUT /api/v1/partnerships/:partnershipId/problems/:problemId/analysis': [401, 200, 200, 200, 200,  403,    403,   200],
  'PUT /api/v1/partnerships/:partnershipId/problems/:problemId/evaluation': [401, 200, 200, 200, 200, 403,   403,   200],
  'POST /api/v1/partnerships/:partnershipId/problems/:problemId/responses': [401, 201, 201, 201, 201, 403,   403,   201],
  // The partner belongs to the agency that owns the response (other agencies: 403, see problem-stages).
  'PATCH /api/v1/partnerships/:partnershipId/problems/:problemId/responses/:responseId': [401, 200, 200, 200, 200, 200, 403, 200],
  // Tasking: chairs (and admins) create groups; the group's chair (here: the chair) or an admin changes it and opens and closes
  // its meetings, as a person (its deputy chair, a chair too, opens and closes them but does not change it, and another chair
  // gets 403: see tasking-meetings); analysts and chairs schedule and record the minutes; addenda are a person's; partners update
  // their own agency's actions.
  'GET /api/v1/partnerships/:partnershipId/tasking-groups':      [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/tasking-groups':     [401,  201,   201,  403,    201,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/tasking-groups/:groupId': [401, 200, 200,  200,    200,  200,    200,   200],
  'PATCH /api/v1/partnerships/:partnershipId/tasking-groups/:groupId': [401, 200, 200, 403,   200,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/tasking-groups/:groupId/meetings': [401, 200, 200, 200, 200, 200, 200,   200],
  'POST /api/v1/partnerships/:partnershipId/tasking-groups/:groupId/meetings': [401, 201, 201, 201, 201, 403, 403,  201],
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId': [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/open': [401, 200, 200, 403,   200,  403,    403,   403],
  'PUT /api/v1/partnerships/:partnershipId/meetings/:meetingId/attendance': [401, 200, 200, 200, 200, 403,  403,   200],
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/decisions': [401, 201, 201, 201, 201, 403,  403,   201],
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/actions': [401, 201, 201, 201, 201, 403,    403,   201],
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/close': [401, 200, 200, 403,  200,  403,    403,   403],
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/addenda': [401, 201, 201, 201, 201, 403,   403,   403],
  'GET /api/v1/partnerships/:partnershipId/actions':             [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/actions':            [401,  201,   201,  201,    201,  403,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/actions/:actionId':   [401,  200,   200,  200,    200,  200,    200,   200],
  // The partner belongs to the agency that owns the action (other agencies: 403, see tasking-actions).
  'PATCH /api/v1/partnerships/:partnershipId/actions/:actionId': [401,  200,   200,  200,    200,  200,    403,   200],
  'GET /api/v1/partnerships/:partnershipId/agency-performance':  [401,  200,   200,  200,    200,  200,    200,   200],
  // Community: every member reads (intelligence as its handling allows: here a P-coded item); analysts and chairs record
  // engagements and issues and answer them; analysts record intelligence; sources are for the partnership's admins and
  // analysts only (a platform admin who is not a member is refused by the service). API keys by scope (engagements:*,
  // intelligence:*; intelligence as P-coded items only); publishing an answer is a person's act, and sources are never a key's.
  'GET /api/v1/partnerships/:partnershipId/engagements':         [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/engagements':        [401,  201,   201,  201,    201,  403,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/engagements/:engagementId': [401, 200, 200, 200,   200,  200,    200,   200],
  'PATCH /api/v1/partnerships/:partnershipId/engagements/:engagementId': [401, 200, 200, 200, 200,  403,    403,   200],
  'POST /api/v1/partnerships/:partnershipId/engagements/:engagementId/issues': [401, 201, 201, 201, 201, 403, 403,  201],
  'GET /api/v1/partnerships/:partnershipId/engagement-issues':   [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/engagement-issues/:issueId': [401, 200, 200, 200,  200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/engagement-issues/:issueId/nominate': [401, 200, 200, 200, 200, 403, 403, 200],
  'POST /api/v1/partnerships/:partnershipId/engagement-issues/:issueId/link': [401, 200, 200, 200, 200, 403,  403,   200],
  'POST /api/v1/partnerships/:partnershipId/engagement-issues/:issueId/close': [401, 200, 200, 200, 200, 403, 403,   200],
  'POST /api/v1/partnerships/:partnershipId/engagement-issues/:issueId/answer': [401, 200, 200, 200, 200, 403, 403,  403],
  'GET /api/v1/partnerships/:partnershipId/intelligence':        [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/intelligence':       [401,  201,   201,  201,    403,  403,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/intelligence/:itemId': [401, 200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/intelligence-sources': [401, 403,   200,  200,    403,  403,    403,   403],
  'POST /api/v1/partnerships/:partnershipId/intelligence-sources': [401, 403,  201,  201,    403,  403,    403,   403],
  'GET /api/v1/partnerships/:partnershipId/intelligence-sources/:sourceId': [401, 403, 200, 200, 403, 403,   403,   403],
  'GET /api/v1/partnerships/:partnershipId/problems/:problemId/intelligence': [401, 200, 200, 200, 200, 200,  200,   200],
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/intelligence-requirement': [401, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/partnerships/:partnershipId/community-figures':   [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/public/partnerships/:code/you-said-we-did':       [200,  200,   200,  200,    200,  200,    200,   200],
  // Intake: analysts (and keys with incidents:write) push and import; referrals also come from chairs and partners; everyone
  // reads; nominations are decided in an open meeting, as a person, by the chair of the meeting's group (here: the chair), its
  // deputy chair or an admin (another group's chair: 403, see intake-nominations).
  'POST /api/v1/incident-imports':                               [401,  202,   403,  403,    403,  403,    403,   403],
  'POST /api/v1/partnerships/:partnershipId/incidents':          [401,  201,   201,  201,    403,  403,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/incidents':           [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/incidents/:incidentId': [401, 200,  200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/incident-imports':   [401,  202,   202,  202,    403,  403,    403,   202],
  'GET /api/v1/partnerships/:partnershipId/incident-imports':    [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/incident-imports/:importId': [401, 200, 200, 200,  200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/nominations':         [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/nominations/:nominationId': [401, 200, 200, 200,   200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/nominations/:nominationId/decision': [401, 200, 200, 403, 200, 403, 403, 403],
  'POST /api/v1/partnerships/:partnershipId/referrals':          [401,  201,   201,  201,    201,  201,    403,   201],
  'GET /api/v1/partnerships/:partnershipId/referrals':           [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/referrals/:referralId': [401, 200,  200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/incident-summary':    [401,  200,   200,  200,    200,  200,    200,   200],
  // Accountability: figures, packs, minutes and the annual report read like the meeting; analysts and chairs ask for packs.
  'GET /api/v1/partnerships/:partnershipId/figures':             [401,  200,   200,  200,    200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/reports/annual':      [401,  200,   200,  200,    200,  200,    200,   200],
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/pack': [401, 202, 202, 202,  202,  403,    403,   202],
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId/pack': [401, 200, 200, 200,   200,  200,    200,   200],
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId/pack.pdf': [401, 200, 200, 200, 200, 200,   200,   200],
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId/pack.html': [401, 200, 200, 200, 200, 200,  200,   200],
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId/minutes.pdf': [401, 200, 200, 200, 200, 200, 200,  200],
  // The oversight view: oversight principals and platform admins; grants: platform admins.
  'GET /api/v1/oversight/figures':                               [401,  200,   403,  403,    403,  403,    403,   403],
  'GET /api/v1/oversight-grants':                                [401,  200,   403,  403,    403,  403,    403,   403],
  'POST /api/v1/oversight-grants':                               [401,  201,   403,  403,    403,  403,    403,   403],
  'DELETE /api/v1/oversight-grants/:userId':                     [401,  204,   403,  403,    403,  403,    403,   403],
  // Resident populations (the denominator of the rates per 1,000): platform admins.
  'POST /api/v1/populations':                                    [401,  200,   403,  403,    403,  403,    403,   403],
  'GET /api/v1/populations':                                     [401,  200,   403,  403,    403,  403,    403,   403],
};

/**
 * The oversight principal (a board member) outside any partnership: the
 * routes it may call; every other route outside a partnership answers it
 * 403 (public ones as they answer anyone), and every partnership-scoped
 * route 404.
 */
const OVERSIGHT_OUTSIDE: Record<string, number> = {
  'GET /api/v1/me': 200,
  'POST /api/v1/me/password': 422,
  'GET /api/v1/partnerships': 200,
  'GET /api/v1/oversight/figures': 200,
};

interface Call {
  path: string;
  body?: unknown;
  /** A body that is not JSON (e.g. text/csv). */
  contentType?: string;
}

/** Objects of one partnership the requests refer to. */
interface World {
  t: TestApp;
  code: string;
  /** Fresh objects, one per call, for routes that consume them. */
  freshMember(): Promise<string>;
  freshApiKey(): Promise<string>;
  freshFlag(): Promise<string>;
  freshWebhook(): Promise<string>;
  /** A subscription with one finished delivery: [subscription id, delivery id]. */
  freshDelivery(): Promise<[string, string]>;
  agencyId: string;
  /** The chair of the world's groups: the matrix's chair in A. */
  chairUserId: string;
  someUserId: string;
  login: { email: string; password: string };
  /** A draft assessment with one priority (edited over and over). */
  draftId: string;
  priorityId: string;
  /** A fresh priority on the draft (for a call that deletes it). */
  freshPriority(): Promise<string>;
  /** A fresh draft with a priority (for a call that approves it). */
  freshDraft(): Promise<string>;
  /** The assessment approved right now. */
  approvedId(): Promise<string>;
  /** A body for a new control strategy version on the approved assessment. */
  strategyBody(): Promise<Record<string, unknown>>;
  /** A published (current) control strategy. */
  strategyId: string;
  /** A fresh draft version (for a call that publishes it). */
  freshStrategy(): Promise<string>;
  /** A fresh problem at a stage (with one response owned by agencyId when asked). */
  freshProblem(stage?: 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed', withResponse?: boolean): Promise<{ id: string; responseId?: string }>;
  /** A tactical group chaired by the world's chair. */
  groupId: string;
  /** A meeting of a fresh group (so openings never clash), in the given state. */
  freshMeeting(status: 'scheduled' | 'open' | 'closed'): Promise<string>;
  /** An open meeting, and a closed one, reused. */
  openMeetingId: string;
  closedMeetingId: string;
  /** A fresh action owned by agencyId (the partner's agency). */
  freshAction(): Promise<string>;
  /** An engagement (edited over and over), and a fresh open issue raised at it. */
  engagementId: string;
  freshIssue(): Promise<string>;
  /** A P-coded intelligence item linked to a problem, and a source. */
  intelligenceId: string;
  intelligenceProblemId: string;
  sourceId: string;
  intake: IntakeWorld;
  /** The open meeting with a built pack (asked for and stored). */
  packMeetingId(): Promise<string>;
  /** A user holding an oversight grant (for a call that revokes it). */
  freshOversightUser(): Promise<string>;
}

const uniq = () => randomBytes(4).toString('hex');
const letters = () => Array.from(randomBytes(4), (b) => String.fromCharCode(65 + (b % 26))).join('');

const REQUESTS: Record<string, (w: World) => Promise<Call>> = {
  'GET /health/live': async () => ({ path: '/health/live' }),
  'GET /health/ready': async () => ({ path: '/health/ready' }),
  'GET /metrics': async () => ({ path: '/metrics' }),
  'POST /api/v1/auth/token': async (w) => ({ path: '/api/v1/auth/token', body: w.login }),
  'GET /api/v1/auth/jwks.json': async () => ({ path: '/api/v1/auth/jwks.json' }),
  'POST /api/v1/auth/revoke': async () => ({ path: '/api/v1/auth/revoke', body: { refreshToken: `csprt_${randomBytes(32).toString('base64url')}` } }),
  'GET /api/v1/me': async () => ({ path: '/api/v1/me' }),
  'POST /api/v1/me/password': async () => ({ path: '/api/v1/me/password', body: { currentPassword: 'not the password', newPassword: 'a brand new password' } }),
  'GET /api/v1/users/:userId': async (w) => ({ path: `/api/v1/users/${w.someUserId}` }),
  'POST /api/v1/users': async () => ({ path: '/api/v1/users', body: { email: `new-${uniq()}@example.org`, displayName: 'New Person' } }),
  'GET /api/v1/partnerships': async () => ({ path: '/api/v1/partnerships' }),
  'POST /api/v1/partnerships': async () => ({
    path: '/api/v1/partnerships',
    body: { code: `p-${uniq()}`, name: 'A Test Partnership', referencePrefix: letters() },
  }),
  'GET /api/v1/partnerships/:partnershipId': async (w) => ({ path: `/api/v1/partnerships/${w.code}` }),
  'PATCH /api/v1/partnerships/:partnershipId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}`,
    body: { tacticalCadenceDays: 7 + (firstOf(randomBytes(1)) % 50) },
  }),
  'GET /api/v1/partnerships/:partnershipId/agencies': async (w) => ({ path: `/api/v1/partnerships/${w.code}/agencies` }),
  'POST /api/v1/partnerships/:partnershipId/agencies': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/agencies`,
    body: { name: `Agency ${uniq()}`, kind: 'third_sector' },
  }),
  'GET /api/v1/partnerships/:partnershipId/members': async (w) => ({ path: `/api/v1/partnerships/${w.code}/members` }),
  'POST /api/v1/partnerships/:partnershipId/members': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/members`,
    body: { userId: (await createUser(w.t)).id, role: 'partner', agencyId: w.agencyId },
  }),
  'DELETE /api/v1/partnerships/:partnershipId/members/:userId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/members/${await w.freshMember()}` }),
  'GET /api/v1/partnerships/:partnershipId/api-keys': async (w) => ({ path: `/api/v1/partnerships/${w.code}/api-keys` }),
  'POST /api/v1/partnerships/:partnershipId/api-keys': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/api-keys`,
    body: { name: `System ${uniq()}`, scopes: ['problems:read'] },
  }),
  'DELETE /api/v1/partnerships/:partnershipId/api-keys/:keyId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/api-keys/${await w.freshApiKey()}` }),
  'GET /api/v1/partnerships/:partnershipId/audit-events': async (w) => ({ path: `/api/v1/partnerships/${w.code}/audit-events` }),
  'GET /api/v1/partnerships/:partnershipId/audit-events/verify': async (w) => ({ path: `/api/v1/partnerships/${w.code}/audit-events/verify` }),
  'GET /api/v1/partnerships/:partnershipId/audit-events/checkpoints': async (w) => ({ path: `/api/v1/partnerships/${w.code}/audit-events/checkpoints` }),
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments': async (w) => ({ path: `/api/v1/partnerships/${w.code}/strategic-assessments` }),
  'POST /api/v1/partnerships/:partnershipId/strategic-assessments': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments`,
    body: { title: `Assessment ${uniq()}`, periodStart: '2026-04-01', periodEnd: '2027-03-31' },
  }),
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${w.draftId}`,
  }),
  'PATCH /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${w.draftId}`,
    body: { title: `Retitled ${uniq()}` },
  }),
  'POST /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/priorities': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${w.draftId}/priorities`,
    body: { title: `Priority ${uniq()}`, category: 'asb', impact: 2, likelihood: 3 },
  }),
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/priorities/:priorityId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${w.draftId}/priorities/${w.priorityId}`,
  }),
  'PATCH /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/priorities/:priorityId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${w.draftId}/priorities/${w.priorityId}`,
    body: { title: `Renamed ${uniq()}` },
  }),
  'DELETE /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/priorities/:priorityId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${w.draftId}/priorities/${await w.freshPriority()}`,
  }),
  'POST /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/approve': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${await w.freshDraft()}/approve`,
  }),
  'POST /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/reviews': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${await w.approvedId()}/reviews`,
    body: { summary: 'Quarterly review' },
  }),
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/reviews': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${await w.approvedId()}/reviews`,
  }),
  'GET /api/v1/partnerships/:partnershipId/control-strategies': async (w) => ({ path: `/api/v1/partnerships/${w.code}/control-strategies` }),
  'POST /api/v1/partnerships/:partnershipId/control-strategies': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/control-strategies`,
    body: await w.strategyBody(),
  }),
  'GET /api/v1/partnerships/:partnershipId/control-strategies/current': async (w) => ({ path: `/api/v1/partnerships/${w.code}/control-strategies/current` }),
  'GET /api/v1/partnerships/:partnershipId/control-strategies/:controlStrategyId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/control-strategies/${w.strategyId}`,
  }),
  'POST /api/v1/partnerships/:partnershipId/control-strategies/:controlStrategyId/publish': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/control-strategies/${await w.freshStrategy()}/publish`,
  }),
  'GET /api/v1/partnerships/:partnershipId/flags': async (w) => ({ path: `/api/v1/partnerships/${w.code}/flags?open=true` }),
  'GET /api/v1/partnerships/:partnershipId/flags/:flagId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/flags/${await w.freshFlag()}` }),
  'POST /api/v1/partnerships/:partnershipId/flags/:flagId/acknowledge': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/flags/${await w.freshFlag()}/acknowledge`,
  }),
  'GET /api/v1/partnerships/:partnershipId/webhooks': async (w) => ({ path: `/api/v1/partnerships/${w.code}/webhooks` }),
  'POST /api/v1/partnerships/:partnershipId/webhooks': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/webhooks`,
    body: { url: `http://127.0.0.1:9/hooks/${uniq()}`, events: ['flag.raised'] },
  }),
  'GET /api/v1/partnerships/:partnershipId/webhooks/:webhookId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/webhooks/${await w.freshWebhook()}` }),
  'PATCH /api/v1/partnerships/:partnershipId/webhooks/:webhookId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/webhooks/${await w.freshWebhook()}`,
    body: { description: `changed ${uniq()}` },
  }),
  'DELETE /api/v1/partnerships/:partnershipId/webhooks/:webhookId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/webhooks/${await w.freshWebhook()}`,
  }),
  'GET /api/v1/partnerships/:partnershipId/webhooks/:webhookId/deliveries': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/webhooks/${await w.freshWebhook()}/deliveries`,
  }),
  'POST /api/v1/partnerships/:partnershipId/webhooks/:webhookId/deliveries/:deliveryId/redeliver': async (w) => {
    const [webhookId, deliveryId] = await w.freshDelivery();
    return { path: `/api/v1/partnerships/${w.code}/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver` };
  },
  'GET /api/v1/partnerships/:partnershipId/problem-categories': async (w) => ({ path: `/api/v1/partnerships/${w.code}/problem-categories` }),
  'POST /api/v1/partnerships/:partnershipId/problem-categories': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problem-categories`,
    body: { slug: `category-${uniq()}`, name: 'A new category' },
  }),
  'GET /api/v1/partnerships/:partnershipId/problems': async (w) => ({ path: `/api/v1/partnerships/${w.code}/problems` }),
  'GET /api/v1/partnerships/:partnershipId/problem-stage-counts': async (w) => ({ path: `/api/v1/partnerships/${w.code}/problem-stage-counts` }),
  'POST /api/v1/partnerships/:partnershipId/problems': async (w) => ({ path: `/api/v1/partnerships/${w.code}/problems`, body: problemBody() }),
  'GET /api/v1/partnerships/:partnershipId/problems/:problemId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problems/${(await w.freshProblem()).id}`,
  }),
  'PATCH /api/v1/partnerships/:partnershipId/problems/:problemId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problems/${(await w.freshProblem()).id}`,
    body: { title: 'A clearer title for the problem' },
  }),
  'POST /api/v1/partnerships/:partnershipId/problems/:problemId/advance': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problems/${(await w.freshProblem()).id}/advance`,
    body: { to: 'analysis' },
  }),
  'POST /api/v1/partnerships/:partnershipId/problems/:problemId/reopen': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problems/${(await w.freshProblem('closed')).id}/reopen`,
    body: { reason: 'The problem came back' },
  }),
  'GET /api/v1/partnerships/:partnershipId/problems/:problemId/history': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problems/${(await w.freshProblem()).id}/history`,
  }),
  'PUT /api/v1/partnerships/:partnershipId/problems/:problemId/analysis': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problems/${(await w.freshProblem('analysis')).id}/analysis`,
    body: { triangle: { location: 'The shops' } },
  }),
  'PUT /api/v1/partnerships/:partnershipId/problems/:problemId/evaluation': async (w) => {
    const { id, responseId } = await w.freshProblem('assessment', true);
    return { path: `/api/v1/partnerships/${w.code}/problems/${id}/evaluation`, body: evaluationBody([responseId!]) };
  },
  'POST /api/v1/partnerships/:partnershipId/problems/:problemId/responses': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problems/${(await w.freshProblem('response')).id}/responses`,
    body: { description: 'Patrols on Friday evenings', type: 'enforcement', ownerAgencyId: w.agencyId, startDate: '2026-02-01' },
  }),
  'PATCH /api/v1/partnerships/:partnershipId/problems/:problemId/responses/:responseId': async (w) => {
    const { id, responseId } = await w.freshProblem('response', true);
    return { path: `/api/v1/partnerships/${w.code}/problems/${id}/responses/${responseId}`, body: { status: 'in_progress' } };
  },
  'GET /api/v1/partnerships/:partnershipId/tasking-groups': async (w) => ({ path: `/api/v1/partnerships/${w.code}/tasking-groups` }),
  'POST /api/v1/partnerships/:partnershipId/tasking-groups': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/tasking-groups`,
    body: { name: `Group ${uniq()}`, level: 'tactical', chairUserId: w.chairUserId, agencyIds: [w.agencyId] },
  }),
  'GET /api/v1/partnerships/:partnershipId/tasking-groups/:groupId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/tasking-groups/${w.groupId}` }),
  'PATCH /api/v1/partnerships/:partnershipId/tasking-groups/:groupId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/tasking-groups/${w.groupId}`,
    body: { cadenceDays: 7 + (firstOf(randomBytes(1)) % 50) },
  }),
  'GET /api/v1/partnerships/:partnershipId/tasking-groups/:groupId/meetings': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/tasking-groups/${w.groupId}/meetings`,
  }),
  'POST /api/v1/partnerships/:partnershipId/tasking-groups/:groupId/meetings': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/tasking-groups/${w.groupId}/meetings`,
    body: { scheduledFor: '2026-02-05T18:00:00Z' },
  }),
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/meetings/${w.openMeetingId}` }),
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/open': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${await w.freshMeeting('scheduled')}/open`,
  }),
  'PUT /api/v1/partnerships/:partnershipId/meetings/:meetingId/attendance': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${w.openMeetingId}/attendance`,
    body: [{ agencyId: w.agencyId, status: 'present' }],
  }),
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/decisions': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${w.openMeetingId}/decisions`,
    body: { text: `Decision ${uniq()}` },
  }),
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/actions': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${w.openMeetingId}/actions`,
    body: { title: `Action ${uniq()}`, ownerAgencyId: w.agencyId, dueDate: '2026-02-01' },
  }),
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/close': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${await w.freshMeeting('open')}/close`,
  }),
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/addenda': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${w.closedMeetingId}/addenda`,
    body: { text: `Addendum ${uniq()}` },
  }),
  'GET /api/v1/partnerships/:partnershipId/actions': async (w) => ({ path: `/api/v1/partnerships/${w.code}/actions?overdue=false` }),
  'POST /api/v1/partnerships/:partnershipId/actions': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/actions`,
    body: { title: `Action ${uniq()}`, ownerAgencyId: w.agencyId, dueDate: '2026-02-01' },
  }),
  'GET /api/v1/partnerships/:partnershipId/actions/:actionId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/actions/${await w.freshAction()}` }),
  'GET /api/v1/partnerships/:partnershipId/figures': async (w) => ({ path: `/api/v1/partnerships/${w.code}/figures?from=2025-10-01&to=2026-01-15` }),
  'GET /api/v1/partnerships/:partnershipId/reports/annual': async (w) => ({ path: `/api/v1/partnerships/${w.code}/reports/annual?year=2025` }),
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/pack': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${w.openMeetingId}/pack`,
  }),
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId/pack': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${await w.packMeetingId()}/pack`,
  }),
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId/pack.pdf': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${await w.packMeetingId()}/pack.pdf`,
  }),
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId/pack.html': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${await w.packMeetingId()}/pack.html`,
  }),
  'GET /api/v1/partnerships/:partnershipId/meetings/:meetingId/minutes.pdf': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${w.closedMeetingId}/minutes.pdf`,
  }),
  'GET /api/v1/oversight/figures': async () => ({ path: '/api/v1/oversight/figures?from=2025-10-01&to=2026-01-15' }),
  'GET /api/v1/oversight-grants': async () => ({ path: '/api/v1/oversight-grants' }),
  'POST /api/v1/populations': async () => ({
    path: '/api/v1/populations',
    body: 'code,name,year,population\nW06000015,Cardiff,2024,372089\n',
    contentType: 'text/csv',
  }),
  'GET /api/v1/populations': async () => ({ path: '/api/v1/populations' }),
  'POST /api/v1/oversight-grants': async (w) => ({ path: '/api/v1/oversight-grants', body: { userId: (await createUser(w.t)).id, allPartnerships: true } }),
  'DELETE /api/v1/oversight-grants/:userId': async (w) => ({ path: `/api/v1/oversight-grants/${await w.freshOversightUser()}` }),
  'PATCH /api/v1/partnerships/:partnershipId/actions/:actionId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/actions/${await w.freshAction()}`,
    body: { status: 'in_progress', note: 'Started' },
  }),
  'GET /api/v1/partnerships/:partnershipId/agency-performance': async (w) => ({ path: `/api/v1/partnerships/${w.code}/agency-performance` }),
  'GET /api/v1/partnerships/:partnershipId/engagements': async (w) => ({ path: `/api/v1/partnerships/${w.code}/engagements` }),
  'POST /api/v1/partnerships/:partnershipId/engagements': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/engagements`,
    body: { heldOn: '2026-01-12', kind: 'survey', title: `Survey ${uniq()}`, areaCodes: ['W05001289'], responseCount: 40 },
  }),
  'GET /api/v1/partnerships/:partnershipId/engagements/:engagementId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/engagements/${w.engagementId}` }),
  'PATCH /api/v1/partnerships/:partnershipId/engagements/:engagementId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/engagements/${w.engagementId}`,
    body: { attendance: randomBytes(1)[0] },
  }),
  'POST /api/v1/partnerships/:partnershipId/engagements/:engagementId/issues': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/engagements/${w.engagementId}/issues`,
    body: { category: 'environmental', whatWasSaid: `Fly-tipping ${uniq()}` },
  }),
  'GET /api/v1/partnerships/:partnershipId/engagement-issues': async (w) => ({ path: `/api/v1/partnerships/${w.code}/engagement-issues` }),
  'GET /api/v1/partnerships/:partnershipId/engagement-issues/:issueId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/engagement-issues/${await w.freshIssue()}`,
  }),
  'POST /api/v1/partnerships/:partnershipId/engagement-issues/:issueId/nominate': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/engagement-issues/${await w.freshIssue()}/nominate`,
    body: {},
  }),
  'POST /api/v1/partnerships/:partnershipId/engagement-issues/:issueId/link': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/engagement-issues/${await w.freshIssue()}/link`,
    body: { problemId: w.intelligenceProblemId },
  }),
  'POST /api/v1/partnerships/:partnershipId/engagement-issues/:issueId/close': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/engagement-issues/${await w.freshIssue()}/close`,
    body: { reason: 'Not a matter for the partnership' },
  }),
  'POST /api/v1/partnerships/:partnershipId/engagement-issues/:issueId/answer': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/engagement-issues/${await w.freshIssue()}/answer`,
    body: { text: 'The council cleared it.', agencyId: w.agencyId, publish: true },
  }),
  'GET /api/v1/partnerships/:partnershipId/intelligence': async (w) => ({ path: `/api/v1/partnerships/${w.code}/intelligence` }),
  'POST /api/v1/partnerships/:partnershipId/intelligence': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/intelligence`,
    body: {
      reportedOn: '2026-01-14',
      category: 'substance-misuse',
      content: `Dealing ${uniq()}`,
      sourceEvaluation: 2,
      intelligenceAssessment: 'C',
      handlingCode: 'P',
    },
  }),
  'GET /api/v1/partnerships/:partnershipId/intelligence/:itemId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/intelligence/${w.intelligenceId}` }),
  'GET /api/v1/partnerships/:partnershipId/intelligence-sources': async (w) => ({ path: `/api/v1/partnerships/${w.code}/intelligence-sources` }),
  'POST /api/v1/partnerships/:partnershipId/intelligence-sources': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/intelligence-sources`,
    body: { kind: 'anonymous' },
  }),
  'GET /api/v1/partnerships/:partnershipId/intelligence-sources/:sourceId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/intelligence-sources/${w.sourceId}`,
  }),
  'GET /api/v1/partnerships/:partnershipId/problems/:problemId/intelligence': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/problems/${w.intelligenceProblemId}/intelligence`,
  }),
  'GET /api/v1/partnerships/:partnershipId/strategic-assessments/:assessmentId/intelligence-requirement': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/strategic-assessments/${await w.approvedId()}/intelligence-requirement`,
  }),
  'GET /api/v1/partnerships/:partnershipId/community-figures': async (w) => ({ path: `/api/v1/partnerships/${w.code}/community-figures` }),
  'GET /api/v1/public/partnerships/:code/you-said-we-did': async (w) => ({ path: `/api/v1/public/partnerships/${w.code}/you-said-we-did` }),
  'POST /api/v1/incident-imports': async () => ({
    path: '/api/v1/incident-imports',
    contentType: 'text/csv',
    body:
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n' +
      `${uniq()},2025-12,South Wales Police,South Wales Police,-3.1698,51.4686,On or near Loudoun Square,W01001700,Cardiff 032E,Burglary,,\n`,
  }),
  'POST /api/v1/partnerships/:partnershipId/incidents': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/incidents`,
    body: incidentBody({ externalId: `M-${uniq()}` }),
  }),
  'GET /api/v1/partnerships/:partnershipId/incidents': async (w) => ({ path: `/api/v1/partnerships/${w.code}/incidents?category=burglary` }),
  'GET /api/v1/partnerships/:partnershipId/incidents/:incidentId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/incidents/${w.intake.incidentId}` }),
  'POST /api/v1/partnerships/:partnershipId/incident-imports': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/incident-imports?format=generic`,
    contentType: 'text/csv',
    body: `source_system,external_id,category,occurred\nmatrix,${uniq()},fly-tipping,2026-01\n`,
  }),
  'GET /api/v1/partnerships/:partnershipId/incident-imports': async (w) => ({ path: `/api/v1/partnerships/${w.code}/incident-imports` }),
  'GET /api/v1/partnerships/:partnershipId/incident-imports/:importId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/incident-imports/${w.intake.importId}`,
  }),
  'GET /api/v1/partnerships/:partnershipId/nominations': async (w) => ({ path: `/api/v1/partnerships/${w.code}/nominations?state=open` }),
  'GET /api/v1/partnerships/:partnershipId/nominations/:nominationId': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/nominations/${await w.intake.freshNomination()}`,
  }),
  'POST /api/v1/partnerships/:partnershipId/meetings/:meetingId/nominations/:nominationId/decision': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/meetings/${w.openMeetingId}/nominations/${await w.intake.freshNomination()}/decision`,
    body: { decision: 'decline', reason: 'Handled by the neighbourhood team' },
  }),
  'POST /api/v1/partnerships/:partnershipId/referrals': async (w) => ({
    path: `/api/v1/partnerships/${w.code}/referrals`,
    body: { referrerKind: 'public', description: `Noise ${uniq()}`, category: 'asb-nuisance' },
  }),
  'GET /api/v1/partnerships/:partnershipId/referrals': async (w) => ({ path: `/api/v1/partnerships/${w.code}/referrals` }),
  'GET /api/v1/partnerships/:partnershipId/referrals/:referralId': async (w) => ({ path: `/api/v1/partnerships/${w.code}/referrals/${w.intake.referralId}` }),
  'GET /api/v1/partnerships/:partnershipId/incident-summary': async (w) => ({ path: `/api/v1/partnerships/${w.code}/incident-summary?by=category` }),
};

const keyOf = (r: RouteInfo) => `${r.method} ${r.path}`;

describe('authorization matrix (generated from the route table)', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const auth = {} as Record<Exclude<Who, 'anonymous'>, [string, string]>;
  let worldA: World;
  let worldB: World;

  async function world(code: string, chairUserId: string): Promise<World> {
    const pid = await partnershipId(t, code);
    const user = await createUser(t);
    const login = { email: user.email, password: user.password };
    const agencyId = await agencyOf(t, code);
    // The partnership's own admin arranges its assessments and strategies through the API.
    const arranger = (await member(t, code, 'admin')).auth;
    const draft = await draftAssessment(t, code, arranger);
    const priority = await addPriority(t, code, arranger, draft.id, { title: 'Shared priority', impact: 2, likelihood: 2 });
    const approvedId = async () => {
      const rows = await t.db.query<{ id: string }>(`SELECT id FROM strategic_assessments WHERE partnership_id = $1 AND status = 'approved'`, [pid]);
      return rows[0]?.id ?? (await approvedAssessment(t, code, arranger, arranger)).id;
    };
    const strategyBody = async () => {
      const assessmentId = await approvedId();
      const priorities = await t.db.query<{ id: string }>(`SELECT id FROM assessment_priorities WHERE strategic_assessment_id = $1 AND removed_at IS NULL`, [
        assessmentId,
      ]);
      return {
        strategicAssessmentId: assessmentId,
        priorities: priorities.map((p) => ({
          assessmentPriorityId: p.id,
          leadAgencyId: agencyId,
          strands: { prevention: { objectives: ['o'], measures: ['m'] } },
        })),
      };
    };
    const freshStrategy = async () => {
      const res = await t.http
        .post(`/api/v1/partnerships/${code}/control-strategies`)
        .set('authorization', arranger)
        .send(await strategyBody());
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const strategyId = await freshStrategy();
    assert.equal((await t.http.post(`/api/v1/partnerships/${code}/control-strategies/${strategyId}/publish`).set('authorization', arranger)).status, 200);
    const call = async (method: 'post' | 'get', path: string, body?: object) => {
      const req = t.http[method](`/api/v1/partnerships/${code}${path}`).set('authorization', arranger);
      const res = await (body ? req.send(body) : req);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    const freshGroup = async () =>
      (await call('post', '/tasking-groups', { name: `Group ${uniq()}`, level: 'tactical', chairUserId, agencyIds: [agencyId] })).id;
    const freshMeeting = async (status: 'scheduled' | 'open' | 'closed') => {
      const meetingId = (await call('post', `/tasking-groups/${await freshGroup()}/meetings`, { scheduledFor: '2026-01-29T18:00:00Z' })).id;
      if (status !== 'scheduled') await call('post', `/meetings/${meetingId}/open`);
      if (status === 'closed') await call('post', `/meetings/${meetingId}/close`);
      return meetingId;
    };
    const groupId = await freshGroup();
    const openMeetingId = await freshMeeting('open');
    const closedMeetingId = await freshMeeting('closed');
    const engagementId = (await call('post', '/engagements', { heldOn: '2026-01-12', kind: 'pact_meeting', title: 'PACT meeting', areaCodes: ['W05001289'] }))
      .id;
    const intelligenceProblemId = (await insertProblem(t, code, 'scanning')).id;
    const sourceId = (await call('post', '/intelligence-sources', { kind: 'community_member', identity: 'A resident' })).id;
    const intelligenceId = (
      await call('post', '/intelligence', {
        reportedOn: '2026-01-14',
        category: 'substance-misuse',
        content: 'Dealing from a car',
        sourceEvaluation: 1,
        intelligenceAssessment: 'B',
        handlingCode: 'P',
        sourceId,
        problemId: intelligenceProblemId,
      })
    ).id;
    const freshWebhook = async () => {
      const id = uuidv7();
      await t.db.query(
        `INSERT INTO webhook_subscriptions (id, partnership_id, url, events, secret_ciphertext) VALUES ($1, $2, 'http://127.0.0.1:9/hook', '{*}', 'v1.x.y.z')`,
        [id, pid],
      );
      return id;
    };
    return {
      t,
      code,
      draftId: draft.id,
      priorityId: priority.id,
      async freshPriority() {
        return (await addPriority(t, code, arranger, draft.id, { title: `Doomed ${uniq()}`, impact: 1, likelihood: 1 })).id;
      },
      async freshDraft() {
        const fresh = await draftAssessment(t, code, arranger);
        await addPriority(t, code, arranger, fresh.id, { title: 'To approve', impact: 3, likelihood: 2 });
        return fresh.id;
      },
      approvedId,
      strategyBody,
      strategyId,
      freshStrategy,
      agencyId,
      someUserId: user.id,
      login,
      async freshMember() {
        const u = await createUser(t);
        await addMember(t, u.id, code, 'viewer');
        return u.id;
      },
      freshProblem: (stage = 'scanning', withResponse = false) => insertProblem(t, code, stage, withResponse ? { agencyId } : {}),
      async freshApiKey() {
        const id = uuidv7();
        await t.db.query(`INSERT INTO api_keys (id, partnership_id, name, prefix, key_hash, scopes) VALUES ($1, $2, 'k', 'cspk_x', $3, '{problems:read}')`, [
          id,
          pid,
          randomBytes(32).toString('hex'),
        ]);
        return id;
      },
      async freshFlag() {
        const id = uuidv7();
        await t.db.query(
          `INSERT INTO flags (id, partnership_id, kind, subject_type, subject_id, due_date, raised_at) VALUES ($1, $2, 'webhook_subscription_disabled', 'webhook_subscription', $3, '2026-01-15', now())`,
          [id, pid, uuidv7()],
        );
        return id;
      },
      freshWebhook,
      chairUserId,
      groupId,
      freshMeeting,
      openMeetingId,
      closedMeetingId,
      async freshAction() {
        return (await call('post', '/actions', { title: `Action ${uniq()}`, ownerAgencyId: agencyId, dueDate: '2026-02-01' })).id;
      },
      engagementId,
      async freshIssue() {
        return (await call('post', `/engagements/${engagementId}/issues`, { category: 'anti-social-behaviour', whatWasSaid: `Noise ${uniq()}` })).id;
      },
      intelligenceId,
      intelligenceProblemId,
      sourceId,
      async packMeetingId() {
        await t.db.query(
          `INSERT INTO meeting_packs (meeting_id, partnership_id, state, requested_at, built_at, built_for_status, pdf, html, builds)
           VALUES ($1, $2, 'ready', now(), now(), 'open', '\\x255044462d312e370a', '<!DOCTYPE html><p>Pack</p>', 1) ON CONFLICT (meeting_id) DO NOTHING`,
          [openMeetingId, pid],
        );
        return openMeetingId;
      },
      async freshOversightUser() {
        const u = await createUser(t);
        await t.db.query(`UPDATE users SET oversight_all = true WHERE id = $1`, [u.id]);
        return u.id;
      },
      async freshDelivery() {
        const webhookId = await freshWebhook();
        const eventId = uuidv7();
        const deliveryId = uuidv7();
        await t.db.query(
          `INSERT INTO outbox_events (id, partnership_id, type, subject_type, subject_id, occurred_at, relayed_at) VALUES ($1, $2, 'flag.raised', 'flag', $3, now(), now())`,
          [eventId, pid, uuidv7()],
        );
        await t.db.query(
          `INSERT INTO webhook_deliveries (id, partnership_id, event_id, subscription_id, event_type, status, attempts, attempt_limit, delivered_at)
           VALUES ($1, $2, $3, $4, 'flag.raised', 'succeeded', 1, 4, now())`,
          [deliveryId, pid, eventId, webhookId],
        );
        return [webhookId, deliveryId];
      },
      intake: await intakeWorld(t, pid),
    };
  }

  function send(method: string, call: Call, who: Who) {
    let req = t.http[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put'](call.path);
    if (who !== 'anonymous') req = req.set(...auth[who]);
    if (call.contentType) req = req.set('content-type', call.contentType);
    return call.body === undefined ? req : req.send(call.body as object);
  }

  beforeAll(async () => {
    // Webhook targets on loopback are allowed here (no worker runs: nothing is delivered).
    t = await createTestApp({ env: { WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' } });
    routes = t.app.get(RouteTable).routes();
    const pa = await platformAdmin(t);
    auth.platformAdmin = ['authorization', pa.auth];
    let chairOfA = '';
    for (const role of ['admin', 'analyst', 'chair', 'partner', 'viewer'] as const) {
      const m = await member(t, 'cardiff', role);
      auth[role] = ['authorization', m.auth];
      if (role === 'chair') chairOfA = m.user.id;
    }
    auth.apiKey = ['x-api-key', (await apiKey(t, 'cardiff', auth.admin[1], [...SCOPES])).key];
    worldA = await world('cardiff', chairOfA);
    worldB = await world('newport', (await member(t, 'newport', 'chair')).user.id);
    // Partnership B has members, keys and an audit trail of its own.
    const bAdmin = await member(t, 'newport', 'admin');
    await apiKey(t, 'newport', bAdmin.auth, ['problems:read']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every route, and every route declares its access', () => {
    assert.ok(routes.length >= Object.keys(EXPECTED).length);
    for (const r of routes) assert.ok(r.isPublic || r.policy, `${keyOf(r)} declares neither @Allow nor @Public`);
  });

  it('has one row in the table for every route, and no row for a route that does not exist', () => {
    const served = routes.map(keyOf).sort();
    assert.deepEqual(
      served.filter((k) => !(k in EXPECTED)),
      [],
      'routes missing from EXPECTED',
    );
    assert.deepEqual(
      served.filter((k) => !(k in REQUESTS)),
      [],
      'routes missing from REQUESTS',
    );
    assert.deepEqual(
      Object.keys(EXPECTED).filter((k) => !served.includes(k)),
      [],
      'EXPECTED rows for routes that do not exist',
    );
    // The route table agrees with what Fastify actually serves.
    const fastify = t.app.getHttpAdapter().getInstance();
    for (const r of routes) assert.ok(fastify.hasRoute({ method: r.method as 'GET', url: r.path }), `${keyOf(r)} is not served`);
  });

  it("documents every route's security in the OpenAPI document", async () => {
    const doc = (await t.http.get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[]; 'x-access'?: { summary: string }; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
    };
    assert.equal(entryOf(doc.components.securitySchemes, 'bearer').scheme, 'bearer');
    assert.deepEqual([entryOf(doc.components.securitySchemes, 'apiKey').in, entryOf(doc.components.securitySchemes, 'apiKey').name], ['header', 'X-Api-Key']);
    for (const r of routes) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      assert.ok(op, `${keyOf(r)} is in the OpenAPI document`);
      if (r.isPublic) continue;
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      assert.ok(schemes.includes('bearer'), `${keyOf(r)} documents bearer auth`);
      if (r.policy?.scopes) assert.ok(schemes.includes('apiKey'), `${keyOf(r)} documents API key auth`);
      assert.ok(op['x-access']?.summary, `${keyOf(r)} documents who may call it`);
      assert.ok(op.responses['401'] && op.responses['403'], `${keyOf(r)} documents 401 and 403`);
    }
  });

  it('answers every caller on every route as the table says', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const key = keyOf(route);
      const expected = entryOf(EXPECTED, key);
      for (const [i, who] of WHO.entries()) {
        const call = await entryOf(REQUESTS, key)(worldA);
        const res = await send(route.method, call, who);
        if (res.status !== expected[i]) mismatches.push(`${key} as ${who}: expected ${expected[i]}, got ${res.status} ${JSON.stringify(res.body)}`);
        if (res.status >= 400) assert.match(String(res.headers['content-type']), /^application\/problem\+json/, `${key} as ${who}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it('answers an oversight principal 404 on every partnership-scoped route, and only aggregates outside', async () => {
    const board = await createUser(t);
    await t.db.query(`UPDATE users SET oversight_all = true WHERE id = $1`, [board.id]);
    const token = ['authorization', `Bearer ${await signIn(t, board)}`] as [string, string];
    const wrong: string[] = [];
    for (const route of routes) {
      const key = keyOf(route);
      const expected = route.partnershipScoped ? 404 : route.isPublic ? entryOf(EXPECTED, key)[0] : (OVERSIGHT_OUTSIDE[key] ?? 403);
      const call = await entryOf(REQUESTS, key)(worldA);
      let req = t.http[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put'](call.path).set(...token);
      if (call.contentType) req = req.set('content-type', call.contentType);
      const res = await (call.body === undefined ? req : req.send(call.body as object));
      if (res.status !== expected) wrong.push(`${key} as oversight: expected ${expected}, got ${res.status}`);
    }
    assert.deepEqual(wrong, []);
  });

  async function snapshotOfB(): Promise<Record<string, string>> {
    const pid = await partnershipId(t, 'newport');
    const out: Record<string, string> = {};
    for (const [table, column] of [
      ['partnerships', 'id'],
      ['agencies', 'partnership_id'],
      ['memberships', 'partnership_id'],
      ['api_keys', 'partnership_id'],
      ['audit_events', 'partnership_id'],
      ['local_authorities', 'partnership_id'],
      ['strategic_assessments', 'partnership_id'],
      ['assessment_priorities', 'partnership_id'],
      ['assessment_reviews', 'partnership_id'],
      ['control_strategies', 'partnership_id'],
      ['control_strategy_priorities', 'partnership_id'],
      ['outbox_events', 'partnership_id'],
      ['flags', 'partnership_id'],
      ['webhook_subscriptions', 'partnership_id'],
      ['webhook_deliveries', 'partnership_id'],
      ['problem_categories', 'partnership_id'],
      ['problem_reference_counters', 'partnership_id'],
      ['problems', 'partnership_id'],
      ['problem_locations', 'partnership_id'],
      ['problem_analyses', 'partnership_id'],
      ['problem_responses', 'partnership_id'],
      ['problem_evaluations', 'partnership_id'],
      ['problem_stage_changes', 'partnership_id'],
      ['tasking_groups', 'partnership_id'],
      ['tasking_group_agencies', 'partnership_id'],
      ['meetings', 'partnership_id'],
      ['meeting_attendance', 'partnership_id'],
      ['meeting_decisions', 'partnership_id'],
      ['meeting_addenda', 'partnership_id'],
      ['action_reference_counters', 'partnership_id'],
      ['actions', 'partnership_id'],
      ['action_status_changes', 'partnership_id'],
      ['engagements', 'partnership_id'],
      ['engagement_issues', 'partnership_id'],
      ['intelligence_source_counters', 'partnership_id'],
      ['intelligence_sources', 'partnership_id'],
      ['intelligence_items', 'partnership_id'],
      ['incidents', 'partnership_id'],
      ['incident_subjects', 'partnership_id'],
      ['incident_revisions', 'partnership_id'],
      ['incident_imports', 'partnership_id'],
      ['nominations', 'partnership_id'],
      ['nomination_incidents', 'partnership_id'],
      ['referrals', 'partnership_id'],
      ['intake_settings', 'partnership_id'],
      ['meeting_packs', 'partnership_id'],
      ['figure_quarters', 'partnership_id'],
    ] satisfies [string, string][]) {
      const rows = await t.db.query<{ digest: string | null; n: string }>(
        `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest, count(*) AS n FROM ${table} x WHERE ${column} = $1`,
        [pid],
      );
      out[table] = `${firstOf(rows).n}:${firstOf(rows).digest}`;
    }
    return out;
  }

  it('answers 404 to a member of A on every partnership-scoped route of B, and changes nothing in B', async () => {
    const scoped = routes.filter((r) => r.partnershipScoped);
    assert.ok(scoped.length >= 10);
    // Arrange first (the calls name fresh objects of B), then take B's picture.
    const calls = new Map<RouteInfo, Call>();
    for (const route of scoped) calls.set(route, await entryOf(REQUESTS, keyOf(route))(worldB));
    const before = await snapshotOfB();
    const wrong: string[] = [];
    for (const route of scoped) {
      const call = calls.get(route)!;
      for (const who of ['admin', 'analyst', 'chair', 'partner', 'viewer'] as const) {
        const res = await send(route.method, call, who);
        if (res.status !== 404) wrong.push(`${keyOf(route)} as A's ${who}: ${res.status}`);
      }
      // A's API key is authenticated, and B does not exist for it.
      const res = await send(route.method, call, 'apiKey');
      if (res.status !== 404) wrong.push(`${keyOf(route)} with A's API key: ${res.status}`);
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(await snapshotOfB(), before);
  });

  it("answers 404 when A's own routes name B's objects, and changes nothing in B", async () => {
    const before = await snapshotOfB();
    const bMember = await worldB.freshMember();
    const bKey = await worldB.freshApiKey();
    const bProblem = await worldB.freshProblem('response', true);
    const bClosed = await worldB.freshProblem('closed');
    const bScheduled = await worldB.freshMeeting('scheduled');
    const bAction = await worldB.freshAction();
    const bIssue = await worldB.freshIssue();
    const afterArrange = await snapshotOfB();
    const cases: [string, Call][] = [
      ['DELETE', { path: `/api/v1/partnerships/cardiff/members/${bMember}` }],
      ['DELETE', { path: `/api/v1/partnerships/cardiff/api-keys/${bKey}` }],
      ['POST', { path: '/api/v1/partnerships/cardiff/members', body: { userId: (await createUser(t)).id, role: 'partner', agencyId: worldB.agencyId } }],
      ['GET', { path: `/api/v1/partnerships/cardiff/problems/${bProblem.id}` }],
      ['PATCH', { path: `/api/v1/partnerships/cardiff/problems/${bProblem.id}`, body: { title: 'Changed from elsewhere' } }],
      ['POST', { path: `/api/v1/partnerships/cardiff/problems/${bProblem.id}/advance`, body: { to: 'assessment' } }],
      ['POST', { path: `/api/v1/partnerships/cardiff/problems/${bClosed.id}/reopen`, body: { reason: 'From elsewhere' } }],
      ['PUT', { path: `/api/v1/partnerships/cardiff/problems/${bProblem.id}/analysis`, body: { triangle: { location: 'Elsewhere' } } }],
      [
        'POST',
        {
          path: `/api/v1/partnerships/cardiff/problems/${bProblem.id}/responses`,
          body: { description: 'From elsewhere', type: 'other', ownerAgencyId: worldA.agencyId, startDate: '2026-02-01' },
        },
      ],
      ['PATCH', { path: `/api/v1/partnerships/cardiff/problems/${bProblem.id}/responses/${bProblem.responseId}`, body: { status: 'delivered' } }],
      ['GET', { path: `/api/v1/partnerships/cardiff/problems/${bProblem.id}/history` }],
      ['GET', { path: `/api/v1/partnerships/cardiff/tasking-groups/${worldB.groupId}` }],
      ['PATCH', { path: `/api/v1/partnerships/cardiff/tasking-groups/${worldB.groupId}`, body: { cadenceDays: 3 } }],
      ['POST', { path: `/api/v1/partnerships/cardiff/tasking-groups/${worldB.groupId}/meetings`, body: { scheduledFor: '2026-02-05T18:00:00Z' } }],
      ['GET', { path: `/api/v1/partnerships/cardiff/meetings/${worldB.openMeetingId}` }],
      ['POST', { path: `/api/v1/partnerships/cardiff/meetings/${bScheduled}/open` }],
      ['POST', { path: `/api/v1/partnerships/cardiff/meetings/${worldB.openMeetingId}/close` }],
      ['PUT', { path: `/api/v1/partnerships/cardiff/meetings/${worldB.openMeetingId}/attendance`, body: [{ agencyId: worldA.agencyId, status: 'present' }] }],
      ['POST', { path: `/api/v1/partnerships/cardiff/meetings/${worldB.openMeetingId}/decisions`, body: { text: 'From elsewhere' } }],
      [
        'POST',
        {
          path: `/api/v1/partnerships/cardiff/meetings/${worldB.openMeetingId}/actions`,
          body: { title: 'From elsewhere', ownerAgencyId: worldA.agencyId, dueDate: '2026-02-01' },
        },
      ],
      ['POST', { path: `/api/v1/partnerships/cardiff/meetings/${worldB.closedMeetingId}/addenda`, body: { text: 'From elsewhere' } }],
      ['GET', { path: `/api/v1/partnerships/cardiff/actions/${bAction}` }],
      ['PATCH', { path: `/api/v1/partnerships/cardiff/actions/${bAction}`, body: { status: 'done' } }],
      ['GET', { path: `/api/v1/partnerships/cardiff/engagements/${worldB.engagementId}` }],
      ['PATCH', { path: `/api/v1/partnerships/cardiff/engagements/${worldB.engagementId}`, body: { attendance: 1 } }],
      [
        'POST',
        { path: `/api/v1/partnerships/cardiff/engagements/${worldB.engagementId}/issues`, body: { category: 'environmental', whatWasSaid: 'From elsewhere' } },
      ],
      ['GET', { path: `/api/v1/partnerships/cardiff/engagement-issues/${bIssue}` }],
      ['POST', { path: `/api/v1/partnerships/cardiff/engagement-issues/${bIssue}/nominate`, body: {} }],
      ['POST', { path: `/api/v1/partnerships/cardiff/engagement-issues/${bIssue}/link`, body: { problemId: worldA.intelligenceProblemId } }],
      ['POST', { path: `/api/v1/partnerships/cardiff/engagement-issues/${bIssue}/close`, body: { reason: 'From elsewhere' } }],
      [
        'POST',
        { path: `/api/v1/partnerships/cardiff/engagement-issues/${bIssue}/answer`, body: { text: 'From elsewhere', agencyId: worldA.agencyId, publish: true } },
      ],
      ['GET', { path: `/api/v1/partnerships/cardiff/intelligence/${worldB.intelligenceId}` }],
      ['GET', { path: `/api/v1/partnerships/cardiff/intelligence-sources/${worldB.sourceId}` }],
      ['GET', { path: `/api/v1/partnerships/cardiff/problems/${worldB.intelligenceProblemId}/intelligence` }],
      ['GET', { path: `/api/v1/partnerships/cardiff/strategic-assessments/${await worldB.approvedId()}/intelligence-requirement` }],
    ];
    for (const [method, call] of cases) {
      const res = await send(method, call, 'admin');
      assert.equal(res.status, 404, `${method} ${call.path}: ${JSON.stringify(res.body)}`);
    }
    assert.deepEqual(await snapshotOfB(), afterArrange);
    assert.notDeepEqual(before, afterArrange);
  });
});
