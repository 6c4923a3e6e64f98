import { Injectable } from '@nestjs/common';
import {
  Clock,
  ConflictProblem,
  NotFoundProblem,
  PreconditionFailedProblem,
  RuleViolation,
  TransactionHost,
  ValidationProblem,
  isUuid,
  toLondonDate,
  uuidv7,
} from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { requirePerson } from '../shared/actors';
import { AuditService } from '../audit/audit.service';
import type { FlagKind } from '../flags/flag-kinds';
import { FlagsService } from '../flags/flags.service';
import { OutboxService } from '../notifications/outbox.service';
import { PartnershipsService } from '../partnerships/partnerships.service';
import { activePriorities, applyRanks, nextPrioritySeq } from './assessment-priorities';
import { ASSESSMENT_LIMITS, PESTELO_HEADINGS, type AssessmentStatus, type Pestelo, type ReviewState } from './assessment.constants';
import { AssessmentPriority } from './assessment-priority.entity';
import { riskScore } from './ranking';
import { nextReviewDue, reviewStateOn } from './review-schedule';
import { StrategicAssessment } from './strategic-assessment.entity';

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

export interface PriorityInput {
  title: string;
  category: string;
  rationale?: string | null;
  evidence?: string | null;
  dataSources?: string[];
  impact: number;
  likelihood: number;
}

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
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly partnerships: PartnershipsService,
    private readonly flags: FlagsService,
  ) {}

  // ---- reads ------------------------------------------------------------

  async get(partnershipId: string, id: string): Promise<AssessmentView> {
    const assessment = await this.find(partnershipId, id);
    if (!assessment) throw new NotFoundProblem('strategic assessment');
    return this.view(assessment);
  }

  /** Newest first (by creation); optionally only one status. */
  async list(partnershipId: string, query: PageQueryDto & { status?: AssessmentStatus }): Promise<Page<AssessmentView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager
      .getRepository(StrategicAssessment)
      .createQueryBuilder('a')
      .where('a.partnership_id = :partnershipId', { partnershipId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    // UUIDv7 ids sort by creation time: the id alone is the keyset.
    if (after) qb.andWhere('a.id < :id', { id: after.id });
    const rows = await qb.orderBy('a.id', 'DESC').limit(limit + 1).getMany();
    const page = toPage(rows, limit, (r) => ({ k: r.id, id: r.id }), (r) => r);
    const priorities = await activePriorities(this.tx.manager, page.items.map((a) => a.id));
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
    const found =
      isUuid(assessmentId) && isUuid(priorityId)
        ? await this.tx.manager.getRepository(AssessmentPriority).findOneBy({ id: priorityId, strategicAssessmentId: assessmentId, partnershipId })
        : null;
    if (!found || found.removedAt) throw new NotFoundProblem('priority');
    return found;
  }

  // ---- drafting ---------------------------------------------------------

  async create(partnershipId: string, input: AssessmentInput): Promise<AssessmentView> {
    checkPeriod(input.periodStart, input.periodEnd);
    const repo = this.tx.manager.getRepository(StrategicAssessment);
    const assessment = await repo.save(
      repo.create({
        id: uuidv7(),
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
      }),
    );
    await this.audit.record({
      action: 'strategic_assessment.created',
      target: { type: 'strategic_assessment', id: assessment.id },
      details: { title: assessment.title, periodStart: assessment.periodStart, periodEnd: assessment.periodEnd },
    });
    return this.get(partnershipId, assessment.id);
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
    await this.bump(id, set);
    await this.audit.record({ action: 'strategic_assessment.updated', target: { type: 'strategic_assessment', id }, details: { fields: changed.sort() } });
    return this.get(partnershipId, id);
  }

  /** Adds a priority to a draft; `expectedVersion` is the assessment's. */
  async addPriority(partnershipId: string, assessmentId: string, input: PriorityInput, expectedVersion?: number): Promise<AssessmentPriority> {
    await this.lockDraft(partnershipId, assessmentId, expectedVersion);
    const m = this.tx.manager;
    const count = await m.getRepository(AssessmentPriority).countBy({ strategicAssessmentId: assessmentId });
    if (count >= ASSESSMENT_LIMITS.priorities) {
      throw new RuleViolation('too-many-priorities', `An assessment holds at most ${ASSESSMENT_LIMITS.priorities} priorities.`);
    }
    const priority = await this.insertPriority(partnershipId, assessmentId, input, await nextPrioritySeq(m, assessmentId));
    await applyRanks(m, assessmentId);
    await this.bump(assessmentId, {});
    await this.audit.record({
      action: 'assessment_priority.created',
      target: { type: 'assessment_priority', id: priority.id },
      details: { strategicAssessmentId: assessmentId, title: priority.title, impact: priority.impact, likelihood: priority.likelihood },
    });
    return this.getPriority(partnershipId, assessmentId, priority.id);
  }

  /** Changes a priority of a draft; `expectedVersion` is the priority's. */
  async updatePriority(partnershipId: string, assessmentId: string, priorityId: string, changes: PriorityChanges, expectedVersion?: number): Promise<AssessmentPriority> {
    await this.lockDraft(partnershipId, assessmentId);
    const priority = await this.getPriority(partnershipId, assessmentId, priorityId);
    if (expectedVersion !== undefined && expectedVersion !== priority.version) throw new PreconditionFailedProblem();
    const set: Partial<AssessmentPriority> = {};
    for (const key of ['title', 'category', 'rationale', 'evidence', 'dataSources', 'impact', 'likelihood'] as const) {
      if (changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(priority[key])) (set as Record<string, unknown>)[key] = changes[key];
    }
    if (!Object.keys(set).length) return priority;
    const impact = set.impact ?? priority.impact;
    const likelihood = set.likelihood ?? priority.likelihood;
    await this.tx.manager
      .createQueryBuilder()
      .update(AssessmentPriority)
      .set({ ...set, riskScore: riskScore(impact, likelihood), version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :priorityId', { priorityId })
      .execute();
    await applyRanks(this.tx.manager, assessmentId);
    await this.bump(assessmentId, {});
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
    if (expectedVersion !== undefined && expectedVersion !== priority.version) throw new PreconditionFailedProblem();
    await this.tx.manager.getRepository(AssessmentPriority).delete({ id: priorityId });
    await applyRanks(this.tx.manager, assessmentId);
    await this.bump(assessmentId, {});
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
    const m = this.tx.manager;
    // One approval at a time per partnership: the second waits, then supersedes the first.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('strategic_assessments.approve'), hashtext($1))`, [partnershipId]);
    // The interval the due date is computed from cannot change until this commits (settings first, then the assessment: one lock order).
    const { reviewIntervalMonths } = await this.partnerships.lockSettings(partnershipId);
    const assessment = await this.lock(partnershipId, id, expectedVersion);
    if (assessment.status !== 'draft') {
      throw new ConflictProblem('assessment-not-draft', `This assessment is ${assessment.status}; only a draft can be approved.`);
    }
    const [{ n }] = await m.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM assessment_priorities WHERE strategic_assessment_id = $1 AND removed_at IS NULL',
      [id],
    );
    if (!n) throw new RuleViolation('assessment-has-no-priorities', 'An assessment needs at least one priority before it can be approved.');
    const now = this.clock.now();
    const approvedOn = toLondonDate(now);
    const due = nextReviewDue(approvedOn, reviewIntervalMonths);

    const superseded = await m
      .createQueryBuilder()
      .update(StrategicAssessment)
      .set({ status: 'superseded', supersededAt: now, supersededById: id, nextReviewDue: null, reviewAnchorDate: null, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where(`partnership_id = :partnershipId AND status = 'approved'`, { partnershipId })
      .returning(['id'])
      .execute();
    const supersededIds = (superseded.raw as { id: string }[]).map((r) => r.id);
    for (const previous of supersededIds) {
      await this.audit.record({
        action: 'strategic_assessment.superseded',
        target: { type: 'strategic_assessment', id: previous },
        details: { supersededById: id },
      });
    }
    // A superseded assessment has no review cycle any more: its due-soon and overdue flags close with it.
    await this.flags.resolveFor({ type: 'strategic_assessment', id: supersededIds }, { kinds: REVIEW_FLAG_KINDS, partnershipId });
    await this.bump(id, { status: 'approved', approvedAt: now, approvedBy: approver, reviewAnchorDate: approvedOn, nextReviewDue: due });
    await this.audit.record({
      action: 'strategic_assessment.approved',
      target: { type: 'strategic_assessment', id },
      details: { approvedOn, nextReviewDue: due, reviewIntervalMonths, supersededAssessmentId: supersededIds[0] ?? null, priorities: n },
    });
    await this.outbox.add({
      type: 'strategic_assessment.approved',
      subject: { type: 'strategic_assessment', id },
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
    const rows = await this.tx.manager
      .getRepository(StrategicAssessment)
      .createQueryBuilder('a')
      .select(['a.id', 'a.status', 'a.nextReviewDue'])
      .where('a.partnership_id = :partnershipId AND a.id = ANY(:wanted)', { partnershipId, wanted })
      .getMany();
    const today = this.clock.today();
    return new Map(rows.map((a) => [a.id, this.standing(a, today)]));
  }

  /** The partnership's approved assessment as it stands today (title, review state), or null when none is approved (for tasking agendas). */
  async approvedStanding(partnershipId: string): Promise<(AssessmentStanding & { title: string }) | null> {
    const assessment = await this.tx.manager.getRepository(StrategicAssessment).findOneBy({ partnershipId, status: 'approved' });
    return assessment ? { ...this.standing(assessment, this.clock.today()), title: assessment.title } : null;
  }

  /** An assessment with its current priorities, or null when the partnership has no such assessment. */
  async forStrategy(partnershipId: string, id: string): Promise<AssessmentForStrategy | null> {
    const assessment = await this.find(partnershipId, id);
    if (!assessment) return null;
    const priorities = await activePriorities(this.tx.manager, [id]);
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
      priorities: await activePriorities(this.tx.manager, [assessment.id]),
      reviewState: this.reviewState(assessment, this.clock.today()),
    };
  }

  private find(partnershipId: string, id: string): Promise<StrategicAssessment | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(StrategicAssessment).findOneBy({ id, partnershipId });
  }

  // lock(), bump() and insertPriority() are public for AssessmentReviewsService (this context), not for other contexts.

  /** Locks the assessment row for the rest of the transaction; 404 when not the partnership's, 412 when If-Match is stale. */
  async lock(partnershipId: string, id: string, expectedVersion?: number): Promise<StrategicAssessment> {
    const found = isUuid(id)
      ? await this.tx.manager
          .getRepository(StrategicAssessment)
          .createQueryBuilder('a')
          .setLock('pessimistic_write')
          .where('a.id = :id AND a.partnership_id = :partnershipId', { id, partnershipId })
          .getOne()
      : null;
    if (!found) throw new NotFoundProblem('strategic assessment');
    if (expectedVersion !== undefined && expectedVersion !== found.version) throw new PreconditionFailedProblem();
    return found;
  }

  private async lockDraft(partnershipId: string, id: string, expectedVersion?: number): Promise<StrategicAssessment> {
    const assessment = await this.lock(partnershipId, id, expectedVersion);
    if (assessment.status !== 'draft') {
      throw new ConflictProblem(
        'assessment-not-draft',
        `This assessment is ${assessment.status}: only drafts are edited. An approved assessment's priorities change through a review.`,
      );
    }
    return assessment;
  }

  /** Writes `set` and moves the assessment's version (its ETag), e.g. when one of its priorities changed. */
  async bump(id: string, set: Partial<StrategicAssessment>): Promise<void> {
    await this.tx.manager
      .createQueryBuilder()
      .update(StrategicAssessment)
      .set({ ...set, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  async insertPriority(partnershipId: string, assessmentId: string, input: PriorityInput, seq: number): Promise<AssessmentPriority> {
    const repo = this.tx.manager.getRepository(AssessmentPriority);
    return repo.save(
      repo.create({
        id: uuidv7(),
        partnershipId,
        strategicAssessmentId: assessmentId,
        seq,
        title: input.title,
        category: input.category,
        rationale: input.rationale ?? null,
        evidence: input.evidence ?? null,
        dataSources: input.dataSources ?? [],
        impact: input.impact,
        likelihood: input.likelihood,
        riskScore: riskScore(input.impact, input.likelihood),
        // Ranked for real by applyRanks() straight after.
        rank: seq,
        pinnedRank: null,
        removedAt: null,
        removedInReviewId: null,
      }),
    );
  }
}

function checkPeriod(periodStart: string, periodEnd: string): void {
  if (periodEnd < periodStart) throw new ValidationProblem([{ path: 'periodEnd', message: 'periodEnd must not be before periodStart' }]);
}
