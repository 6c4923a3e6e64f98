import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock, invalidInput, toLondonDate, uuidv7 } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit';
import { FlagsService } from '../flags';
import { OutboxService } from '../notifications';
import { PartnershipsService, PartnershipSettingsListeners, type ReviewIntervalChange } from '../partnerships';
import { applyRanks, newPriority, type PriorityInput } from './assessment-priorities';
import { ASSESSMENT_LIMITS } from './assessment.constants';
import type { AppliedPriorityChanges, AssessmentReview } from './assessment-review.entity';
import { AssessmentReviewsRepository } from './assessment-reviews.repository';
import { AssessmentErrors } from './assessments.errors';
import { riskScore } from './ranking';
import { ReviewCycleListeners } from './review-cycle-listeners';
import { nextReviewDue, reviewAnchor } from './review-schedule';
import { StrategicAssessmentsRepository } from './strategic-assessments.repository';
import { REVIEW_FLAG_KINDS, StrategicAssessmentsService, type AssessmentView } from './strategic-assessments.service';
import { requirePerson } from '../shared/actors';
import { recordAndAnnounce } from '../shared/changes';

/** The changes a review makes to the priorities; applied in the order remove, rescore, add, rerank. */
export interface PriorityChangeSet {
  add?: (PriorityInput & { rank?: number })[];
  remove?: { priorityId: string; reason?: string | null }[];
  rescore?: { priorityId: string; impact?: number; likelihood?: number }[];
  /** `rank: null` releases a rank fixed by an earlier review. */
  rerank?: { priorityId: string; rank: number | null }[];
}

export interface ReviewInput {
  summary: string;
  priorityChanges?: PriorityChangeSet;
}

export interface RecordedReview {
  review: AssessmentReview;
  assessment: AssessmentView;
}

/**
 * The enforced review cycle of the approved assessment.
 *
 * - A review (chairs) of the approved assessment records who and when, a
 *   summary and the priority changes it applied (kept as history), and moves
 *   nextReviewDue to the review date + the partnership's interval.
 * - A draft or superseded assessment is not reviewed (409
 *   `assessment-not-approved`).
 * - When the partnership's review interval changes, the approved
 *   assessment's stored nextReviewDue is recomputed from its anchor (the
 *   later of approval and last review) in the same transaction.
 * - Either way the review cycle moved: the assessment's open
 *   `assessment_review_due_soon` / `assessment_review_overdue` flags (each
 *   for the old due date) are resolved in the same transaction, and the
 *   ReviewCycleListeners hear of it (the strategy context resolves a
 *   control strategy's staleness). The scanners raise flags for the new
 *   due date when it comes.
 */
@Injectable()
export class AssessmentReviewsService implements OnModuleInit {
  constructor(
    private readonly reviews: AssessmentReviewsRepository,
    private readonly repository: StrategicAssessmentsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly partnerships: PartnershipsService,
    private readonly assessments: StrategicAssessmentsService,
    private readonly settings: PartnershipSettingsListeners,
    private readonly flags: FlagsService,
    private readonly cycle: ReviewCycleListeners,
  ) {}

  onModuleInit(): void {
    this.settings.onReviewIntervalChanged((change) => this.reschedule(change));
  }

  async record(partnershipId: string, assessmentId: string, input: ReviewInput, expectedVersion?: number): Promise<RecordedReview> {
    const reviewer = requirePerson('record a review');
    // The interval cannot change until this commits (settings first, then the assessment: the order an interval change takes too).
    const { reviewIntervalMonths } = await this.partnerships.lockSettings(partnershipId);
    const assessment = await this.repository.lockForChange(partnershipId, assessmentId, expectedVersion);
    if (assessment.status !== 'approved') {
      throw AssessmentErrors.assessmentNotApproved.error(`This assessment is ${assessment.status}; only the approved assessment is reviewed.`);
    }
    const reviewId = uuidv7();
    const now = this.clock.now();
    const today = toLondonDate(now);
    const priorityChanges = await this.applyChanges(partnershipId, assessmentId, reviewId, input.priorityChanges ?? {}, now);

    const anchor = reviewAnchor(toLondonDate(assessment.approvedAt!), today);
    const due = nextReviewDue(anchor, reviewIntervalMonths);
    const previousDue = assessment.nextReviewDue!;
    const wasOverdue = today > previousDue;
    const review = await this.reviews.insert({
      id: reviewId,
      partnershipId,
      strategicAssessmentId: assessmentId,
      reviewedAt: now,
      reviewedBy: reviewer,
      summary: input.summary,
      previousReviewDue: previousDue,
      nextReviewDue: due,
      wasOverdue,
      priorityChanges,
    });
    await this.repository.update(assessmentId, { lastReviewedAt: now, lastReviewedBy: reviewer, reviewAnchorDate: anchor, nextReviewDue: due });
    const counts = {
      added: priorityChanges.added.length,
      removed: priorityChanges.removed.length,
      rescored: priorityChanges.rescored.length,
      reranked: priorityChanges.reranked.length,
    };
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'strategic_assessment.reviewed',
      subject: { type: 'strategic_assessment', id: assessmentId },
      details: {
        reviewId,
        previousReviewDue: previousDue,
        nextReviewDue: due,
        wasOverdue,
        priorityChanges: {
          added: priorityChanges.added.map((c) => c.priorityId),
          removed: priorityChanges.removed.map((c) => c.priorityId),
          rescored: priorityChanges.rescored.map((c) => c.priorityId),
          reranked: priorityChanges.reranked.map((c) => c.priorityId),
        },
      },
      data: {
        strategicAssessmentId: assessmentId,
        reviewId,
        previousReviewDue: previousDue,
        nextReviewDue: due,
        wasOverdue,
        priorityChanges: counts,
        link: `/api/v1/partnerships/${partnershipId}/strategic-assessments/${assessmentId}/reviews`,
      },
    });
    await this.cycleMoved({ partnershipId, strategicAssessmentId: assessmentId, previousReviewDue: previousDue, nextReviewDue: due });
    return { review, assessment: await this.assessments.get(partnershipId, assessmentId) };
  }

  /** The assessment's reviews, newest first. */
  async list(partnershipId: string, assessmentId: string, query: PageQueryDto): Promise<Page<AssessmentReview>> {
    await this.assessments.get(partnershipId, assessmentId);
    return readPage(
      query,
      (after, limit) => this.reviews.page(partnershipId, assessmentId, { after: after && { reviewedAt: String(after.k), id: after.id }, limit }),
      (r) => ({ k: r.reviewedAt.toISOString(), id: r.id }),
      (r) => r,
    );
  }

  /** A new review interval: the approved assessment's due date becomes its anchor + the new interval. */
  async reschedule(change: ReviewIntervalChange): Promise<void> {
    const rows = await this.repository.rescheduleApproved(change.partnershipId, change.reviewIntervalMonths);
    for (const row of rows) {
      await this.audit.record({
        action: 'strategic_assessment.review_rescheduled',
        target: { type: 'strategic_assessment', id: row.id },
        details: {
          previousReviewDue: row.previousDue,
          nextReviewDue: row.nextReviewDue,
          reviewIntervalMonths: change.reviewIntervalMonths,
          previousIntervalMonths: change.previousMonths,
        },
      });
      if (row.previousDue !== row.nextReviewDue) {
        await this.cycleMoved({
          partnershipId: change.partnershipId,
          strategicAssessmentId: row.id,
          previousReviewDue: row.previousDue,
          nextReviewDue: row.nextReviewDue,
        });
      }
    }
  }

  /**
   * The due date moved: the review flags raised for the old one no longer
   * have a cause (a new due date is a new cause, raised by the scanners when
   * it comes), and contexts built on the assessment are told.
   */
  private async cycleMoved(change: { partnershipId: string; strategicAssessmentId: string; previousReviewDue: string; nextReviewDue: string }): Promise<void> {
    await this.flags.resolveFor(
      { type: 'strategic_assessment', id: change.strategicAssessmentId },
      { kinds: REVIEW_FLAG_KINDS, partnershipId: change.partnershipId },
    );
    await this.cycle.reviewCycleMoved(change);
  }

  private async applyChanges(
    partnershipId: string,
    assessmentId: string,
    reviewId: string,
    changes: PriorityChangeSet,
    now: Date,
  ): Promise<AppliedPriorityChanges> {
    const current = await this.repository.activePriorities([assessmentId]);
    const byId = new Map(current.map((p) => [p.id, p]));
    const remove = changes.remove ?? [];
    const rescore = changes.rescore ?? [];
    const rerank = changes.rerank ?? [];
    const add = changes.add ?? [];

    // Check everything before changing anything.
    const unknown = [...remove, ...rescore, ...rerank].map((c) => c.priorityId).filter((id) => !byId.has(id));
    if (unknown.length) {
      throw AssessmentErrors.unknownPriority.error(`Not a current priority of this assessment: ${[...new Set(unknown)].join(', ')}.`, {
        priorityIds: [...new Set(unknown)],
      });
    }
    for (const [list, name] of [
      [remove, 'remove'],
      [rescore, 'rescore'],
      [rerank, 'rerank'],
    ] as const) {
      const ids = list.map((c) => c.priorityId);
      if (new Set(ids).size !== ids.length) throw AssessmentErrors.conflictingPriorityChanges.error(`A priority appears twice in ${name}.`);
    }
    const removed = new Set(remove.map((c) => c.priorityId));
    const clash = [...rescore, ...rerank].find((c) => removed.has(c.priorityId));
    if (clash) throw AssessmentErrors.conflictingPriorityChanges.error(`Priority ${clash.priorityId} is removed and changed in the same review.`);
    const bad = rescore.findIndex((c) => c.impact === undefined && c.likelihood === undefined);
    if (bad >= 0) throw invalidInput([{ path: `priorityChanges.rescore[${bad}]`, message: 'a rescore changes impact, likelihood or both' }]);
    const remaining = current.length - removed.size + add.length;
    if (remaining < 1) throw AssessmentErrors.assessmentHasNoPriorities.error('A review cannot remove every priority of the approved assessment.');
    const allPriorities = await this.repository.countPriorities(assessmentId);
    if (allPriorities + add.length > ASSESSMENT_LIMITS.priorities) {
      throw AssessmentErrors.tooManyPriorities.error(`An assessment holds at most ${ASSESSMENT_LIMITS.priorities} priorities, removed ones included.`);
    }
    const outOfRange = [...rerank.map((c) => c.rank), ...add.map((c) => c.rank)].find((r) => r !== undefined && r !== null && r > remaining);
    if (outOfRange !== undefined) {
      throw AssessmentErrors.rankOutOfRange.error(`Rank ${outOfRange} is past the end: the assessment will hold ${remaining} priorities.`);
    }

    const applied: AppliedPriorityChanges = { added: [], removed: [], rescored: [], reranked: [] };
    if (remove.length) {
      await this.repository.removePriorities(
        assessmentId,
        remove.map((c) => c.priorityId),
        now,
        reviewId,
      );
      for (const c of remove) {
        const p = byId.get(c.priorityId)!;
        applied.removed.push({ priorityId: p.id, title: p.title, rank: p.rank!, reason: c.reason ?? null });
      }
    }
    for (const c of rescore) {
      const p = byId.get(c.priorityId)!;
      const impact = c.impact ?? p.impact;
      const likelihood = c.likelihood ?? p.likelihood;
      if (impact === p.impact && likelihood === p.likelihood) continue;
      await this.repository.updatePriority(p.id, { impact, likelihood, riskScore: riskScore(impact, likelihood) });
      applied.rescored.push({
        priorityId: p.id,
        title: p.title,
        before: { impact: p.impact, likelihood: p.likelihood, riskScore: p.riskScore },
        after: { impact, likelihood, riskScore: riskScore(impact, likelihood) },
      });
    }
    const pinnedNow = new Set<string>();
    let seq = await this.repository.nextPrioritySeq(assessmentId);
    const addedIds: string[] = [];
    for (const c of add) {
      const { rank, ...input } = c;
      // A rank given with the priority fixes it from the start.
      const p = await this.repository.insertPriority(newPriority(partnershipId, assessmentId, input, seq++, rank ?? null));
      addedIds.push(p.id);
      if (rank !== undefined) pinnedNow.add(p.id);
    }
    for (const c of rerank) {
      await this.repository.updatePriority(c.priorityId, { pinnedRank: c.rank });
      if (c.rank !== null) pinnedNow.add(c.priorityId);
    }
    const after = await applyRanks(this.repository, assessmentId);
    const added = new Set(addedIds);
    for (const p of await this.repository.activePriorities([assessmentId])) {
      if (added.has(p.id)) {
        applied.added.push({ priorityId: p.id, title: p.title, impact: p.impact, likelihood: p.likelihood, riskScore: p.riskScore, rank: after.get(p.id)! });
        continue;
      }
      const from = byId.get(p.id)!.rank!;
      const to = after.get(p.id)!;
      if (from !== to || pinnedNow.has(p.id)) applied.reranked.push({ priorityId: p.id, title: p.title, from, to, pinned: pinnedNow.has(p.id) });
    }
    return applied;
  }
}
