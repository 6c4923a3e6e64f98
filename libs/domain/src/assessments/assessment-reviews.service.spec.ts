import { describe, expect, it, jest } from '@jest/globals';
import { FixedClock } from '@app/core';
import { actingAs, recordingAudit, recordingOutbox, refusalOf, construct } from '@app/testing/service-testing';
import type { PartnershipSettingsListeners } from '../partnerships';
import type { AssessmentPriority } from './assessment-priority.entity';
import { AssessmentReviewsService, type PriorityChangeSet } from './assessment-reviews.service';
import { AssessmentErrors } from './assessments.errors';
import { ReviewCycleListeners } from './review-cycle-listeners';
import type { StrategicAssessment } from './strategic-assessment.entity';
import { firstOf } from '@app/testing/narrow';
import { PARTNERSHIP, CHAIR, ASSESSMENT, ASSESSMENT_PRIORITY as P1, SECOND_ASSESSMENT_PRIORITY as P2, testId, fixture } from '@app/testing/fixtures';

const STRANGER = testId(0x119);

const approved = fixture<StrategicAssessment>({
  id: ASSESSMENT,
  partnershipId: PARTNERSHIP,
  status: 'approved',
  approvedAt: new Date('2026-02-10T12:00:00Z'),
  nextReviewDue: '2026-05-10',
  version: 7,
});

function priority(id: string, seq: number, impact: number, likelihood: number, rank: number): AssessmentPriority {
  return {
    id,
    strategicAssessmentId: ASSESSMENT,
    partnershipId: PARTNERSHIP,
    seq,
    title: `Priority ${seq}`,
    category: 'asb',
    impact,
    likelihood,
    riskScore: impact * likelihood,
    rank,
    pinnedRank: null,
    removedAt: null,
    version: 1,
  } as AssessmentPriority;
}

/**
 * The service over mocked repositories: the priorities repository keeps the
 * priorities in memory, so what a review changes is what it reads back.
 */
function setUp(options: { assessment?: StrategicAssessment; count?: number } = {}) {
  const rows = new Map([priority(P1, 1, 4, 4, 1), priority(P2, 2, 2, 2, 2)].map((p) => [p.id, p]));
  const repository = {
    lockForChange: jest.fn(async () => options.assessment ?? approved()),
    update: jest.fn(async (_id: string, _set?: unknown) => undefined),
    // Fresh rows on every read, as from the database.
    activePriorities: jest.fn(async () =>
      [...rows.values()]
        .filter((p) => !p.removedAt)
        .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
        .map((p) => ({ ...p })),
    ),
    countPriorities: jest.fn(async () => options.count ?? rows.size),
    nextPrioritySeq: jest.fn(async () => rows.size + 1),
    removePriorities: jest.fn(async (_a: string, ids: string[], at: Date) => ids.forEach((id) => Object.assign(rows.get(id)!, { removedAt: at, rank: null }))),
    updatePriority: jest.fn(async (id: string, set: Partial<AssessmentPriority>) => void Object.assign(rows.get(id)!, set)),
    insertPriority: jest.fn(async (p: AssessmentPriority) => {
      rows.set(p.id, { ...p, version: 1 } as AssessmentPriority);
      return rows.get(p.id)!;
    }),
    writeRanks: jest.fn(async (_a: string, ranks: Map<string, number>) => ranks.forEach((rank, id) => Object.assign(rows.get(id)!, { rank }))),
    rescheduleApproved: jest.fn(async () => [{ id: ASSESSMENT, previousDue: '2026-05-10', nextReviewDue: '2026-04-10' }]),
  };
  const reviews = { insert: jest.fn(async (review: unknown) => review), page: jest.fn(async () => []) };
  const audit = recordingAudit();
  const outbox = recordingOutbox();
  const partnerships = { lockSettings: jest.fn(async () => ({ reviewIntervalMonths: 3 })) };
  const assessments = { get: jest.fn(async () => ({})) };
  const flags = { resolveFor: jest.fn(async (_subject: unknown, _options: unknown) => []) };
  const cycle = new ReviewCycleListeners();
  const moved = jest.fn(async (_change: unknown) => undefined);
  cycle.onReviewCycleMoved(moved);
  const service = construct(
    AssessmentReviewsService,
    reviews,
    repository,
    new FixedClock(new Date('2026-05-20T09:00:00Z')),
    audit,
    outbox,
    partnerships,
    assessments,
    {} as PartnershipSettingsListeners,
    flags,
    cycle,
  );
  return { service, repository, reviews, flags, moved, rows };
}

const asChair = <T>(work: () => Promise<T>) => actingAs({ userId: CHAIR, role: 'chair' }, work);

const review = (service: AssessmentReviewsService, priorityChanges: PriorityChangeSet) =>
  asChair(() => service.record(PARTNERSHIP, ASSESSMENT, { summary: 'Quarterly review', priorityChanges }));

describe('AssessmentReviewsService (repositories mocked)', () => {
  it('reviews only the approved assessment (409, unlike building a strategy from it)', async () => {
    const { service, reviews } = setUp({ assessment: approved({ status: 'superseded' }) });
    const err = await refusalOf(review(service, {}));
    expect(err.refusal).toBe(AssessmentErrors.assessmentNotApproved);
    expect(err.kind).toBe('conflict');
    expect(err.detail).toBe('This assessment is superseded; only the approved assessment is reviewed.');
    expect(AssessmentErrors.assessmentNotApprovedForStrategy.code).toBe(err.code);
    expect(reviews.insert).not.toHaveBeenCalled();
  });

  it('checks every change before making any', async () => {
    const cases: [PriorityChangeSet, string][] = [
      [{ remove: [{ priorityId: P1 }], rescore: [{ priorityId: STRANGER, impact: 1 }] }, 'unknown-priority'],
      [
        {
          rescore: [
            { priorityId: P1, impact: 1 },
            { priorityId: P1, likelihood: 1 },
          ],
        },
        'conflicting-priority-changes',
      ],
      [{ remove: [{ priorityId: P2 }], rerank: [{ priorityId: P2, rank: 1 }] }, 'conflicting-priority-changes'],
      [{ remove: [{ priorityId: P1 }, { priorityId: P2 }] }, 'assessment-has-no-priorities'],
      [{ rerank: [{ priorityId: P2, rank: 3 }] }, 'rank-out-of-range'],
      [{ rescore: [{ priorityId: P1 }] }, 'validation'],
    ];
    for (const [changes, code] of cases) {
      const { service, repository, reviews } = setUp();
      expect((await refusalOf(review(service, changes))).code).toBe(code);
      expect(repository.removePriorities).not.toHaveBeenCalled();
      expect(repository.updatePriority).not.toHaveBeenCalled();
      expect(reviews.insert).not.toHaveBeenCalled();
    }
    const unknown = await refusalOf(review(setUp().service, { remove: [{ priorityId: STRANGER }] }));
    expect(unknown.extensions).toEqual({ priorityIds: [STRANGER] });
  });

  it('counts removed priorities against the limit of 50', async () => {
    const { service } = setUp({ count: 49 });
    const err = await refusalOf(review(service, { add: [1, 2].map((n) => ({ title: `New ${n}`, category: 'x', impact: 1, likelihood: 1 })) }));
    expect(err.refusal).toBe(AssessmentErrors.tooManyPriorities);
  });

  it('applies remove, rescore, add and rerank, and keeps what it did as history', async () => {
    const { service, reviews, rows } = setUp();
    await review(service, {
      remove: [{ priorityId: P1, reason: 'Resolved' }],
      rescore: [{ priorityId: P2, impact: 3 }],
      add: [{ title: 'Fraud', category: 'fraud', impact: 4, likelihood: 4 }],
    });
    const stored = firstOf(reviews.insert.mock.calls)[0] as {
      priorityChanges: { added: { priorityId: string; rank: number }[]; removed: unknown[]; rescored: unknown[]; reranked: unknown[] };
    };
    const added = stored.priorityChanges.added[0];
    expect(stored.priorityChanges.removed).toEqual([{ priorityId: P1, title: 'Priority 1', rank: 1, reason: 'Resolved' }]);
    expect(stored.priorityChanges.rescored).toEqual([
      { priorityId: P2, title: 'Priority 2', before: { impact: 2, likelihood: 2, riskScore: 4 }, after: { impact: 3, likelihood: 2, riskScore: 6 } },
    ]);
    expect(added).toMatchObject({ title: 'Fraud', riskScore: 16, rank: 1 });
    expect(stored.priorityChanges.reranked).toEqual([]);
    expect(rows.get(P1)!.removedAt).not.toBeNull();
    expect(rows.get(P2)).toMatchObject({ impact: 3, riskScore: 6, rank: 2 });
  });

  it('fixes the rank a review gives, from the start for a new priority', async () => {
    const { service, reviews, rows } = setUp();
    await review(service, { add: [{ title: 'Fraud', category: 'fraud', impact: 1, likelihood: 1, rank: 1 }], rerank: [{ priorityId: P1, rank: null }] });
    const added = [...rows.values()].find((p) => p.title === 'Fraud')!;
    expect(added).toMatchObject({ pinnedRank: 1, rank: 1 });
    const stored = firstOf(reviews.insert.mock.calls)[0] as {
      priorityChanges: { reranked: { priorityId: string; from: number; to: number; pinned: boolean }[] };
    };
    expect(stored.priorityChanges.reranked).toEqual([
      { priorityId: P1, title: 'Priority 1', from: 1, to: 2, pinned: false },
      { priorityId: P2, title: 'Priority 2', from: 2, to: 3, pinned: false },
    ]);
  });

  it("moves the due date from the review date, resolves the old cycle's flags and tells the listeners", async () => {
    const { service, repository, reviews, flags, moved } = setUp();
    await review(service, {});
    expect(reviews.insert).toHaveBeenCalledWith(
      expect.objectContaining({ reviewedBy: CHAIR, previousReviewDue: '2026-05-10', nextReviewDue: '2026-08-20', wasOverdue: true }),
    );
    expect(repository.update).toHaveBeenCalledWith(
      ASSESSMENT,
      expect.objectContaining({ lastReviewedBy: CHAIR, reviewAnchorDate: '2026-05-20', nextReviewDue: '2026-08-20' }),
    );
    expect(flags.resolveFor).toHaveBeenCalledWith(
      { type: 'strategic_assessment', id: ASSESSMENT },
      expect.objectContaining({ kinds: ['assessment_review_due_soon', 'assessment_review_overdue'] }),
    );
    expect(moved).toHaveBeenCalledWith({
      partnershipId: PARTNERSHIP,
      strategicAssessmentId: ASSESSMENT,
      previousReviewDue: '2026-05-10',
      nextReviewDue: '2026-08-20',
    });
  });

  it('on a new interval, moves the cycle only of an assessment whose due date changed', async () => {
    const { service, repository, moved } = setUp();
    await service.reschedule({ partnershipId: PARTNERSHIP, reviewIntervalMonths: 2, previousMonths: 3 });
    expect(moved).toHaveBeenCalledTimes(1);
    repository.rescheduleApproved.mockResolvedValueOnce([{ id: ASSESSMENT, previousDue: '2026-05-10', nextReviewDue: '2026-05-10' }]);
    await service.reschedule({ partnershipId: PARTNERSHIP, reviewIntervalMonths: 3, previousMonths: 3 });
    expect(moved).toHaveBeenCalledTimes(1);
  });
});
