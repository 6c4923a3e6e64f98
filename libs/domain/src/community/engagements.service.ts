import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock, invalidInput, isUuid, notFound, uuidv7, type InvalidField } from '@app/core';
import { decodeCursor, pageLimit, readPage, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal, storedActor, type Actor } from '@app/core/security';
import { AuditService } from '../audit';
import { NominationsService, type NominationOrigin } from '../intake';
import type { NominationRow } from '../intake';
import { OutboxService } from '../notifications';
import { PartnershipsService } from '../partnerships';
import { ProblemCategoriesService, normaliseLocationCode, PROBLEM_LIMITS, ProblemsService, type ProblemInput } from '../problems';
import { ControlStrategiesService } from '../strategy';
import { CommunityRefusals } from './community.errors';
import { type EngagementIssueStatus, type EngagementKind } from './community.constants';
import type { Engagement, EngagementIssue } from './engagement.entity';
import { EngagementsRepository, type EngagementFilters, type IssueFilters } from './engagements.repository';
import { areaCodeError, checkAreaCode } from './intelligence.service';
import { IntelligenceRequirementService } from './intelligence-requirement.service';
import { recordAndAnnounce } from '../shared/changes';

export interface EngagementInput {
  heldOn: string;
  kind: EngagementKind;
  title: string;
  areaCodes: string[];
  attendance?: number | null;
  responseCount?: number | null;
  agencyIds?: string[];
  notes?: string | null;
}

export type EngagementChanges = Partial<EngagementInput>;

export interface IssueInput {
  category: string;
  areaCode?: string | null;
  locationLabel?: string | null;
  whatWasSaid: string;
  raisedByCount?: number;
  requirementIndex?: number | null;
  strategicAssessmentId?: string | null;
}

export interface AnswerInput {
  text: string;
  textCy?: string | null;
  agencyId: string;
  publish: boolean;
}

export interface EngagementView {
  id: string;
  heldOn: string;
  kind: EngagementKind;
  title: string;
  areaCodes: string[];
  attendance: number | null;
  responseCount: number | null;
  agencyIds: string[];
  notes: string | null;
  issueCount: number;
  recordedBy: Actor;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface IssueView {
  id: string;
  engagementId: string;
  raisedOn: string;
  category: string;
  areaCode: string;
  locationLabel: string | null;
  whatWasSaid: string;
  raisedByCount: number;
  status: EngagementIssueStatus;
  problemId: string | null;
  nominationId: string | null;
  controlStrategyPriorityId: string | null;
  closedReason: string | null;
  decidedAt: Date | null;
  strategicAssessmentId: string | null;
  requirementIndex: number | null;
  answer: {
    text: string;
    textCy: string | null;
    agencyId: string;
    answeredAt: Date;
    answeredBy: string | null;
    published: boolean;
    publishedAt: Date | null;
  } | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface EngagementDetail extends EngagementView {
  issues: IssueView[];
}

/**
 * Engagements with the community and the issues raised at them, what became
 * of each issue, and its public answer ("you said, we did").
 *
 * Rules:
 * - an engagement is recorded once held: its date is today or earlier (422
 *   `date-in-future`); its areas are ONS or local codes (400); the agencies
 *   present and the agency that answered are the partnership's (422
 *   `agency-not-in-partnership`); an issue's category is one of the
 *   partnership's problem categories (422 `unknown-category`);
 * - an open issue is nominated for tasking (an intake nomination of kind
 *   `engagement_issue`, made in the same transaction, which the tactical
 *   agenda lists among its new nominations), linked to a problem or a current
 *   priority, or closed with a reason; once decided it is not decided again
 *   (409 `engagement-issue-not-open`);
 * - the chair's decision on its nomination comes back to the issue: accepted,
 *   it gets the problem opened at scanning (source `community_engagement`,
 *   its area as the location, what was said as the description unless the
 *   nominator gave other words); merged, the problem it joined; declined, the
 *   issue is closed with the chair's reason;
 * - the answer is written for the public, in English and optionally Welsh,
 *   by an analyst or chair; publishing (or withdrawing) it is deliberate
 *   (`publish`), audited, and a publication goes to the outbox;
 * - every change moves the version (ETag; If-Match checked under the row lock)
 *   and is audited, and so is every read of one engagement or issue (what
 *   was said and where can name people).
 */
@Injectable()
export class EngagementsService implements OnModuleInit, NominationOrigin {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly repository: EngagementsRepository,
    private readonly requirement: IntelligenceRequirementService,
    private readonly partnerships: PartnershipsService,
    private readonly categories: ProblemCategoriesService,
    private readonly problems: ProblemsService,
    private readonly strategies: ControlStrategiesService,
    private readonly nominations: NominationsService,
  ) {}

  onModuleInit(): void {
    this.nominations.registerOrigin('engagement_issue', this);
  }

  // ---- engagements ------------------------------------------------------

  async create(partnershipId: string, input: EngagementInput): Promise<EngagementDetail> {
    const values = await this.checkEngagement(partnershipId, input);
    const id = uuidv7();
    const actor = actorOf(currentPrincipal());
    const row = {
      id,
      partnershipId,
      heldOn: values.heldOn!,
      kind: values.kind!,
      title: values.title!,
      areaCodes: values.areaCodes!,
      attendance: values.attendance ?? null,
      responseCount: values.responseCount ?? null,
      agencyIds: values.agencyIds ?? [],
      notes: values.notes ?? null,
      createdByType: actor.type,
      createdById: actor.id,
    };
    await this.repository.insertEngagement(row);
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'engagement.recorded',
      subject: { type: 'engagement', id },
      details: { kind: row.kind, heldOn: row.heldOn, areaCodes: row.areaCodes },
      data: { engagementId: id, kind: row.kind, heldOn: row.heldOn, areaCodes: row.areaCodes, link: `/api/v1/partnerships/${partnershipId}/engagements/${id}` },
    });
    return this.get(partnershipId, id);
  }

  /** One engagement with its issues, as a member reads it: audited (what was said can name people). */
  async read(partnershipId: string, id: string): Promise<EngagementDetail> {
    const detail = await this.get(partnershipId, id);
    await this.audit.record({ action: 'engagement.read', target: { type: 'engagement', id: detail.id }, details: { issues: detail.issues.length } });
    return detail;
  }

  /** One issue as a member reads it: audited. */
  async readIssue(partnershipId: string, id: string): Promise<IssueView> {
    const issue = await this.getIssue(partnershipId, id);
    await this.audit.record({
      action: 'engagement_issue.read',
      target: { type: 'engagement_issue', id: issue.id },
      details: { engagementId: issue.engagementId },
    });
    return issue;
  }

  async get(partnershipId: string, id: string): Promise<EngagementDetail> {
    const engagement = isUuid(id) ? await this.repository.findEngagement(partnershipId, id) : null;
    if (!engagement) throw notFound('engagement');
    const issues = await this.repository.issuesOf(engagement.id);
    return { ...engagementView(engagement, issues.length), issues: issues.map(issueView) };
  }

  async update(partnershipId: string, id: string, changes: EngagementChanges, expectedVersion?: number): Promise<EngagementDetail> {
    const engagement = await this.repository.lockEngagement(partnershipId, id, expectedVersion);
    const values = await this.checkEngagement(partnershipId, changes);
    const changed = (Object.keys(values) as (keyof EngagementInput)[]).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(engagement[k]));
    if (!changed.length) return this.get(partnershipId, engagement.id);
    const set = Object.fromEntries(changed.map((k) => [k, values[k]]));
    await this.repository.updateEngagement(engagement.id, set);
    if (changed.includes('heldOn')) await this.repository.moveIssuesDate(engagement.id, values.heldOn!);
    await this.audit.record({ action: 'engagement.updated', target: { type: 'engagement', id: engagement.id }, details: { fields: changed.sort() } });
    return this.get(partnershipId, engagement.id);
  }

  /** Latest first; filters combine. */
  async list(partnershipId: string, query: PageQueryDto & EngagementFilters): Promise<Page<EngagementView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const filters = { ...query, areaCode: query.areaCode ? checkAreaCode('areaCode', query.areaCode)! : undefined };
    const rows = await this.repository.listEngagements(partnershipId, filters, {
      after: after ? { heldOn: String(after.k), id: after.id } : undefined,
      limit: limit + 1,
    });
    const counts = await this.repository.issueCountsOf(rows.map((r) => r.id));
    return toPage(
      rows,
      limit,
      (r) => ({ k: r.heldOn, id: r.id }),
      (r) => engagementView(r, counts.get(r.id) ?? 0),
    );
  }

  // ---- issues -----------------------------------------------------------

  async addIssue(partnershipId: string, engagementId: string, input: IssueInput): Promise<IssueView> {
    const engagement = await this.repository.lockEngagement(partnershipId, engagementId);
    const whatWasSaid = input.whatWasSaid.trim();
    if (!whatWasSaid) throw invalidInput([{ path: 'whatWasSaid', message: 'whatWasSaid must not be empty' }]);
    if (!(await this.categories.exists(partnershipId, input.category))) throw CommunityRefusals.unknownCategory(input.category);
    const areaCode = checkAreaCode('areaCode', input.areaCode) ?? engagement.areaCodes[0];
    if (!areaCode) throw invalidInput([{ path: 'areaCode', message: 'give an area code: the engagement names none' }]);
    const link = await this.requirement.resolveLink(partnershipId, input.requirementIndex, input.strategicAssessmentId);
    const id = uuidv7();
    const actor = actorOf(currentPrincipal());
    await this.repository.insertIssue({
      id,
      partnershipId,
      engagementId: engagement.id,
      raisedOn: engagement.heldOn,
      category: input.category,
      areaCode,
      locationLabel: input.locationLabel?.trim() || null,
      whatWasSaid,
      raisedByCount: input.raisedByCount ?? 1,
      status: 'open',
      problemId: null,
      nominationId: null,
      controlStrategyPriorityId: null,
      closedReason: null,
      ...link,
      decidedAt: null,
      answerText: null,
      answerTextCy: null,
      answerAgencyId: null,
      answeredAt: null,
      answeredBy: null,
      publishedAt: null,
      createdByType: actor.type,
      createdById: actor.id,
    });
    await this.repository.updateEngagement(engagement.id, {});
    await this.audit.record({
      action: 'engagement_issue.recorded',
      target: { type: 'engagement_issue', id },
      details: { engagementId: engagement.id, category: input.category, areaCode, raisedByCount: input.raisedByCount ?? 1 },
    });
    return this.getIssue(partnershipId, id);
  }

  async getIssue(partnershipId: string, id: string): Promise<IssueView> {
    const issue = isUuid(id) ? await this.repository.findIssue(partnershipId, id) : null;
    if (!issue) throw notFound('engagement issue');
    return issueView(issue);
  }

  async listIssues(partnershipId: string, query: PageQueryDto & IssueFilters): Promise<Page<IssueView>> {
    return readPage(
      query,
      (after, limit) => {
        const filters = { ...query, areaCode: query.areaCode ? checkAreaCode('areaCode', query.areaCode)! : undefined };
        return this.repository.listIssues(partnershipId, filters, { beforeId: after?.id, limit });
      },
      (r) => ({ k: r.id, id: r.id }),
      issueView,
    );
  }

  /**
   * Nominates an open issue for tasking: an intake nomination of kind
   * `engagement_issue` (audited, `nomination.created` sent), on the agenda's
   * new nominations until the chair decides it in a meeting.
   */
  async nominate(
    partnershipId: string,
    id: string,
    input: { title?: string | null; description?: string | null },
    expectedVersion?: number,
  ): Promise<IssueView> {
    const issue = await this.lockOpen(partnershipId, id, expectedVersion);
    const title = (input.title?.trim() || `${await this.categoryName(partnershipId, issue.category)} raised by residents (${issue.areaCode})`).slice(
      0,
      PROBLEM_LIMITS.title,
    );
    const nomination = await this.nominations.raise(partnershipId, {
      kind: 'engagement_issue',
      causeKey: issue.id,
      on: issue.raisedOn,
      title,
      category: issue.category,
      location: {
        lsoaCode: /^[EW]01\d{6}$/.test(issue.areaCode) ? issue.areaCode : null,
        wardCode: /^[EW]05\d{6}$/.test(issue.areaCode) ? issue.areaCode : null,
        label: issue.locationLabel ?? issue.areaCode,
      },
      description: input.description?.trim() || null,
      engagementIssueId: issue.id,
    });
    await this.decide(issue, { status: 'nominated', nominationId: nomination.id }, 'engagement_issue.nominated');
    return this.getIssue(partnershipId, issue.id);
  }

  /** The problem the chair's acceptance of an issue's nomination opens (NominationOrigin). */
  async problemFor(partnershipId: string, nomination: NominationRow): Promise<ProblemInput> {
    const issue = nomination.engagementIssueId ? await this.repository.findIssue(partnershipId, nomination.engagementIssueId) : null;
    if (!issue) throw notFound('engagement issue');
    return {
      title: nomination.title,
      description: nomination.description ?? issue.whatWasSaid,
      category: issue.category,
      source: 'community_engagement',
      locations: [{ code: issue.areaCode, label: issue.locationLabel ?? issue.areaCode }],
    };
  }

  /** The chair's decision on an issue's nomination, brought back to the issue in the decision's transaction (NominationOrigin). */
  async decided(partnershipId: string, nomination: NominationRow, outcome: { state: string; problemId: string | null; reason: string | null }): Promise<void> {
    const issue = nomination.engagementIssueId ? await this.repository.lockIssueIfAny(partnershipId, nomination.engagementIssueId) : null;
    if (!issue) return;
    const set: Partial<EngagementIssue> =
      outcome.state === 'declined'
        ? { status: 'closed', closedReason: `Nomination declined at tasking: ${outcome.reason ?? 'no reason given'}` }
        : { problemId: outcome.problemId };
    await this.repository.updateIssue(issue.id, set);
    await this.audit.record({
      action: 'engagement_issue.nomination_decided',
      target: { type: 'engagement_issue', id: issue.id },
      details: { nominationId: nomination.id, state: outcome.state, problemId: outcome.problemId },
    });
  }

  /** Links an open issue to a problem of the partnership and/or a priority of the current control strategy. */
  async link(
    partnershipId: string,
    id: string,
    input: { problemId?: string | null; priorityId?: string | null },
    expectedVersion?: number,
  ): Promise<IssueView> {
    if (!input.problemId && !input.priorityId) throw CommunityRefusals.linkNeedsTarget();
    const issue = await this.lockOpen(partnershipId, id, expectedVersion);
    let problemId: string | null = null;
    if (input.problemId) {
      const [found] = await this.problems.references(partnershipId, [input.problemId]);
      if (!found) throw CommunityRefusals.unknownProblem(input.problemId);
      problemId = found.id;
    }
    let priorityId: string | null = null;
    if (input.priorityId) {
      const current = await this.strategies.findCurrentPriority(partnershipId, input.priorityId.toLowerCase());
      if (!current) throw CommunityRefusals.priorityNotCurrent(input.priorityId);
      priorityId = current.id;
    }
    await this.decide(issue, { status: 'linked', problemId, controlStrategyPriorityId: priorityId }, 'engagement_issue.linked');
    return this.getIssue(partnershipId, issue.id);
  }

  async close(partnershipId: string, id: string, reason: string, expectedVersion?: number): Promise<IssueView> {
    const text = reason.trim();
    if (!text) throw invalidInput([{ path: 'reason', message: 'reason must not be empty' }]);
    const issue = await this.lockOpen(partnershipId, id, expectedVersion);
    await this.decide(issue, { status: 'closed', closedReason: text }, 'engagement_issue.closed');
    return this.getIssue(partnershipId, issue.id);
  }

  /**
   * Records (or replaces) the public answer and publishes or withdraws it.
   * A publication (not yet published, now published) goes to the outbox as
   * `you_said_we_did.published`.
   */
  async answer(partnershipId: string, id: string, input: AnswerInput, expectedVersion?: number): Promise<IssueView> {
    const issue = await this.lock(partnershipId, id, expectedVersion);
    const text = input.text.trim();
    const textCy = input.textCy?.trim() || null;
    if (!text) throw invalidInput([{ path: 'text', message: 'text must not be empty' }]);
    const agencyId = input.agencyId.toLowerCase();
    if (!(await this.partnerships.agencyIdsOf(partnershipId, [agencyId])).size) throw CommunityRefusals.agencyNotInPartnership([input.agencyId]);
    const principal = currentPrincipal();
    const now = this.clock.now();
    const publishedAt = input.publish ? (issue.publishedAt ?? now) : null;
    await this.repository.updateIssue(issue.id, {
      answerText: text,
      answerTextCy: textCy,
      answerAgencyId: agencyId,
      answeredAt: now,
      answeredBy: principal?.kind === 'user' ? (principal.userId ?? null) : null,
      publishedAt,
    });
    const published = publishedAt !== null && issue.publishedAt === null;
    const withdrawn = publishedAt === null && issue.publishedAt !== null;
    await this.audit.record({
      action: published ? 'engagement_issue.answer_published' : withdrawn ? 'engagement_issue.answer_withdrawn' : 'engagement_issue.answered',
      target: { type: 'engagement_issue', id: issue.id },
      details: { agencyId, welsh: textCy !== null, published: publishedAt !== null },
    });
    if (published) {
      await this.outbox.add({
        type: 'you_said_we_did.published',
        subject: { type: 'engagement_issue', id: issue.id },
        data: {
          engagementIssueId: issue.id,
          engagementId: issue.engagementId,
          areaCode: issue.areaCode,
          category: issue.category,
          agencyId,
          month: issue.raisedOn.slice(0, 7),
        },
      });
    }
    return this.getIssue(partnershipId, issue.id);
  }

  // ---- internals --------------------------------------------------------

  private async checkEngagement(partnershipId: string, input: EngagementChanges): Promise<EngagementChanges> {
    const out: EngagementChanges = {};
    const errors: InvalidField[] = [];
    if (input.heldOn !== undefined) {
      const today = this.clock.today();
      if (input.heldOn > today) throw CommunityRefusals.dateInFuture('heldOn', input.heldOn, today);
      out.heldOn = input.heldOn;
    }
    if (input.kind !== undefined) out.kind = input.kind;
    if (input.title !== undefined) {
      out.title = input.title.trim();
      if (!out.title) errors.push({ path: 'title', message: 'title must not be empty' });
    }
    if (input.areaCodes !== undefined) {
      const codes: string[] = [];
      input.areaCodes.forEach((c, i) => {
        const wrong = areaCodeError(`areaCodes[${i}]`, c);
        if (wrong) errors.push(wrong);
        else if (!codes.includes(normaliseLocationCode(c))) codes.push(normaliseLocationCode(c));
      });
      if (!codes.length && !errors.length) errors.push({ path: 'areaCodes', message: 'give at least one area code' });
      out.areaCodes = codes;
    }
    if (errors.length) throw invalidInput(errors);
    if (input.attendance !== undefined) out.attendance = input.attendance;
    if (input.responseCount !== undefined) out.responseCount = input.responseCount;
    if (input.notes !== undefined) out.notes = input.notes?.trim() || null;
    if (input.agencyIds !== undefined) {
      const ids = [...new Set(input.agencyIds.map((a) => a.toLowerCase()))].sort();
      const known = await this.partnerships.agencyIdsOf(partnershipId, ids);
      const unknown = ids.filter((a) => !known.has(a));
      if (unknown.length) throw CommunityRefusals.agencyNotInPartnership(unknown);
      out.agencyIds = ids;
    }
    return out;
  }

  private lock(partnershipId: string, id: string, expectedVersion?: number): Promise<EngagementIssue> {
    return this.repository.lockIssue(partnershipId, id, expectedVersion);
  }

  private async lockOpen(partnershipId: string, id: string, expectedVersion?: number): Promise<EngagementIssue> {
    const issue = await this.lock(partnershipId, id, expectedVersion);
    if (issue.status !== 'open') throw CommunityRefusals.issueNotOpen(issue.status);
    return issue;
  }

  private async decide(issue: EngagementIssue, set: Partial<EngagementIssue>, action: string): Promise<void> {
    await this.repository.updateIssue(issue.id, { ...set, decidedAt: this.clock.now() });
    await this.audit.record({
      action,
      target: { type: 'engagement_issue', id: issue.id },
      details: {
        problemId: set.problemId ?? null,
        nominationId: set.nominationId ?? null,
        controlStrategyPriorityId: set.controlStrategyPriorityId ?? null,
        reason: set.closedReason !== undefined,
      },
    });
  }

  private async categoryName(partnershipId: string, slug: string): Promise<string> {
    const page = await this.categories.list(partnershipId, { limit: 100 });
    return page.items.find((c) => c.slug === slug)?.name ?? slug;
  }
}

export function engagementView(e: Engagement, issueCount: number): EngagementView {
  return {
    id: e.id,
    heldOn: e.heldOn,
    kind: e.kind,
    title: e.title,
    areaCodes: e.areaCodes,
    attendance: e.attendance,
    responseCount: e.responseCount,
    agencyIds: e.agencyIds,
    notes: e.notes,
    issueCount,
    recordedBy: storedActor(e.createdByType, e.createdById),
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function issueView(i: EngagementIssue): IssueView {
  return {
    id: i.id,
    engagementId: i.engagementId,
    raisedOn: i.raisedOn,
    category: i.category,
    areaCode: i.areaCode,
    locationLabel: i.locationLabel,
    whatWasSaid: i.whatWasSaid,
    raisedByCount: i.raisedByCount,
    status: i.status,
    problemId: i.problemId,
    nominationId: i.nominationId,
    controlStrategyPriorityId: i.controlStrategyPriorityId,
    closedReason: i.closedReason,
    decidedAt: i.decidedAt,
    strategicAssessmentId: i.strategicAssessmentId,
    requirementIndex: i.requirementIndex,
    answer:
      i.answerText === null
        ? null
        : {
            text: i.answerText,
            textCy: i.answerTextCy,
            agencyId: i.answerAgencyId!,
            answeredAt: i.answeredAt!,
            answeredBy: i.answeredBy,
            published: i.publishedAt !== null,
            publishedAt: i.publishedAt,
          },
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}
