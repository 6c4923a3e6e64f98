import { describe, expect, it, jest } from '@jest/globals';
import { CommonErrors, FixedClock } from '@app/core';
import type { Principal } from '@app/core/security';
import { actingAs, recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import { PartnershipErrors } from '../partnerships';
import type { CountedMeasures } from './counted-measures';
import type { ProblemStage } from './problem.constants';
import type { Problem } from './problem.entity';
import type { ProblemResponse } from './problem-response.entity';
import { ProblemWorkService, type EvaluationInput } from './problem-work.service';
import type { ProblemParts } from './problems.repository';
import { ProblemErrors } from './problems.errors';
import { PARTNERSHIP, ANALYST, AGENCY, OTHER_AGENCY, PROBLEM, RESPONSE } from '@app/testing/fixtures';

const NOW = new Date('2026-03-10T10:00:00Z');

function problem(stage: ProblemStage): Problem {
  return { id: PROBLEM, partnershipId: PARTNERSHIP, reference: 'CSP-12', title: 'ASB', stage, stageChangedAt: NOW, evaluatedAt: null, version: 5 } as Problem;
}

const response = {
  id: RESPONSE,
  partnershipId: PARTNERSHIP,
  problemId: PROBLEM,
  description: 'Patrols',
  type: 'enforcement',
  ownerAgencyId: AGENCY,
  startDate: '2026-03-01',
  endDate: null,
  status: 'planned',
  version: 3,
} as ProblemResponse;

const EVALUATION: EvaluationInput = {
  process: [{ responseId: RESPONSE, delivered: true }],
  impact: { measure: 'Calls', periodStart: '2026-01-01', periodEnd: '2026-01-31', value: 4, result: 'reduced' },
  displacement: { kinds: ['none'] },
  lessons: ' Lighting helped. ',
};

/** The service with its repositories and collaborators mocked: what it stores is what the repository mock was asked. */
function setUp(stage: ProblemStage = 'response') {
  const stored = problem(stage);
  const parts: ProblemParts = { problem: stored, locations: [], analysis: null, responses: [response], evaluation: null };
  const repository = {
    lockForChange: jest.fn(async () => stored),
    update: jest.fn(async (_id: string, _set?: unknown) => undefined),
    saveAnalysis: jest.fn(async (_row: unknown) => undefined),
    insertResponse: jest.fn(async (_row: unknown) => undefined),
    findResponse: jest.fn(async () => response),
    response: jest.fn(async () => response),
    updateResponse: jest.fn(async (_id: string, _set: unknown) => undefined),
    responsesOf: jest.fn(async () => [response]),
    saveEvaluation: jest.fn(async (_row: unknown) => undefined),
  };
  const reads = { record: jest.fn(async () => ({ parts, currentPriority: null })) };
  const clock = new FixedClock(NOW);
  const audit = recordingAudit();
  const partnerships = { agencyIdsOf: jest.fn(async (_: string, ids: string[]) => new Set(ids.filter((id) => id === AGENCY))) };
  const flags = { resolveFor: jest.fn(async (_subject: unknown, _options: unknown) => undefined) };
  const service = construct(ProblemWorkService, repository, reads, clock, audit, partnerships, flags, {} as CountedMeasures);
  return { service, repository, flags };
}

const as = <T>(principal: Partial<Principal>, work: () => Promise<T>) => actingAs({ userId: ANALYST, ...principal }, work);
const analyst = <T>(work: () => Promise<T>) => as({ role: 'analyst' }, work);

describe('ProblemWorkService (repositories mocked)', () => {
  it('records the analysis from analysis to assessment, not at scanning', async () => {
    const early = await refusalOf(analyst(() => setUp('scanning').service.putAnalysis(PARTNERSHIP, PROBLEM, { triangle: {} })));
    expect(early.refusal).toBe(ProblemErrors.notAllowedAtStage);
    expect(early.extensions).toEqual({ stage: 'scanning', allowedStages: ['analysis', 'response', 'assessment'] });

    const { service, repository } = setUp('analysis');
    await analyst(() =>
      service.putAnalysis(PARTNERSHIP, PROBLEM, { triangle: { offender: ' Youths ', victim: '' }, repeatPatterns: ['repeat_location', 'repeat_location'] }),
    );
    expect(repository.saveAnalysis).toHaveBeenCalledWith(
      expect.objectContaining({ problemId: PROBLEM, offender: 'Youths', victim: null, repeatPatterns: ['repeat_location'], baselineMeasure: null }),
    );
    expect(repository.update).toHaveBeenCalledWith(PROBLEM);
  });

  it('adds a response owned by an agency of the partnership only', async () => {
    const { service, repository } = setUp();
    const err = await refusalOf(
      analyst(() =>
        service.addResponse(PARTNERSHIP, PROBLEM, { description: 'Patrols', type: 'enforcement', ownerAgencyId: OTHER_AGENCY, startDate: '2026-03-01' }),
      ),
    );
    expect(err.refusal).toBe(PartnershipErrors.agencyNotInPartnership);
    expect(err.extensions).toEqual({ agencyId: OTHER_AGENCY });
    expect(repository.insertResponse).not.toHaveBeenCalled();
  });

  it("lets a partner change only their own agency's responses, then checks the response's If-Match", async () => {
    const other = await refusalOf(
      as({ role: 'partner', agencyId: OTHER_AGENCY }, () => setUp().service.updateResponse(PARTNERSHIP, PROBLEM, RESPONSE, { status: 'in_progress' }, 1)),
    );
    expect(other.kind).toBe('forbidden');
    const handOver = await refusalOf(
      as({ role: 'partner', agencyId: AGENCY }, () => setUp().service.updateResponse(PARTNERSHIP, PROBLEM, RESPONSE, { ownerAgencyId: OTHER_AGENCY }, 3)),
    );
    expect(handOver.kind).toBe('forbidden');
    const stale = await refusalOf(
      as({ role: 'partner', agencyId: AGENCY }, () => setUp().service.updateResponse(PARTNERSHIP, PROBLEM, RESPONSE, { status: 'in_progress' }, 1)),
    );
    expect(stale.refusal).toBe(CommonErrors.preconditionFailed);

    const { service, repository } = setUp();
    await as({ role: 'partner', agencyId: AGENCY }, () =>
      service.updateResponse(PARTNERSHIP, PROBLEM, RESPONSE, { status: 'in_progress', description: 'Patrols' }, 3),
    );
    expect(repository.updateResponse).toHaveBeenCalledWith(RESPONSE, { status: 'in_progress', description: 'Patrols' });
    expect(repository.update).toHaveBeenCalledWith(PROBLEM);
  });

  it('refuses a response end before its start', async () => {
    const err = await refusalOf(analyst(() => setUp().service.updateResponse(PARTNERSHIP, PROBLEM, RESPONSE, { endDate: '2026-02-01' })));
    expect(err.kind).toBe('invalid');
    expect(err.extensions).toEqual({ errors: [{ path: 'endDate', message: 'endDate must not be before startDate' }] });
  });

  it("records the evaluation at assessment, naming only the problem's responses, each once", async () => {
    const unknown = await refusalOf(
      analyst(() => setUp('assessment').service.putEvaluation(PARTNERSHIP, PROBLEM, { ...EVALUATION, process: [{ responseId: PROBLEM, delivered: true }] })),
    );
    expect(unknown.refusal).toBe(ProblemErrors.processUnknownResponse);
    const twice = await refusalOf(
      analyst(() =>
        setUp('assessment').service.putEvaluation(PARTNERSHIP, PROBLEM, {
          ...EVALUATION,
          process: [
            { responseId: RESPONSE, delivered: true },
            { responseId: RESPONSE.toUpperCase(), delivered: false },
          ],
        }),
      ),
    );
    expect(twice.refusal).toBe(ProblemErrors.duplicateProcessEntry);

    const { service, repository, flags } = setUp('assessment');
    await analyst(() => service.putEvaluation(PARTNERSHIP, PROBLEM, EVALUATION));
    expect(repository.saveEvaluation).toHaveBeenCalledWith(
      expect.objectContaining({ problemId: PROBLEM, lessons: 'Lighting helped.', impactResult: 'reduced', evaluatedById: ANALYST }),
    );
    expect(repository.update).toHaveBeenCalledWith(PROBLEM, { evaluatedAt: NOW });
    expect(flags.resolveFor).toHaveBeenCalledWith({ type: 'problem', id: PROBLEM }, { kinds: ['problem_unevaluated'], partnershipId: PARTNERSHIP });
  });
});
