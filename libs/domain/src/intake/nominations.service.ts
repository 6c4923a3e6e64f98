import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock, invalidInput, isUuid, notFound } from '@app/core';
import { readCreatedPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal } from '@app/core/security';
import { requirePerson } from '../shared/actors';
import { recordAndAnnounce } from '../shared/changes';
import { AuditService } from '../audit';
import { OutboxService } from '../notifications';
import { ProblemErrors, ProblemsService, type ProblemInput } from '../problems';
import { AgendaExtensions, MeetingsService } from '../tasking';
import {
  categoryEntry,
  DECISION_STATE,
  type NominationDecision,
  type NominationKind,
  type NominationState,
  type ScannedNominationKind,
} from './intake.constants';
import { IntakeErrors } from './intake.errors';
import { NominationsRepository, type NominationRow } from './nominations.repository';

export interface NominationQuery extends PageQueryDto {
  kind?: NominationKind;
  state?: NominationState;
  /** Only these ids (UUIDs). */
  id?: string[];
}

export interface NominationView extends NominationRow {
  evidence: { incidentCount: number; byCategory: Record<string, number> };
}

export interface NominationDecisionInput {
  decision: NominationDecision;
  reason?: string | null;
  problemId?: string | null;
  /** The problem category an accepted nomination opens under (default: the catalogue's for its incident category). */
  category?: string | null;
}

/**
 * Another context whose records become nominations of one kind (the
 * community context: issues raised at engagements). It says what problem an
 * accepted nomination opens, and hears every decision, in the decision's
 * transaction, so its own record follows the nomination.
 */
export interface NominationOrigin {
  problemFor(partnershipId: string, nomination: NominationRow): Promise<ProblemInput>;
  decided(
    partnershipId: string,
    nomination: NominationRow,
    outcome: { state: NominationState; problemId: string | null; reason: string | null },
  ): Promise<void>;
}

/** A nomination made by a person's action in another context: one per cause (`causeKey`), dated the day of its cause. */
export interface RaisedNomination {
  kind: Exclude<NominationKind, ScannedNominationKind | 'referral'>;
  causeKey: string;
  on: string;
  title: string;
  category: string;
  location: NominationRow['location'];
  description: string | null;
  engagementIssueId: string | null;
}

export interface NominationDecisionResult {
  nomination: NominationView;
  meetingDecisionId: string;
  problemId: string | null;
}

/**
 * Nominations: what the repeat scanners found and the referrals logged,
 * listed, put on the agenda, and decided by the chair in a meeting.
 *
 * Rules:
 * - a nomination is decided once (409 `nomination-decided`), in an open
 *   meeting of the partnership (404 for another's; 409 `meeting-not-open`,
 *   `meeting-closed`), by a person (403 for API keys): the chair or deputy
 *   chair of the meeting's tasking group or a partnership admin (403 for
 *   anyone else, another group's chair included);
 * - accept opens a problem at scanning (source `referral` for referrals,
 *   otherwise `monitoring`) with the nomination's location, linked to it
 *   and so to its evidence; the category is the catalogue's problem category
 *   of the incident category unless one is given (422 `category-required`);
 *   a kind raised by another context (`engagement_issue`) opens the problem
 *   its origin describes (source `community_engagement`), and the origin
 *   hears every decision in the same transaction;
 * - decline needs a reason (400); merge names a problem of the
 *   partnership that is not closed (422 `unknown-problem`, `problem-closed`);
 * - each decision is a meeting decision in the minutes, audited, with a
 *   `nomination.decided` event, in one transaction.
 */
@Injectable()
export class NominationsService implements OnModuleInit {
  private readonly origins = new Map<NominationKind, NominationOrigin>();

  constructor(
    private readonly repo: NominationsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly problems: ProblemsService,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaExtensions,
  ) {}

  onModuleInit(): void {
    this.agenda.onNominations(async (partnershipId, limit) =>
      (await this.repo.open(partnershipId, limit)).map((n) => ({
        type: 'nomination' as const,
        id: n.id,
        kind: n.kind,
        title: n.title,
        category: n.category,
        evidenceCount: n.evidenceCount,
        windowStart: n.windowStart,
        windowEnd: n.windowEnd,
        raisedAt: new Date(n.createdAt).toISOString(),
      })),
    );
  }

  /** Registers the context whose records become nominations of `kind`. */
  registerOrigin(kind: RaisedNomination['kind'], origin: NominationOrigin): void {
    this.origins.set(kind, origin);
  }

  /** A nomination made by another context, audited, with its nomination.created event, in the caller's transaction. */
  async raise(partnershipId: string, input: RaisedNomination): Promise<NominationView> {
    const id = await this.repo.insert(
      partnershipId,
      {
        kind: input.kind,
        causeKey: input.causeKey,
        windowStart: input.on,
        windowEnd: input.on,
        title: input.title,
        category: input.category,
        location: input.location,
        referralId: null,
        engagementIssueId: input.engagementIssueId,
        description: input.description,
        data: {},
      },
      this.clock.now(),
    );
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'nomination.created',
      subject: { type: 'nomination', id },
      details: { kind: input.kind, category: input.category, engagementIssueId: input.engagementIssueId },
      data: {
        nominationId: id,
        kind: input.kind,
        state: 'open',
        category: input.category,
        evidenceCount: 0,
        engagementIssueId: input.engagementIssueId,
        link: `/api/v1/partnerships/${partnershipId}/nominations/${id}`,
      },
    });
    return this.get(partnershipId, id);
  }

  async list(partnershipId: string, query: NominationQuery): Promise<Page<NominationView>> {
    const page = await readCreatedPage(
      query,
      (after, limit) => this.repo.list(partnershipId, { kind: query.kind, state: query.state, ids: query.id?.map((id) => id.toLowerCase()), limit, after }),
      (r) => r,
    );
    const counts = await this.repo.evidenceByCategory(page.items.map((n) => n.id));
    return { items: page.items.map((n) => withEvidence(n, counts.get(n.id))), nextCursor: page.nextCursor };
  }

  async get(partnershipId: string, id: string): Promise<NominationView> {
    const row = isUuid(id) ? await this.repo.find(partnershipId, id.toLowerCase()) : null;
    if (!row) throw notFound('nomination');
    return withEvidence(row, (await this.repo.evidenceByCategory([row.id])).get(row.id));
  }

  async decide(
    partnershipId: string,
    meetingId: string,
    nominationId: string,
    input: NominationDecisionInput,
    expectedVersion?: number,
  ): Promise<NominationDecisionResult> {
    requirePerson('decide a nomination');
    await this.meetings.requireChair(partnershipId, meetingId, 'decide nominations in its meetings');
    const nomination = await this.repo.lockForChange(partnershipId, nominationId, expectedVersion);
    if (nomination.state !== 'open') {
      throw IntakeErrors.nominationDecided.error(`The nomination was ${nomination.state} already.`, {
        state: nomination.state,
        problemId: nomination.problemId,
      });
    }
    const reason = input.reason?.trim() || null;
    let problemId: string | null = null;
    let text: string;
    if (input.decision === 'decline') {
      if (!reason) throw invalidInput([{ path: 'reason', message: 'a declined nomination needs a reason' }]);
      text = `Nomination declined: ${nomination.title}. Reason: ${reason}`;
    } else if (input.decision === 'merge') {
      if (!input.problemId) throw invalidInput([{ path: 'problemId', message: 'merge names the problem it joins' }]);
      const [problem] = await this.problems.references(partnershipId, [input.problemId]);
      if (!problem) throw ProblemErrors.unknownProblem.error('No such problem in this partnership.', { problemId: input.problemId });
      if (problem.stage === 'closed')
        throw ProblemErrors.problemClosed.error(`${problem.reference} is closed: reopen it first, or accept the nomination as a new problem.`);
      problemId = problem.id;
      text = `Nomination merged into ${problem.reference}: ${nomination.title}${reason ? `. ${reason}` : ''}`;
    } else {
      if (input.problemId) throw invalidInput([{ path: 'problemId', message: 'problemId goes with merge; accept opens a new problem' }]);
      const origin = this.origins.get(nomination.kind);
      const opened = origin ? await origin.problemFor(partnershipId, nomination) : intakeProblem(nomination, reason);
      const category = input.category ?? opened.category;
      if (!category) throw IntakeErrors.categoryRequired.error();
      const created = await this.problems.create(partnershipId, { ...opened, category });
      problemId = created.id;
      text = `Nomination accepted as ${created.reference}: ${nomination.title}`;
    }
    const decision = await this.meetings.addDecision(partnershipId, meetingId, { text: text.slice(0, 5000), problemId });
    const actor = actorOf(currentPrincipal());
    const state = DECISION_STATE[input.decision];
    await this.repo.decide(nomination.id, {
      state,
      decidedByType: actor.type,
      decidedById: actor.id,
      meetingId: meetingId.toLowerCase(),
      meetingDecisionId: decision.id,
      reason,
      problemId,
      now: this.clock.now(),
    });
    await this.origins.get(nomination.kind)?.decided(partnershipId, nomination, { state, problemId, reason });
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'nomination.decided',
      subject: { type: 'nomination', id: nomination.id },
      details: { decision: input.decision, meetingId: meetingId.toLowerCase(), meetingDecisionId: decision.id, problemId },
      data: {
        nominationId: nomination.id,
        kind: nomination.kind,
        state,
        decision: input.decision,
        meetingId: meetingId.toLowerCase(),
        problemId,
        link: `/api/v1/partnerships/${partnershipId}/nominations/${nomination.id}`,
      },
    });
    return { nomination: await this.get(partnershipId, nomination.id), meetingDecisionId: decision.id, problemId };
  }
}

/** The problem an accepted repeat, exception or referral opens: at its location, described by its evidence (category '' when the catalogue has none). */
function intakeProblem(nomination: NominationRow, reason: string | null): ProblemInput {
  const loc = nomination.location;
  return {
    title: nomination.title,
    description: `Nominated by ${nomination.kind === 'referral' ? 'a referral' : `the ${nomination.kind.replace('_', ' ')} scanner`}: ${nomination.evidenceCount} incident(s) from ${nomination.windowStart} to ${nomination.windowEnd}. Nomination ${nomination.id}.${reason ? ` ${reason}` : ''}`,
    category: (nomination.category ? categoryEntry(nomination.category)?.problemCategory : null) ?? '',
    source: nomination.kind === 'referral' ? 'referral' : 'monitoring',
    locations: [
      {
        code: loc?.lsoaCode ?? loc?.wardCode ?? null,
        label: String(loc?.label ?? loc?.lsoaCode ?? "Location not recorded (see the nomination's incidents)").slice(0, 200),
        lat: typeof loc?.lat === 'number' || typeof loc?.lat === 'string' ? Number(loc.lat) : null,
        lng: typeof loc?.lng === 'number' || typeof loc?.lng === 'string' ? Number(loc.lng) : null,
      },
    ],
  };
}

function withEvidence(n: NominationRow, byCategory: Record<string, number> | undefined): NominationView {
  return { ...n, evidence: { incidentCount: n.evidenceCount, byCategory: byCategory ?? {} } };
}
