import { describe, expect, it, jest } from '@jest/globals';
import { actingAs, recordingAudit, recordingOutbox, refusalOf, construct } from '@app/testing/service-testing';
import { ProblemErrors } from '../problems';
import type { AgendaExtensions } from '../tasking';
import { IntakeErrors } from './intake.errors';
import type { NominationRow } from './nominations.repository';
import { NominationsService } from './nominations.service';
import { PARTNERSHIP, MEETING, NOMINATION, PROBLEM, CHAIR, fixture } from '@app/testing/fixtures';

const NOW = new Date('2026-03-02T10:00:00Z');

const nomination = fixture<NominationRow>({
  id: NOMINATION,
  partnershipId: PARTNERSHIP,
  kind: 'repeat_location',
  state: 'open',
  title: 'Repeat location: Queen Street',
  category: null,
  location: { label: 'Queen Street' },
  version: 1,
});

function setUp(options: { nomination?: NominationRow; problem?: { id: string; reference: string; stage: string } | null } = {}) {
  const repo = {
    lockForChange: jest.fn(async (_partnershipId: string, _id: string, _expectedVersion?: number) => options.nomination ?? nomination()),
    find: jest.fn(async () => options.nomination ?? nomination()),
    decide: jest.fn(async (_id: string, _values: unknown) => undefined),
    evidenceByCategory: jest.fn(async () => new Map()),
  };
  const problems = {
    references: jest.fn(async () => (options.problem === null ? [] : [options.problem ?? { id: PROBLEM, reference: 'CAR-0012', stage: 'response' }])),
    create: jest.fn(async (_partnershipId: string, _input: unknown) => ({ id: PROBLEM, reference: 'CAR-0013' })),
  };
  const meetings = {
    requireChair: jest.fn(async () => undefined),
    addDecision: jest.fn(async (_partnershipId: string, _meetingId: string, _decision: { text: string; problemId: string | null }) => ({ id: 'decision-1' })),
  };
  const audit = recordingAudit();
  const outbox = recordingOutbox();
  const service = construct(NominationsService, repo, { now: () => NOW }, audit, outbox, problems, meetings, {} as AgendaExtensions);
  return { service, repo, problems, meetings, outbox };
}

const asChair = <T>(work: () => Promise<T>) => actingAs({ userId: CHAIR }, work);

const refusal = (work: () => Promise<unknown>) => refusalOf(asChair(work));

describe('NominationsService.decide (repository mocked)', () => {
  it('is for a signed-in person: an API key is refused before anything is read', async () => {
    const { service, repo } = setUp();
    const work = actingAs({ kind: 'api_key' }, () => service.decide(PARTNERSHIP, MEETING, NOMINATION, { decision: 'decline', reason: 'no' }));
    await expect(work).rejects.toMatchObject({ kind: 'forbidden' });
    expect(repo.lockForChange).not.toHaveBeenCalled();
  });

  it('refuses a nomination decided already, saying how and where it went', async () => {
    const { service, repo } = setUp({ nomination: nomination({ state: 'merged', problemId: PROBLEM }) });
    const err = await refusal(() => service.decide(PARTNERSHIP, MEETING, NOMINATION, { decision: 'decline', reason: 'no' }, 1));
    expect(err.refusal).toBe(IntakeErrors.nominationDecided);
    expect(err.detail).toBe('The nomination was merged already.');
    expect(err.extensions).toEqual({ state: 'merged', problemId: PROBLEM });
    expect(repo.lockForChange).toHaveBeenCalledWith(PARTNERSHIP, NOMINATION, 1);
    expect(repo.decide).not.toHaveBeenCalled();
  });

  it('a decline needs a reason', async () => {
    const { service, repo } = setUp();
    const err = await refusal(() => service.decide(PARTNERSHIP, MEETING, NOMINATION, { decision: 'decline', reason: '  ' }));
    expect(err.kind).toBe('invalid');
    expect(err.extensions.errors).toEqual([{ path: 'reason', message: 'a declined nomination needs a reason' }]);
    expect(repo.decide).not.toHaveBeenCalled();
  });

  it('merges only into a problem of the partnership that is not closed', async () => {
    expect(
      (await refusal(() => setUp({ problem: null }).service.decide(PARTNERSHIP, MEETING, NOMINATION, { decision: 'merge', problemId: PROBLEM }))).refusal,
    ).toBe(ProblemErrors.unknownProblem);
    const closed = await refusal(() =>
      setUp({ problem: { id: PROBLEM, reference: 'CAR-0012', stage: 'closed' } }).service.decide(PARTNERSHIP, MEETING, NOMINATION, {
        decision: 'merge',
        problemId: PROBLEM,
      }),
    );
    expect(closed.refusal).toBe(ProblemErrors.problemClosed);
    expect(closed.detail).toBe('CAR-0012 is closed: reopen it first, or accept the nomination as a new problem.');
  });

  it('accepting a nomination whose incidents have no category needs one named', async () => {
    const { service, problems } = setUp();
    expect((await refusal(() => service.decide(PARTNERSHIP, MEETING, NOMINATION, { decision: 'accept' }))).refusal).toBe(IntakeErrors.categoryRequired);
    expect(problems.create).not.toHaveBeenCalled();
  });

  it('a merge is minuted, stored as merged into the problem, and sent', async () => {
    const { service, repo, meetings, outbox } = setUp();
    const result = await asChair(() => service.decide(PARTNERSHIP, MEETING, NOMINATION, { decision: 'merge', problemId: PROBLEM, reason: 'same street' }));
    expect(result).toMatchObject({ meetingDecisionId: 'decision-1', problemId: PROBLEM });
    expect(meetings.addDecision).toHaveBeenCalledWith(PARTNERSHIP, MEETING, {
      text: 'Nomination merged into CAR-0012: Repeat location: Queen Street. same street',
      problemId: PROBLEM,
    });
    expect(repo.decide).toHaveBeenCalledWith(
      NOMINATION,
      expect.objectContaining({ state: 'merged', problemId: PROBLEM, meetingId: MEETING, decidedById: CHAIR }),
    );
    expect(outbox.add).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'nomination.decided', data: expect.objectContaining({ state: 'merged', decision: 'merge' }) }),
    );
  });
});
