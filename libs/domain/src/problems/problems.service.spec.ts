import { describe, expect, it, jest } from '@jest/globals';
import { FixedClock } from '@app/core';
import { actingAs, recordingAudit, recordingOutbox, refusalOf, construct } from '@app/testing/service-testing';
import type { ProblemStage } from './problem.constants';
import type { Problem } from './problem.entity';
import type { ProblemParts } from './problems.repository';
import { ProblemsService, type ProblemInput } from './problems.service';
import { ProblemErrors, stageRuleRefusal } from './problems.errors';
import { missingNeed, transitionRefusal, type StageFacts } from './stage-rules';
import { PARTNERSHIP, ANALYST, PROBLEM, fixture } from '@app/testing/fixtures';

const NOW = new Date('2026-03-10T10:00:00Z');

const problem = fixture<Problem>({
  id: PROBLEM,
  partnershipId: PARTNERSHIP,
  number: 12,
  reference: 'CSP-12',
  title: 'ASB at the park',
  description: 'Groups gather after dark.',
  objective: null,
  category: 'asb',
  source: 'monitoring',
  controlStrategyPriorityId: null,
  stageChangedAt: NOW,
  plannedAssessmentDate: null,
  evaluatedAt: null,
  version: 5,
  createdAt: NOW,
  updatedAt: NOW,
});

const INPUT: ProblemInput = { title: ' ASB at the park ', category: 'asb', source: 'monitoring', locations: [{ label: 'The park' }] };

/** The service with its repositories and collaborators mocked: what it stores is what the repository mock was asked. */
function setUp(options: { stage?: ProblemStage; categories?: string[]; parts?: Partial<ProblemParts> } = {}) {
  const stored = problem({ stage: options.stage ?? 'scanning' });
  const parts: ProblemParts = {
    problem: stored,
    locations: [{ code: null, label: 'The park', lat: null, lng: null }],
    analysis: null,
    responses: [],
    evaluation: null,
    ...options.parts,
  };
  const repository = {
    find: jest.fn(async () => stored),
    lockForChange: jest.fn(async () => stored),
    update: jest.fn(async (_id: string, _set?: unknown) => undefined),
    nextNumber: jest.fn(async () => 12),
    insert: jest.fn(async (_row: unknown) => undefined),
    replaceLocations: jest.fn(async (_p: string, _id: string, _locations: unknown) => undefined),
    recordStageChange: jest.fn(async (_problem: unknown, _change: unknown) => undefined),
    locationsOf: jest.fn(async () => new Map([[PROBLEM, parts.locations]])),
    parts: jest.fn(async () => parts),
  };
  const reads = { record: jest.fn(async () => ({ parts, currentPriority: null })) };
  const clock = new FixedClock(NOW);
  const audit = recordingAudit();
  const outbox = recordingOutbox();
  const partnerships = { get: jest.fn(async () => ({ referencePrefix: 'CSP' })) };
  const strategies = { findCurrentPriority: jest.fn(async () => null) };
  const categories = { exists: jest.fn(async (_: string, slug: string) => (options.categories ?? ['asb']).includes(slug)) };
  const service = construct(ProblemsService, repository, clock, audit, outbox, partnerships, strategies, categories, reads);
  return { service, repository, outbox };
}

const asAnalyst = <T>(work: () => Promise<T>) => actingAs({ userId: ANALYST, role: 'analyst' }, work);

describe('ProblemsService (repositories mocked)', () => {
  it('logs a problem at scanning with its number, locations and a created stage change', async () => {
    const { service, repository, outbox } = setUp();
    const record = await asAnalyst(() => service.create(PARTNERSHIP, INPUT));
    expect(repository.insert).toHaveBeenCalledWith(expect.objectContaining({ number: 12, title: 'ASB at the park', stage: 'scanning', stageChangedAt: NOW }));
    expect(repository.replaceLocations).toHaveBeenCalledWith(PARTNERSHIP, expect.any(String), [{ code: null, label: 'The park', lat: null, lng: null }]);
    expect(repository.recordStageChange).toHaveBeenCalledWith(
      expect.objectContaining({ partnershipId: PARTNERSHIP }),
      expect.objectContaining({ kind: 'created', from: null, to: 'scanning', actor: { type: 'user', id: ANALYST } }),
    );
    expect(outbox.add).toHaveBeenCalledWith(expect.objectContaining({ type: 'problem.created' }));
    expect(record.reference).toBe('CSP-12');
  });

  it('refuses a category the partnership does not have, and stores nothing', async () => {
    const { service, repository } = setUp({ categories: [] });
    const err = await refusalOf(asAnalyst(() => service.create(PARTNERSHIP, INPUT)));
    expect(err.refusal).toBe(ProblemErrors.unknownCategory);
    expect(err.extensions).toEqual({ category: 'asb' });
    expect(repository.insert).not.toHaveBeenCalled();
  });

  it('refuses locations without a label, naming each', async () => {
    const err = await refusalOf(asAnalyst(() => setUp().service.create(PARTNERSHIP, { ...INPUT, locations: [{ label: ' ' }] })));
    expect(err.kind).toBe('invalid');
    expect(err.extensions).toEqual({ errors: [{ path: 'locations[0].label', message: 'label must not be empty' }] });
  });

  it('does not change a closed problem (409 problem-closed)', async () => {
    const { service, repository } = setUp({ stage: 'closed' });
    const err = await refusalOf(asAnalyst(() => service.update(PARTNERSHIP, PROBLEM, { title: 'New title' })));
    expect(err.code).toBe('problem-closed');
    expect(err.kind).toBe('conflict');
    expect(err.extensions).toEqual({ stage: 'closed' });
    expect(repository.update).not.toHaveBeenCalled();
  });

  it('keeps the description once past scanning, and writes only what changed', async () => {
    const at = setUp({ stage: 'analysis' });
    const err = await refusalOf(asAnalyst(() => at.service.update(PARTNERSHIP, PROBLEM, { description: '  ' })));
    expect(err.refusal).toBe(ProblemErrors.scanningIncomplete);
    expect(err.extensions).toEqual({ missing: ['description'] });
    await asAnalyst(() => at.service.update(PARTNERSHIP, PROBLEM, { title: 'ASB at the park', objective: ' Fewer calls ' }));
    expect(at.repository.update).toHaveBeenCalledWith(PROBLEM, { objective: 'Fewer calls' });
  });

  it('moves one stage forward when its needs are met, refusing a skip (409) and a missing need (422)', async () => {
    const skip = await refusalOf(asAnalyst(() => setUp().service.advance(PARTNERSHIP, PROBLEM, 'response')));
    expect(skip.refusal).toBe(ProblemErrors.stageTransitionNotAllowed);
    expect(skip.extensions).toEqual({ stage: 'scanning', to: 'response', next: 'analysis' });

    const need = await refusalOf(asAnalyst(() => setUp({ stage: 'analysis' }).service.advance(PARTNERSHIP, PROBLEM, 'response')));
    expect(need.refusal).toBe(ProblemErrors.analysisRequired);
    expect(need.extensions).toEqual({ stage: 'analysis', to: 'response' });

    const { service, repository } = setUp();
    await asAnalyst(() => service.advance(PARTNERSHIP, PROBLEM, 'analysis', 5));
    expect(repository.update).toHaveBeenCalledWith(PROBLEM, { stage: 'analysis', stageChangedAt: NOW });
    expect(repository.recordStageChange).toHaveBeenCalledWith(
      expect.objectContaining({ id: PROBLEM }),
      expect.objectContaining({ kind: 'advanced', from: 'scanning', to: 'analysis' }),
    );
  });

  it('reopens only a closed problem, setting its evaluation aside', async () => {
    const open = await refusalOf(asAnalyst(() => setUp({ stage: 'assessment' }).service.reopen(PARTNERSHIP, PROBLEM, 'New reports')));
    expect(open.refusal).toBe(ProblemErrors.problemNotClosed);
    const { service, repository } = setUp({ stage: 'closed' });
    await asAnalyst(() => service.reopen(PARTNERSHIP, PROBLEM, ' New reports '));
    expect(repository.update).toHaveBeenCalledWith(PROBLEM, { stage: 'response', stageChangedAt: NOW, evaluatedAt: null });
    expect(repository.recordStageChange).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ kind: 'reopened', reason: 'New reports' }));
  });
});

describe('stage rule refusals', () => {
  const none: StageFacts = {
    title: null,
    description: null,
    category: null,
    source: null,
    locations: 0,
    analysis: null,
    responses: [],
    plannedAssessmentDate: null,
    evaluation: null,
  };

  it('every code the stage rules give is in the catalogue, moves as conflicts and needs as rules', () => {
    const moves = [transitionRefusal('closed', 'scanning'), transitionRefusal('scanning', 'closed')];
    const needs = (['analysis', 'response', 'assessment', 'closed'] as const).map((to) => missingNeed(to, none));
    for (const move of moves) expect(stageRuleRefusal(move!.rule, 'conflict').kind).toBe('conflict');
    for (const need of needs) expect(stageRuleRefusal(need!.rule, 'rule').kind).toBe('rule');
    expect(() => stageRuleRefusal('no-such-rule', 'rule')).toThrow();
  });
});
