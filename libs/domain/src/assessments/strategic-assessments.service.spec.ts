import { describe, expect, it, jest } from '@jest/globals';
import { FixedClock } from '@app/core';
import { actingAs, recordingAudit, recordingOutbox, refusalOf, construct } from '@app/testing/service-testing';
import type { AssessmentPriority } from './assessment-priority.entity';
import { AssessmentErrors } from './assessments.errors';
import type { StrategicAssessment } from './strategic-assessment.entity';
import { StrategicAssessmentsService } from './strategic-assessments.service';
import { firstOf } from '@app/testing/narrow';
import { PARTNERSHIP, CHAIR, ASSESSMENT as DRAFT, ASSESSMENT_PRIORITY as P1, SECOND_ASSESSMENT_PRIORITY as P2, testId, fixture } from '@app/testing/fixtures';

const PREVIOUS = testId(0x100);

const assessment = fixture<StrategicAssessment>({
  id: DRAFT,
  partnershipId: PARTNERSHIP,
  title: 'Strategic assessment 2026-27',
  periodStart: '2026-04-01',
  periodEnd: '2027-03-31',
  status: 'draft',
  nextReviewDue: null,
  version: 4,
});

const priority = fixture<AssessmentPriority>({
  id: P1,
  strategicAssessmentId: DRAFT,
  partnershipId: PARTNERSHIP,
  seq: 1,
  title: 'ASB',
  category: 'asb',
  impact: 2,
  likelihood: 2,
  riskScore: 4,
  rank: 1,
  pinnedRank: null,
  removedAt: null,
  version: 2,
});

/** The service over a mocked repository holding one assessment and its priorities. */
function setUp(options: { assessment?: StrategicAssessment; priorities?: AssessmentPriority[]; count?: number; supersedes?: string[] } = {}) {
  let priorities = options.priorities ?? [priority()];
  const row = options.assessment ?? assessment();
  const repository = {
    find: jest.fn(async () => row),
    lockForChange: jest.fn(async (_p: string, _id: string, _expectedVersion?: number) => row),
    insert: jest.fn(async (_row: unknown) => undefined),
    update: jest.fn(async (_id: string, _set?: unknown) => undefined),
    activePriorities: jest.fn(async () => priorities),
    findPriority: jest.fn(async (_p: string, _a: string, id: string) => priorities.find((p) => p.id === id) ?? null),
    countPriorities: jest.fn(async () => options.count ?? priorities.length),
    countActivePriorities: jest.fn(async () => priorities.length),
    nextPrioritySeq: jest.fn(async () => priorities.length + 1),
    insertPriority: jest.fn(async (p: AssessmentPriority) => {
      const stored = { ...p, version: 1 } as AssessmentPriority;
      priorities = [...priorities, stored];
      return stored;
    }),
    updatePriority: jest.fn(async (_id: string, _set: unknown) => undefined),
    deletePriority: jest.fn(async (_id: string) => undefined),
    writeRanks: jest.fn(async (_id: string, _ranks: Map<string, number>) => undefined),
    serialiseApprovals: jest.fn(async (_partnershipId: string) => undefined),
    supersedeApproved: jest.fn(async (_partnershipId: string, _byId: string, _at: Date) => options.supersedes ?? []),
  };
  const audit = recordingAudit();
  const outbox = recordingOutbox();
  const partnerships = { lockSettings: jest.fn(async () => ({ reviewIntervalMonths: 3 })) };
  const flags = { resolveFor: jest.fn(async (_subject: unknown, _options: unknown) => []) };
  const service = construct(StrategicAssessmentsService, repository, new FixedClock(new Date('2026-05-20T09:00:00Z')), audit, outbox, partnerships, flags);
  return { service, repository, audit, outbox, flags };
}

describe('StrategicAssessmentsService (repository mocked)', () => {
  it('refuses a period that ends before it starts, and stores nothing', async () => {
    const { service, repository } = setUp();
    const err = await refusalOf(service.create(PARTNERSHIP, { title: 'SA', periodStart: '2026-04-01', periodEnd: '2026-03-31' }));
    expect(err.kind).toBe('invalid');
    expect(err.extensions).toEqual({ errors: [{ path: 'periodEnd', message: 'periodEnd must not be before periodStart' }] });
    expect(repository.insert).not.toHaveBeenCalled();
  });

  it('drafts an assessment with every PESTELO heading, empty lists and no review cycle', async () => {
    const { service, repository } = setUp();
    await service.create(PARTNERSHIP, { title: 'SA', periodStart: '2026-04-01', periodEnd: '2027-03-31', pestelo: { social: 'Night-time economy' } });
    expect(repository.insert).toHaveBeenCalledWith(
      expect.objectContaining({
        status: 'draft',
        pestelo: { political: null, economic: null, social: 'Night-time economy', technological: null, environmental: null, legal: null, organisational: null },
        intelligenceRequirement: [],
        nextReviewDue: null,
      }),
    );
  });

  it('edits only drafts: an approved assessment changes through a review', async () => {
    const { service, repository } = setUp({ assessment: assessment({ status: 'approved' }) });
    const err = await refusalOf(service.update(PARTNERSHIP, DRAFT, { title: 'New title' }));
    expect(err.refusal).toBe(AssessmentErrors.assessmentNotDraft);
    expect(err.detail).toMatch(/approved: only drafts are edited/);
    expect((await refusalOf(service.addPriority(PARTNERSHIP, DRAFT, { title: 'X', category: 'x', impact: 1, likelihood: 1 }))).code).toBe(
      'assessment-not-draft',
    );
    expect(repository.update).not.toHaveBeenCalled();
    expect(repository.insertPriority).not.toHaveBeenCalled();
  });

  it('writes the fields sent, audits those that changed, and moves the version', async () => {
    const { service, repository, audit } = setUp();
    await service.update(PARTNERSHIP, DRAFT, { title: 'Strategic assessment 2026-27', periodEnd: '2027-06-30' });
    expect(repository.update).toHaveBeenCalledWith(DRAFT, { title: 'Strategic assessment 2026-27', periodEnd: '2027-06-30' });
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'strategic_assessment.updated', details: { fields: ['periodEnd'] } }));
  });

  it('adds a priority with its risk score and re-ranks the others by it', async () => {
    const { service, repository } = setUp();
    await service.addPriority(PARTNERSHIP, DRAFT, { title: 'Violence', category: 'violence', impact: 4, likelihood: 3 });
    expect(repository.insertPriority).toHaveBeenCalledWith(expect.objectContaining({ seq: 2, riskScore: 12, pinnedRank: null, removedAt: null }));
    const [, ranks] = firstOf(repository.writeRanks.mock.calls);
    const added = [...ranks.keys()].find((id) => id !== P1)!;
    expect(ranks).toEqual(
      new Map([
        [added, 1],
        [P1, 2],
      ]),
    );
    expect(repository.update).toHaveBeenCalledWith(DRAFT);
  });

  it('holds at most 50 priorities', async () => {
    const { service, repository } = setUp({ count: 50 });
    const err = await refusalOf(service.addPriority(PARTNERSHIP, DRAFT, { title: 'One more', category: 'x', impact: 1, likelihood: 1 }));
    expect(err.refusal).toBe(AssessmentErrors.tooManyPriorities);
    expect(err.kind).toBe('rule');
    expect(repository.insertPriority).not.toHaveBeenCalled();
  });

  it('checks If-Match against the priority, and recomputes the risk score of a change', async () => {
    const { service, repository } = setUp({ priorities: [priority(), priority({ id: P2, seq: 2, rank: 2, impact: 1, likelihood: 1, riskScore: 1 })] });
    expect((await refusalOf(service.updatePriority(PARTNERSHIP, DRAFT, P2, { impact: 4 }, 1))).kind).toBe('precondition-failed');
    expect(repository.updatePriority).not.toHaveBeenCalled();
    await service.updatePriority(PARTNERSHIP, DRAFT, P2, { impact: 4, likelihood: 1 }, 2);
    expect(repository.updatePriority).toHaveBeenCalledWith(P2, { impact: 4, riskScore: 4 });
    expect(repository.update).toHaveBeenCalledWith(DRAFT);
  });

  it('answers 404 for a removed priority', async () => {
    const { service } = setUp({ priorities: [priority({ removedAt: new Date('2026-05-01T10:00:00Z') })] });
    const err = await refusalOf(service.getPriority(PARTNERSHIP, DRAFT, P1));
    expect(err.kind).toBe('not-found');
    expect(err.detail).toBe('The priority does not exist.');
  });

  describe('approval', () => {
    it('is recorded against a person, never an API key', async () => {
      const { service, repository } = setUp();
      const err = await refusalOf(actingAs({ kind: 'api_key', apiKeyId: 'k' }, () => service.approve(PARTNERSHIP, DRAFT)));
      expect(err.kind).toBe('forbidden');
      expect(repository.update).not.toHaveBeenCalled();
    });

    it('needs a draft with at least one priority', async () => {
      const approved = setUp({ assessment: assessment({ status: 'approved' }) });
      const notDraft = await refusalOf(actingAs({ userId: CHAIR, role: 'chair' }, () => approved.service.approve(PARTNERSHIP, DRAFT)));
      expect(notDraft.refusal).toBe(AssessmentErrors.assessmentNotDraft);
      expect(notDraft.detail).toBe('This assessment is approved; only a draft can be approved.');
      const empty = setUp({ priorities: [] });
      expect((await refusalOf(actingAs({ userId: CHAIR, role: 'chair' }, () => empty.service.approve(PARTNERSHIP, DRAFT)))).refusal).toBe(
        AssessmentErrors.assessmentHasNoPriorities,
      );
      expect(empty.repository.supersedeApproved).not.toHaveBeenCalled();
    });

    it('supersedes the approved one, closes its review flags and starts the review cycle', async () => {
      const { service, repository, flags, outbox } = setUp({ supersedes: [PREVIOUS] });
      await actingAs({ userId: CHAIR, role: 'chair' }, () => service.approve(PARTNERSHIP, DRAFT, 4));
      expect(repository.serialiseApprovals).toHaveBeenCalledWith(PARTNERSHIP);
      expect(repository.supersedeApproved).toHaveBeenCalledWith(PARTNERSHIP, DRAFT, new Date('2026-05-20T09:00:00Z'));
      expect(flags.resolveFor).toHaveBeenCalledWith(
        { type: 'strategic_assessment', id: [PREVIOUS] },
        { kinds: ['assessment_review_due_soon', 'assessment_review_overdue'], partnershipId: PARTNERSHIP },
      );
      expect(repository.update).toHaveBeenCalledWith(
        DRAFT,
        expect.objectContaining({ status: 'approved', approvedBy: CHAIR, reviewAnchorDate: '2026-05-20', nextReviewDue: '2026-08-20' }),
      );
      expect(outbox.add).toHaveBeenCalledWith(
        expect.objectContaining({
          type: 'strategic_assessment.approved',
          data: expect.objectContaining({ supersededAssessmentId: PREVIOUS, nextReviewDue: '2026-08-20' }),
        }),
      );
    });
  });

  it('tells other contexts an assessment is stale when superseded or overdue for review', () => {
    const { service } = setUp();
    expect(service.standing({ id: DRAFT, status: 'approved', nextReviewDue: '2026-05-19' }, '2026-05-20')).toMatchObject({
      reviewState: 'overdue',
      stale: true,
    });
    expect(service.standing({ id: DRAFT, status: 'approved', nextReviewDue: '2026-05-20' }, '2026-05-20')).toMatchObject({
      reviewState: 'due_soon',
      stale: false,
    });
    expect(service.standing({ id: DRAFT, status: 'superseded', nextReviewDue: null }, '2026-05-20')).toMatchObject({ reviewState: null, stale: true });
  });
});
