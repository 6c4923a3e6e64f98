import { Injectable } from '@nestjs/common';
import { Clock, invalidInput, isUuid, notFound, toLondonDate, uuidv7, versionMismatch } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { requirePerson } from '../shared/actors';
import { recordAndAnnounce } from '../shared/changes';
import { AuditService } from '../audit';
import type { FlagKind } from '../flags';
import { FlagsService } from '../flags';
import { OutboxService } from '../notifications';
import { PartnershipsService } from '../partnerships';
import { applyRanks, newPriority, type PriorityInput } from './assessment-priorities';
import { ASSESSMENT_LIMITS, PESTELO_HEADINGS, type AssessmentStatus, type Pestelo, type ReviewState } from './assessment.constants';
import type { AssessmentPriority } from './assessment-priority.entity';
import { AssessmentErrors } from './assessments.errors';
import { riskScore } from './ranking';
import { nextReviewDue, reviewStateOn } from './review-schedule';
import type { StrategicAssessment } from './strategic-assessment.entity';
import { StrategicAssessmentsRepository } from './strategic-assessments.repository';

export type { PriorityInput };

export interface AssessmentView {
  assessment: StrategicAssessment;
  /** The current priorities, best rank first. */
  priorities: AssessmentPriority[];
  /** Where the review cycle stands today; null unless approved. */
  reviewState: ReviewState | null;
}

export interface AssessmentInput {
  title: string;
  periodStart: string;
  periodEnd: string;
  pestelo?: Partial<Pestelo>;
  intelligenceRequirement?: string[];
  dataSources?: string[];
  authors?: string[];
}

export type AssessmentChanges = Partial<AssessmentInput>;

export type PriorityChanges = Partial<PriorityInput>;

/** An assessment as another context (control strategies) needs it. */
export interface AssessmentStanding {
  id: string;
  status: AssessmentStatus;
  nextReviewDue: string | null;
  reviewState: ReviewState | null;
  /** Approved, and its review is overdue; or superseded. */
  stale: boolean;
}

export interface AssessmentForStrategy extends AssessmentStanding {
  /** Its current priorities (removed ones excluded). */
  priorities: { id: string; title: string; category: string; rank: number }[];
}

/** The flags of an assessment's review cycle: resolved when a review is recorded, or when it is superseded. */
export const REVIEW_FLAG_KINDS: readonly FlagKind[] = ['assessment_review_due_soon', 'assessment_review_overdue'];

const EMPTY_PESTELO = Object.fromEntries(PESTELO_HEADINGS.map((h) => [h, null])) as Pestelo;

/**
 * Strategic assessments: drafting (the assessment and its priorities),
 * approval, and what other contexts read of them. Reviews are in
 * AssessmentReviewsService.
 *
 * Rules:
 * - only drafts are edited (409 `assessment-not-draft` otherwise); an approved
 *   assessment's priorities change through a review;
 * - approval needs at least one priority (422 `assessment-has-no-priorities`)
 *   and supersedes the partnership's approved assessment in the same
 *   transaction; approvals of one partnership are serialised by an advisory
 *   lock and a partial unique index keeps at most one approved;
 * - approval sets nextReviewDue = approval date + the review interval;
 * - a superseded assessment is no longer reviewed: its open review flags
 *   are resolved in the approval's transaction.
 */
@Injectable()
export class StrategicAssessmentsService {
  constructor(
    private readonly repository: StrategicAssessmentsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly partnerships: PartnershipsService,
    private readonly flags: FlagsService,
  ) {}

  // ---- reads ------------------------------------------------------------

  async get(partnershipId: string, id: string): Promise<AssessmentView> {
    const assessment = await this.find(partnershipId, id);
    if (!assessment) throw notFound('strategic assessment');
    return this.view(assessment);
  }

  /** Newest first (by creation); optionally only one status. */
  async list(partnershipId: string, query: PageQueryDto & { status?: AssessmentStatus }): Promise<Page<AssessmentView>> {
    const page = await readPage(
      query,
      (after, limit) => this.repository.page(partnershipId, { status: query.status, afterId: after?.id, limit }),
      (r) => ({ k: r.id, id: r.id }),
      (r) => r,
    );
    const priorities = await this.repository.activePriorities(page.items.map((a) => a.id));
    const today = this.clock.today();
    return {
      items: page.items.map((assessment) => ({
        assessment,
        priorities: priorities.filter((p) => p.strategicAssessmentId === assessment.id),
        reviewState: this.reviewState(assessment, today),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async getPriority(partnershipId: string, assessmentId: string, priorityId: string): Promise<AssessmentPriority> {
    const found = await this.repository.findPriority(partnershipId, assessmentId, priorityId);
    if (!found || found.removedAt) throw notFound('priority');
    return found;
  }

  // ---- drafting ---------------------------------------------------------

  async create(partnershipId: string, input: AssessmentInput): Promise<AssessmentView> {
    checkPeriod(input.periodStart, input.periodEnd);
    const id = uuidv7();
    await this.repository.insert({
      id,
      partnershipId,
      title: input.title,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      status: 'draft',
      pestelo: { ...EMPTY_PESTELO, ...input.pestelo },
      intelligenceRequirement: input.intelligenceRequirement ?? [],
      dataSources: input.dataSources ?? [],
      authors: input.authors ?? [],
      approvedAt: null,
      approvedBy: null,
      lastReviewedAt: null,
      lastReviewedBy: null,
      reviewAnchorDate: null,
      nextReviewDue: null,
      supersededAt: null,
      supersededById: null,
    });
    await this.audit.record({
      action: 'strategic_assessment.created',
      target: { type: 'strategic_assessment', id },
      details: { title: input.title, periodStart: input.periodStart, periodEnd: input.periodEnd },
    });
    return this.get(partnershipId, id);
  }

  async update(partnershipId: string, id: string, changes: AssessmentChanges, expectedVersion?: number): Promise<AssessmentView> {
    const assessment = await this.lockDraft(partnershipId, id, expectedVersion);
    checkPeriod(changes.periodStart ?? assessment.periodStart, changes.periodEnd ?? assessment.periodEnd);
    const set: Partial<StrategicAssessment> = {};
    for (const key of ['title', 'periodStart', 'periodEnd', 'intelligenceRequirement', 'dataSources', 'authors'] as const) {
      if (changes[key] !== undefined) (set as Record<string, unknown>)[key] = changes[key];
    }
    if (changes.pestelo !== undefined) set.pestelo = { ...EMPTY_PESTELO, ...assessment.pestelo, ...changes.pestelo };
    const changed = Object.keys(set).filter((k) => JSON.stringify(set[k as keyof typeof set]) !== JSON.stringify(assessment[k as keyof StrategicAssessment]));
    if (!changed.length) return this.view(assessment);
    await this.repository.update(id, set);
    await this.audit.record({ action: 'strategic_assessment.updated', target: { type: 'strategic_assessment', id }, details: { fields: changed.sort() } });
    return this.get(partnershipId, id);
  }

  /** Adds a priority to a draft; `expectedVersion` is the assessment's. */
  async addPriority(partnershipId: string, assessmentId: string, input: PriorityInput, expectedVersion?: number): Promise<AssessmentPriority> {
    await this.lockDraft(partnershipId, assessmentId, expectedVersion);
    const count = await this.repository.countPriorities(assessmentId);
    if (count >= ASSESSMENT_LIMITS.priorities) {
      throw AssessmentErrors.tooManyPriorities.error(`An assessment holds at most ${ASSESSMENT_LIMITS.priorities} priorities.`);
    }
    const priority = await this.repository.insertPriority(newPriority(partnershipId, assessmentId, input, await this.repository.nextPrioritySeq(assessmentId)));
    await applyRanks(this.repository, assessmentId);
    await this.repository.update(assessmentId);
    await this.audit.record({
      action: 'assessment_priority.created',
      target: { type: 'assessment_priority', id: priority.id },
      details: { strategicAssessmentId: assessmentId, title: priority.title, impact: priority.impact, likelihood: priority.likelihood },
    });
    return this.getPriority(partnershipId, assessmentId, priority.id);
  }

  /** Changes a priority of a draft; `expectedVersion` is the priority's. */
  async updatePriority(
    partnershipId: string,
    assessmentId: string,
    priorityId: string,
    changes: PriorityChanges,
    expectedVersion?: number,
  ): Promise<AssessmentPriority> {
    await this.lockDraft(partnershipId, assessmentId);
    const priority = await this.getPriority(partnershipId, assessmentId, priorityId);
    if (expectedVersion !== undefined && expectedVersion !== priority.version) throw versionMismatch();
    const set: Partial<AssessmentPriority> = {};
    for (const key of ['title', 'category', 'rationale', 'evidence', 'dataSources', 'impact', 'likelihood'] as const) {
      if (changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(priority[key])) (set as Record<string, unknown>)[key] = changes[key];
    }
    if (!Object.keys(set).length) return priority;
    const impact = set.impact ?? priority.impact;
    const likelihood = set.likelihood ?? priority.likelihood;
    await this.repository.updatePriority(priorityId, { ...set, riskScore: riskScore(impact, likelihood) });
    await applyRanks(this.repository, assessmentId);
    await this.repository.update(assessmentId);
    await this.audit.record({
      action: 'assessment_priority.updated',
      target: { type: 'assessment_priority', id: priorityId },
      details: { strategicAssessmentId: assessmentId, fields: Object.keys(set).sort() },
    });
    return this.getPriority(partnershipId, assessmentId, priorityId);
  }

  /** Deletes a priority of a draft; `expectedVersion` is the priority's. */
  async deletePriority(partnershipId: string, assessmentId: string, priorityId: string, expectedVersion?: number): Promise<void> {
    await this.lockDraft(partnershipId, assessmentId);
    const priority = await this.getPriority(partnershipId, assessmentId, priorityId);
    if (expectedVersion !== undefined && expectedVersion !== priority.version) throw versionMismatch();
    await this.repository.deletePriority(priorityId);
    await applyRanks(this.repository, assessmentId);
    await this.repository.update(assessmentId);
    await this.audit.record({
      action: 'assessment_priority.deleted',
      target: { type: 'assessment_priority', id: priorityId },
      details: { strategicAssessmentId: assessmentId, title: priority.title },
    });
  }

  // ---- approval ---------------------------------------------------------

  /**
   * Approves a draft (chairs): it becomes the partnership's approved
   * assessment, the previous one is superseded, and its review cycle starts.
   */
  async approve(partnershipId: string, id: string, expectedVersion?: number): Promise<AssessmentView> {
    const approver = requirePerson('approve an assessment');
    // One approval at a time per partnership: the second waits, then supersedes the first.
    await this.repository.serialiseApprovals(partnershipId);
    // The interval the due date is computed from cannot change until this commits (settings first, then the assessment: one lock order).
    const { reviewIntervalMonths } = await this.partnerships.lockSettings(partnershipId);
    const assessment = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    if (assessment.status !== 'draft') {
      throw AssessmentErrors.assessmentNotDraft.error(`This assessment is ${assessment.status}; only a draft can be approved.`);
    }
    const n = await this.repository.countActivePriorities(id);
    if (!n) throw AssessmentErrors.assessmentHasNoPriorities.error('An assessment needs at least one priority before it can be approved.');
    const now = this.clock.now();
    const approvedOn = toLondonDate(now);
    const due = nextReviewDue(approvedOn, reviewIntervalMonths);

    const supersededIds = await this.repository.supersedeApproved(partnershipId, id, now);
    for (const previous of supersededIds) {
      await this.audit.record({
        action: 'strategic_assessment.superseded',
        target: { type: 'strategic_assessment', id: previous },
        details: { supersededById: id },
      });
    }
    // A superseded assessment has no review cycle any more: its due-soon and overdue flags close with it.
    await this.flags.resolveFor({ type: 'strategic_assessment', id: supersededIds }, { kinds: REVIEW_FLAG_KINDS, partnershipId });
    await this.repository.update(id, { status: 'approved', approvedAt: now, approvedBy: approver, reviewAnchorDate: approvedOn, nextReviewDue: due });
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'strategic_assessment.approved',
      subject: { type: 'strategic_assessment', id },
      details: { approvedOn, nextReviewDue: due, reviewIntervalMonths, supersededAssessmentId: supersededIds[0] ?? null, priorities: n },
      data: {
        strategicAssessmentId: id,
        status: 'approved',
        approvedAt: now.toISOString(),
        nextReviewDue: due,
        supersededAssessmentId: supersededIds[0] ?? null,
        link: `/api/v1/partnerships/${partnershipId}/strategic-assessments/${id}`,
      },
    });
    return this.get(partnershipId, id);
  }

  // ---- for other contexts -----------------------------------------------

  /** Status and review standing of assessments of the partnership (e.g. those control strategies rest on). */
  async standings(partnershipId: string, ids: string[]): Promise<Map<string, AssessmentStanding>> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (!wanted.length) return new Map();
    const rows = await this.repository.standingsOf(partnershipId, wanted);
    const today = this.clock.today();
    return new Map(rows.map((a) => [a.id, this.standing(a, today)]));
  }

  /** The partnership's approved assessment as it stands today (title, review state), or null when none is approved (for tasking agendas). */
  async approvedStanding(partnershipId: string): Promise<(AssessmentStanding & { title: string }) | null> {
    const assessment = await this.repository.findApproved(partnershipId);
    return assessment ? { ...this.standing(assessment, this.clock.today()), title: assessment.title } : null;
  }

  /** An assessment with its current priorities, or null when the partnership has no such assessment. */
  async forStrategy(partnershipId: string, id: string): Promise<AssessmentForStrategy | null> {
    const assessment = await this.find(partnershipId, id);
    if (!assessment) return null;
    const priorities = await this.repository.activePriorities([id]);
    return {
      ...this.standing(assessment, this.clock.today()),
      priorities: priorities.map((p) => ({ id: p.id, title: p.title, category: p.category, rank: p.rank! })),
    };
  }

  // ---- internals --------------------------------------------------------

  reviewState(assessment: Pick<StrategicAssessment, 'status' | 'nextReviewDue'>, today: string): ReviewState | null {
    return assessment.status === 'approved' && assessment.nextReviewDue ? reviewStateOn(assessment.nextReviewDue, today) : null;
  }

  /** How an assessment stands on `today` (its review state, whether it is stale), from its status and next review date. */
  standing(a: Pick<StrategicAssessment, 'id' | 'status' | 'nextReviewDue'>, today: string = this.clock.today()): AssessmentStanding {
    const reviewState = this.reviewState(a, today);
    return { id: a.id, status: a.status, nextReviewDue: a.nextReviewDue, reviewState, stale: a.status === 'superseded' || reviewState === 'overdue' };
  }

  private async view(assessment: StrategicAssessment): Promise<AssessmentView> {
    return {
      assessment,
      priorities: await this.repository.activePriorities([assessment.id]),
      reviewState: this.reviewState(assessment, this.clock.today()),
    };
  }

  private find(partnershipId: string, id: string): Promise<StrategicAssessment | null> {
    return this.repository.find(partnershipId, id);
  }

  private async lockDraft(partnershipId: string, id: string, expectedVersion?: number): Promise<StrategicAssessment> {
    const assessment = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    if (assessment.status !== 'draft') {
      throw AssessmentErrors.assessmentNotDraft.error(
        `This assessment is ${assessment.status}: only drafts are edited. An approved assessment's priorities change through a review.`,
      );
    }
    return assessment;
  }
}

function checkPeriod(periodStart: string, periodEnd: string): void {
  if (periodEnd < periodStart) throw invalidInput([{ path: 'periodEnd', message: 'periodEnd must not be before periodStart' }]);
}
