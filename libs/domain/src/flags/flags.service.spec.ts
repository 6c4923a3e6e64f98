import { describe, expect, it, jest } from '@jest/globals';
import { FixedClock } from '@app/core';
import { actingAs, passThroughTransactions, recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import { FlagErrors } from './flags.errors';
import type { FlagView } from './flags.repository';
import { FlagsService } from './flags.service';
import { PARTNERSHIP, FLAG, ACTION as SUBJECT, ANALYST, fixture } from '@app/testing/fixtures';

const NOW = new Date('2026-05-20T09:00:00Z');

const flag = fixture<FlagView>({
  id: FLAG,
  partnershipId: PARTNERSHIP,
  kind: 'action_overdue',
  subjectType: 'action',
  subjectId: SUBJECT,
  dueDate: '2026-05-19',
  data: {},
  acknowledgedAt: null,
  version: 3,
});

function setUp(options: { found?: FlagView | null; acknowledged?: FlagView | null; inTransaction?: boolean } = {}) {
  const repository = {
    find: jest.fn(async () => (options.found === undefined ? flag() : options.found)),
    acknowledge: jest.fn(async (_p: string, _id: string, _version: number, _by: unknown, _at: Date) =>
      options.acknowledged === undefined ? flag({ acknowledgedAt: NOW, version: 4 }) : options.acknowledged,
    ),
    raise: jest.fn(async (_causes: unknown[], _now: Date, _requestId: string | null) => []),
    resolveFor: jest.fn(async (_p: string, _subject: unknown, _kinds: string[] | null, _now: Date, _requestId: string | null) => []),
  };
  const audit = recordingAudit();
  const service = construct(
    FlagsService,
    passThroughTransactions(PARTNERSHIP, { inTransaction: options.inTransaction }),
    repository,
    new FixedClock(NOW),
    audit,
  );
  return { service, repository, audit };
}

describe('FlagsService (repository mocked)', () => {
  it('answers 404 for a flag the partnership does not have', async () => {
    const err = await refusalOf(setUp({ found: null }).service.get(PARTNERSHIP, FLAG));
    expect(err.kind).toBe('not-found');
    expect(err.detail).toBe('The flag does not exist.');
  });

  it('acknowledges once, as who did it, and audits it', async () => {
    const { service, repository, audit } = setUp();
    const acknowledged = await actingAs({ userId: ANALYST, role: 'analyst' }, () => service.acknowledge(PARTNERSHIP, FLAG, 3));
    expect(acknowledged.version).toBe(4);
    expect(repository.acknowledge).toHaveBeenCalledWith(PARTNERSHIP, FLAG, 3, { type: 'user', id: ANALYST }, NOW);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'flag.acknowledged', target: { type: 'flag', id: FLAG } }));
    await actingAs({ kind: 'api_key', apiKeyId: 'key-1' }, () => service.acknowledge(PARTNERSHIP, FLAG));
    expect(repository.acknowledge).toHaveBeenLastCalledWith(PARTNERSHIP, FLAG, 3, { type: 'api_key', id: 'key-1' }, NOW);
  });

  it('checks If-Match before refusing a second acknowledgement', async () => {
    const { service, repository } = setUp({ found: flag({ acknowledgedAt: NOW }) });
    expect((await refusalOf(service.acknowledge(PARTNERSHIP, FLAG, 2))).kind).toBe('precondition-failed');
    const again = await refusalOf(service.acknowledge(PARTNERSHIP, FLAG, 3));
    expect(again.refusal).toBe(FlagErrors.flagAlreadyAcknowledged);
    expect(again.kind).toBe('conflict');
    expect(repository.acknowledge).not.toHaveBeenCalled();
  });

  it('answers 412 when the flag changed between the read and the write', async () => {
    const { service, audit } = setUp({ acknowledged: null });
    const err = await refusalOf(actingAs({ userId: ANALYST }, () => service.acknowledge(PARTNERSHIP, FLAG)));
    expect(err.kind).toBe('precondition-failed');
    expect(err.detail).toBe('The flag changed while it was being acknowledged; fetch it again and retry.');
    expect(audit.record).not.toHaveBeenCalled();
  });

  it("raises in the transaction's partnership, and refuses a due date that is not a calendar date", async () => {
    const { service, repository } = setUp();
    await actingAs({}, () => service.raise([{ kind: 'action_overdue', subject: { type: 'action', id: SUBJECT }, dueDate: '2026-05-19' }]));
    expect(repository.raise).toHaveBeenCalledWith(
      [{ partnership_id: PARTNERSHIP, kind: 'action_overdue', subject_type: 'action', subject_id: SUBJECT, due_date: '2026-05-19', data: {} }],
      NOW,
      'test',
    );
    await expect(service.raise([{ kind: 'action_overdue', subject: { type: 'action', id: SUBJECT }, dueDate: '19/05/2026' }])).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('resolves only inside the transaction that fixes the cause, and nothing for no subjects', async () => {
    await expect(setUp({ inTransaction: false }).service.resolveFor({ type: 'action', id: SUBJECT })).rejects.toThrow(/inside the transaction/);
    const { service, repository } = setUp();
    expect(await service.resolveFor({ type: 'action', id: [] })).toEqual([]);
    expect(repository.resolveFor).not.toHaveBeenCalled();
    await service.resolveFor({ type: 'action', id: SUBJECT }, { kinds: ['action_overdue'] });
    expect(repository.resolveFor).toHaveBeenCalledWith(PARTNERSHIP, { type: 'action', ids: [SUBJECT] }, ['action_overdue'], NOW, null);
  });
});
