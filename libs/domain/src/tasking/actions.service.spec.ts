import { describe, expect, it, jest } from '@jest/globals';
import { CommonErrors, FixedClock } from '@app/core';
import { actingAs, recordingAudit, recordingOutbox, refusalOf, construct } from '@app/testing/service-testing';
import { PartnershipErrors } from '../partnerships';
import { ProblemErrors } from '../problems';
import { StrategyErrors } from '../strategy';
import type { ActionReadsRepository } from './action-reads.repository';
import type { Action } from './action.entity';
import { ActionsService, type ActionInput } from './actions.service';
import type { ActionStatus } from './tasking.constants';
import { TaskingErrors } from './tasking.errors';
import { PARTNERSHIP, ANALYST, AGENCY, OTHER_AGENCY, ACTION, PROBLEM, fixture } from '@app/testing/fixtures';

const NOW = new Date('2026-03-10T10:00:00Z');

const action = fixture<Action>({
  id: ACTION,
  partnershipId: PARTNERSHIP,
  number: 7,
  reference: 'CSP-A7',
  meetingId: null,
  title: 'Fit lighting',
  ownerAgencyId: AGENCY,
  ownerName: null,
  dueDate: '2026-04-01',
  problemId: null,
  controlStrategyPriorityId: null,
  completedAt: null,
  createdByType: 'user',
  createdById: ANALYST,
  version: 2,
  createdAt: NOW,
  updatedAt: NOW,
});

const INPUT: ActionInput = { title: '  Fit lighting ', ownerAgencyId: AGENCY, dueDate: '2026-04-01' };

/** The service with its repositories and collaborators mocked: what it stores is what the repository mock was asked. */
function setUp(options: { status?: ActionStatus; problems?: string[]; priorityCurrent?: boolean } = {}) {
  const stored = action({ status: options.status ?? 'open' });
  const repository = {
    find: jest.fn(async () => stored),
    lockForChange: jest.fn(async () => stored),
    nextNumber: jest.fn(async () => 7),
    insert: jest.fn(async (_row: unknown) => undefined),
    update: jest.fn(async (_id: string, _set: unknown) => undefined),
    insertStatusChange: jest.fn(async (_row: unknown) => undefined),
    history: jest.fn(async () => []),
  };
  const clock = new FixedClock(NOW);
  const audit = recordingAudit();
  const outbox = recordingOutbox();
  const flags = { resolveFor: jest.fn(async (_subject: unknown, _options: unknown) => undefined) };
  const partnerships = {
    agencyIdsOf: jest.fn(async (_: string, ids: string[]) => new Set(ids.filter((id) => id === AGENCY))),
    get: jest.fn(async () => ({ referencePrefix: 'CSP' })),
  };
  const problems = {
    references: jest.fn(async (_: string, ids: string[]) => ids.filter((id) => (options.problems ?? [PROBLEM]).includes(id)).map((id) => ({ id }))),
  };
  const strategies = { findCurrentPriority: jest.fn(async (_: string, id: string) => (options.priorityCurrent === false ? null : { id })) };
  const service = construct(ActionsService, repository, clock, audit, outbox, flags, partnerships, problems, strategies, {} as ActionReadsRepository);
  return { service, repository, flags, outbox };
}

const analyst = <T>(work: () => Promise<T>) => actingAs({ userId: ANALYST, role: 'analyst' }, work);

describe('ActionsService (repositories mocked)', () => {
  it('creates an open action numbered from the counter, with its first status change', async () => {
    const { service, repository, outbox } = setUp();
    await analyst(() => service.create(PARTNERSHIP, { ...INPUT, ownerAgencyId: AGENCY.toUpperCase() }, 'meeting-1'));
    expect(repository.insert).toHaveBeenCalledWith(
      expect.objectContaining({
        number: 7,
        reference: expect.stringContaining('7'),
        title: 'Fit lighting',
        ownerAgencyId: AGENCY,
        status: 'open',
        meetingId: 'meeting-1',
      }),
    );
    expect(repository.insertStatusChange).toHaveBeenCalledWith(expect.objectContaining({ fromStatus: null, toStatus: 'open', actorId: ANALYST }));
    expect(outbox.add).toHaveBeenCalledWith(expect.objectContaining({ type: 'action.created' }));
  });

  it('refuses a due date already past, a foreign owner, an unknown problem and a priority not current', async () => {
    const past = await refusalOf(analyst(() => setUp().service.create(PARTNERSHIP, { ...INPUT, dueDate: '2026-03-09' })));
    expect(past.refusal).toBe(TaskingErrors.dueDateInPast);
    expect(past.extensions).toEqual({ dueDate: '2026-03-09', today: '2026-03-10' });
    const foreign = await refusalOf(analyst(() => setUp().service.create(PARTNERSHIP, { ...INPUT, ownerAgencyId: OTHER_AGENCY })));
    expect(foreign.refusal).toBe(PartnershipErrors.agencyNotInPartnership);
    expect(foreign.extensions).toEqual({ agencyId: OTHER_AGENCY });
    const problem = await refusalOf(analyst(() => setUp({ problems: [] }).service.create(PARTNERSHIP, { ...INPUT, problemId: PROBLEM })));
    expect(problem.refusal).toBe(ProblemErrors.unknownProblem);
    const priority = await refusalOf(
      analyst(() => setUp({ priorityCurrent: false }).service.create(PARTNERSHIP, { ...INPUT, controlStrategyPriorityId: PROBLEM })),
    );
    expect(priority.refusal).toBe(StrategyErrors.priorityNotCurrent);
  });

  it('marks an action done: completedAt set, its overdue flag resolved', async () => {
    const { service, repository, flags } = setUp();
    await analyst(() => service.update(PARTNERSHIP, ACTION, { status: 'done', note: ' Fitted ' }, 2));
    expect(repository.update).toHaveBeenCalledWith(ACTION, { status: 'done', completedAt: NOW });
    expect(repository.insertStatusChange).toHaveBeenCalledWith(expect.objectContaining({ fromStatus: 'open', toStatus: 'done', note: 'Fitted' }));
    expect(flags.resolveFor).toHaveBeenCalledWith({ type: 'action', id: ACTION }, { kinds: ['action_overdue'] });
  });

  it('refuses a transition the rules do not allow, and writes nothing', async () => {
    const { service, repository } = setUp({ status: 'cancelled' });
    const err = await refusalOf(analyst(() => service.update(PARTNERSHIP, ACTION, { status: 'done' })));
    expect(err.refusal).toBe(TaskingErrors.actionTransitionNotAllowed);
    expect(err.extensions).toEqual({ actionStatus: 'cancelled', to: 'done' });
    expect(repository.update).not.toHaveBeenCalled();
  });

  it("lets a partner update only their own agency's actions, before checking If-Match", async () => {
    const refused = await refusalOf(
      actingAs({ userId: ANALYST, role: 'partner', agencyId: OTHER_AGENCY }, () => setUp().service.update(PARTNERSHIP, ACTION, { status: 'done' }, 1)),
    );
    expect(refused.kind).toBe('forbidden');
    const stale = await refusalOf(
      actingAs({ userId: ANALYST, role: 'partner', agencyId: AGENCY }, () => setUp().service.update(PARTNERSHIP, ACTION, { status: 'done' }, 1)),
    );
    expect(stale.refusal).toBe(CommonErrors.preconditionFailed);
  });

  it('asks for a status or a note', async () => {
    const err = await refusalOf(analyst(() => setUp().service.update(PARTNERSHIP, ACTION, {})));
    expect(err.kind).toBe('invalid');
  });
});
