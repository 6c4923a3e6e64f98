import { describe, expect, it, jest } from '@jest/globals';
import { FixedClock } from '@app/core';
import { actingAs, recordingAudit, recordingOutbox, refusalOf, construct } from '@app/testing/service-testing';
import { AssessmentErrors } from '../assessments';
import type { ReviewCycleListeners, AssessmentForStrategy } from '../assessments';
import { PartnershipErrors } from '../partnerships';
import { ControlStrategiesService, type ControlStrategyPriorityInput } from './control-strategies.service';
import type { ControlStrategy } from './control-strategy.entity';
import { StrategyErrors } from './strategy.errors';
import { firstOf } from '@app/testing/narrow';
import {
  PARTNERSHIP,
  CHAIR,
  ASSESSMENT,
  ASSESSMENT_PRIORITY as AP1,
  SECOND_ASSESSMENT_PRIORITY as AP2,
  AGENCY,
  FOREIGN_AGENCY,
  STRATEGY,
  STRATEGY_PRIORITY as EARLIER_ID,
  testId,
  fixture,
} from '@app/testing/fixtures';

const CURRENT = testId(0x120);
/** Today, for the service's clock: 2026-05-20. */
const NOW = new Date('2026-05-20T09:00:00Z');

const forStrategy = fixture<AssessmentForStrategy>({
  id: ASSESSMENT,
  status: 'approved',
  nextReviewDue: '2026-08-20',
  reviewState: 'not_due',
  stale: false,
  priorities: [
    { id: AP1, title: 'Violence', category: 'violence', rank: 1 },
    { id: AP2, title: 'ASB', category: 'asb', rank: 2 },
  ],
});

const draft = fixture<ControlStrategy>({
  id: STRATEGY,
  partnershipId: PARTNERSHIP,
  versionNumber: 2,
  strategicAssessmentId: ASSESSMENT,
  status: 'draft',
  version: 1,
});

function setUp(options: { assessment?: AssessmentForStrategy | null; strategy?: ControlStrategy; agencies?: string[] } = {}) {
  const repository = {
    serialiseVersions: jest.fn(async () => undefined),
    nextVersionNumber: jest.fn(async () => 3),
    knownPriorityIds: jest.fn(async (_p: string, ids: string[]) => new Set(ids.filter((id) => id === EARLIER_ID))),
    latestPriorityIds: jest.fn(async () => new Map([[AP1, EARLIER_ID]])),
    insert: jest.fn(async (_strategy: unknown, _priorities: unknown[]) => undefined),
    find: jest.fn(async () => options.strategy ?? draft()),
    prioritiesOf: jest.fn(async () => [{ controlStrategyId: STRATEGY, id: EARLIER_ID, assessmentPriorityId: AP1, position: 1 }]),
    lockForChange: jest.fn(async (_p: string, _id: string, _expectedVersion?: number) => options.strategy ?? draft()),
    supersedeCurrent: jest.fn(async (_p: string, _byId: string, _at: Date) => [CURRENT]),
    update: jest.fn(async (_id: string, _set: unknown) => undefined),
  };
  const assessments = {
    forStrategy: jest.fn(async () => (options.assessment === undefined ? forStrategy() : options.assessment)),
    standings: jest.fn(async () => new Map([[ASSESSMENT, forStrategy()]])),
  };
  const partnerships = {
    get: jest.fn(async () => ({ controlStrategyStrands: ['prevent', 'enforce'] })),
    agencyIdsOf: jest.fn(async (_p: string, ids: string[]) => new Set(ids.filter((id) => (options.agencies ?? [AGENCY]).includes(id)))),
  };
  const audit = recordingAudit();
  const outbox = recordingOutbox();
  const flags = { resolveFor: jest.fn(async (_subject: unknown, _options: unknown) => []) };
  const service = construct(
    ControlStrategiesService,
    repository,
    new FixedClock(NOW),
    audit,
    outbox,
    partnerships,
    assessments,
    flags,
    {} as ReviewCycleListeners,
  );
  return { service, repository, flags, outbox };
}

const asChair = <T>(work: () => Promise<T>) => actingAs({ userId: CHAIR, role: 'chair' }, work);

const plan = (assessmentPriorityId: string, overrides: Partial<ControlStrategyPriorityInput> = {}): ControlStrategyPriorityInput => ({
  assessmentPriorityId,
  leadAgencyId: AGENCY,
  strands: { prevent: { objectives: ['Fewer repeat calls'], measures: ['Calls a month'] } },
  ...overrides,
});

describe('ControlStrategiesService (repository mocked)', () => {
  describe('a new version', () => {
    it("is built only from the partnership's approved assessment (422 both ways)", async () => {
      const none = await refusalOf(setUp({ assessment: null }).service.create(PARTNERSHIP, { strategicAssessmentId: ASSESSMENT, priorities: [plan(AP1)] }));
      expect(none.refusal).toBe(AssessmentErrors.unknownAssessment);
      const superseded = await refusalOf(
        setUp({ assessment: forStrategy({ status: 'superseded' }) }).service.create(PARTNERSHIP, {
          strategicAssessmentId: ASSESSMENT,
          priorities: [plan(AP1)],
        }),
      );
      expect(superseded.code).toBe('assessment-not-approved');
      expect(superseded.kind).toBe('rule');
      expect(superseded.detail).toBe('The assessment is superseded: a control strategy is built from the approved assessment.');
    });

    it('refuses priorities, strands and agencies the partnership does not have, and stores nothing', async () => {
      const stranger = testId(0x119);
      const cases: [ControlStrategyPriorityInput[], unknown, Record<string, unknown>][] = [
        [[plan(stranger)], StrategyErrors.priorityNotInAssessment, { assessmentPriorityIds: [stranger] }],
        [[plan(AP1), plan(AP1)], StrategyErrors.duplicatePriority, {}],
        [
          [plan(AP1, { strands: { educate: { objectives: ['Schools talks'], measures: [] } } })],
          StrategyErrors.unknownStrand,
          { strands: ['educate'], allowedStrands: ['prevent', 'enforce'] },
        ],
        [[plan(AP1, { leadAgencyId: FOREIGN_AGENCY })], PartnershipErrors.agencyNotInPartnership, { agencyIds: [FOREIGN_AGENCY] }],
        [[plan(AP1, { id: stranger })], StrategyErrors.unknownControlStrategyPriority, { ids: [stranger] }],
      ];
      for (const [priorities, expected, extensions] of cases) {
        const { service, repository } = setUp();
        const err = await refusalOf(service.create(PARTNERSHIP, { strategicAssessmentId: ASSESSMENT, priorities }));
        expect(err.refusal).toBe(expected);
        expect(err.extensions).toEqual(extensions);
        expect(repository.insert).not.toHaveBeenCalled();
      }
    });

    it("takes the next number, copies the assessment's titles and keeps the ids earlier versions gave its priorities", async () => {
      const { service, repository } = setUp();
      await service.create(PARTNERSHIP, { strategicAssessmentId: ASSESSMENT, notes: 'Summer plan', priorities: [plan(AP2), plan(AP1)] });
      const [strategy, priorities] = repository.insert.mock.calls[0] as [Record<string, unknown>, Record<string, unknown>[]];
      expect(strategy).toMatchObject({ versionNumber: 3, status: 'draft', notes: 'Summer plan', strategicAssessmentId: ASSESSMENT });
      expect(priorities).toEqual([
        expect.objectContaining({ assessmentPriorityId: AP2, position: 1, title: 'ASB', category: 'asb' }),
        expect.objectContaining({ assessmentPriorityId: AP1, position: 2, title: 'Violence', id: EARLIER_ID }),
      ]);
      expect(firstOf(priorities).id).not.toBe(EARLIER_ID);
    });
  });

  describe('publishing', () => {
    it('needs a draft', async () => {
      const { service, repository } = setUp({ strategy: draft({ status: 'current' }) });
      const err = await refusalOf(asChair(() => service.publish(PARTNERSHIP, STRATEGY)));
      expect(err.refusal).toBe(StrategyErrors.controlStrategyNotDraft);
      expect(err.detail).toBe('Version 2 is current; only a draft can be published.');
      expect(repository.supersedeCurrent).not.toHaveBeenCalled();
    });

    it("needs the approved assessment, reviewed, still holding the version's priorities", async () => {
      const superseded = await refusalOf(asChair(() => setUp({ assessment: forStrategy({ status: 'superseded' }) }).service.publish(PARTNERSHIP, STRATEGY)));
      expect(superseded.refusal).toBe(StrategyErrors.assessmentSuperseded);
      const overdue = await refusalOf(
        asChair(() => setUp({ assessment: forStrategy({ reviewState: 'overdue', nextReviewDue: '2026-05-10' }) }).service.publish(PARTNERSHIP, STRATEGY)),
      );
      expect(overdue.refusal).toBe(StrategyErrors.assessmentReviewOverdue);
      expect(overdue.extensions).toEqual({ strategicAssessmentId: ASSESSMENT, nextReviewDue: '2026-05-10' });
      const removed = await refusalOf(
        asChair(() =>
          setUp({ assessment: forStrategy({ priorities: [{ id: AP2, title: 'ASB', category: 'asb', rank: 1 }] }) }).service.publish(PARTNERSHIP, STRATEGY),
        ),
      );
      expect(removed.refusal).toBe(StrategyErrors.priorityRemovedFromAssessment);
      expect(removed.extensions).toEqual({ assessmentPriorityIds: [AP1] });
    });

    it('supersedes the current version, closes its staleness flag and becomes current', async () => {
      const { service, repository, flags, outbox } = setUp();
      await asChair(() => service.publish(PARTNERSHIP, STRATEGY, 1));
      expect(repository.lockForChange).toHaveBeenCalledWith(PARTNERSHIP, STRATEGY, 1);
      expect(repository.supersedeCurrent).toHaveBeenCalledWith(PARTNERSHIP, STRATEGY, NOW);
      expect(flags.resolveFor).toHaveBeenCalledWith(
        { type: 'control_strategy', id: [CURRENT] },
        { kinds: ['control_strategy_stale'], partnershipId: PARTNERSHIP },
      );
      expect(repository.update).toHaveBeenCalledWith(STRATEGY, { status: 'current', publishedAt: NOW, publishedBy: CHAIR });
      expect(outbox.add).toHaveBeenCalledWith(
        expect.objectContaining({ type: 'control_strategy.published', data: expect.objectContaining({ supersededControlStrategyId: CURRENT }) }),
      );
    });
  });
});
