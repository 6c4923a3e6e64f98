import { describe, expect, it, jest } from '@jest/globals';
import { CommonErrors, FixedClock } from '@app/core';
import { actingAs, recordingAudit, recordingOutbox, refusalOf, construct } from '@app/testing/service-testing';
import { PartnershipErrors } from '../partnerships';
import type { Meeting } from './meeting.entity';
import { MeetingsService } from './meetings.service';
import type { MeetingStatus } from './tasking.constants';
import { TaskingErrors } from './tasking.errors';
import { taskingGroup } from './tasking.spec-fixtures';
import { PARTNERSHIP, CHAIR, OTHER_USER as OTHER, DEPUTY, AGENCY, FOREIGN_AGENCY as FOREIGN, GROUP, MEETING, testId } from '@app/testing/fixtures';

const OPEN_ELSEWHERE = testId(0x149);
const NOW = new Date('2026-03-10T10:00:00Z');

const group = taskingGroup({ deputyChairUserId: DEPUTY, version: 1 });

function meeting(status: MeetingStatus): Meeting {
  return { id: MEETING, partnershipId: PARTNERSHIP, taskingGroupId: GROUP, scheduledFor: NOW, status, agenda: null, version: 4 } as Meeting;
}

const EMPTY_AGENDA = { overdueActions: [], actionsDue: [], problemsForReview: [], newNominations: [], priorities: [], flags: [] };

/** The service with its repositories and collaborators mocked: what it stores is what the repository mock was asked. */
function setUp(options: { status?: MeetingStatus; otherOpen?: string | null } = {}) {
  const stored = meeting(options.status ?? 'scheduled');
  const repository = {
    find: jest.fn(async () => stored),
    lockForChange: jest.fn(async () => stored),
    insert: jest.fn(async (_row: unknown) => undefined),
    update: jest.fn(async (_id: string, _set?: unknown) => undefined),
    otherOpenMeeting: jest.fn(async () => options.otherOpen ?? null),
    tally: jest.fn(async () => ({ decisions: 2, actionIds: ['a1'], attendance: { present: 1 } })),
    replaceAttendance: jest.fn(async (_meetingId: string, _rows: unknown[]) => undefined),
    insertAddendum: jest.fn(async (_row: unknown) => undefined),
  };
  const reads = {
    meeting: jest.fn(async () => ({ meeting: { ...stored, agenda: EMPTY_AGENDA }, group, attendance: [], decisions: [], actions: [], addenda: [] })),
  };
  const clock = new FixedClock(NOW);
  const audit = recordingAudit();
  const outbox = recordingOutbox();
  const partnerships = { agencyIdsOf: jest.fn(async (_: string, ids: string[]) => new Set(ids.filter((id) => id === AGENCY))) };
  const groups = { find: jest.fn(async () => group), lock: jest.fn(async (_partnershipId: string, _id: string) => group) };
  const agendas = { generate: jest.fn(async () => EMPTY_AGENDA) };
  const actions = { views: jest.fn(() => []) };
  const service = construct(MeetingsService, repository, clock, audit, outbox, partnerships, groups, agendas, actions, reads);
  return { service, repository, outbox, groups };
}

const chair = <T>(work: () => Promise<T>) => actingAs({ userId: CHAIR, role: 'chair' }, work);

describe('MeetingsService (repositories mocked)', () => {
  it('refuses to schedule on a day already past, and stores nothing', async () => {
    const { service, repository } = setUp();
    const err = await refusalOf(service.schedule(PARTNERSHIP, GROUP, new Date('2026-03-09T18:00:00Z')));
    expect(err.refusal).toBe(TaskingErrors.meetingDatePassed);
    expect(err.extensions).toEqual({ scheduledFor: '2026-03-09T18:00:00.000Z', today: '2026-03-10' });
    expect(repository.insert).not.toHaveBeenCalled();
  });

  it('opens a scheduled meeting, freezing its agenda, after locking its group', async () => {
    const { service, repository, groups } = setUp();
    await chair(() => service.open(PARTNERSHIP, MEETING, 4));
    expect(groups.lock).toHaveBeenCalledWith(PARTNERSHIP, GROUP);
    expect(repository.update).toHaveBeenCalledWith(MEETING, { status: 'open', openedAt: NOW, openedBy: CHAIR, agenda: EMPTY_AGENDA });
  });

  it('lets only the chair open a meeting, and only then checks If-Match', async () => {
    const { service, repository } = setUp();
    const refused = await refusalOf(actingAs({ userId: OTHER, role: 'chair' }, () => service.open(PARTNERSHIP, MEETING, 3)));
    expect(refused.kind).toBe('forbidden');
    const stale = await refusalOf(chair(() => service.open(PARTNERSHIP, MEETING, 3)));
    expect(stale.refusal).toBe(CommonErrors.preconditionFailed);
    expect(repository.update).not.toHaveBeenCalled();
  });

  it('lets the deputy chair open and close a meeting, recorded as who did; anyone else is told who may', async () => {
    const deputy = <T>(work: () => Promise<T>) => actingAs({ userId: DEPUTY, role: 'chair' }, work);
    const opening = setUp();
    await deputy(() => opening.service.open(PARTNERSHIP, MEETING, 4));
    expect(opening.repository.update).toHaveBeenCalledWith(MEETING, { status: 'open', openedAt: NOW, openedBy: DEPUTY, agenda: EMPTY_AGENDA });
    const closing = setUp({ status: 'open' });
    await deputy(() => closing.service.close(PARTNERSHIP, MEETING));
    expect(closing.repository.update).toHaveBeenCalledWith(MEETING, { status: 'closed', closedAt: NOW, closedBy: DEPUTY });
    const refused = await refusalOf(actingAs({ userId: OTHER, role: 'chair' }, () => setUp().service.open(PARTNERSHIP, MEETING)));
    expect(refused.detail).toBe('Only the chair or deputy chair of Tactical group or a partnership admin can open its meetings.');
  });

  it('refuses to open a meeting that is not scheduled, or while another of the group is open', async () => {
    const notScheduled = await refusalOf(chair(() => setUp({ status: 'open' }).service.open(PARTNERSHIP, MEETING)));
    expect(notScheduled.refusal).toBe(TaskingErrors.meetingNotScheduled);
    expect(notScheduled.extensions).toEqual({ meetingStatus: 'open' });
    const other = await refusalOf(chair(() => setUp({ otherOpen: OPEN_ELSEWHERE }).service.open(PARTNERSHIP, MEETING)));
    expect(other.refusal).toBe(TaskingErrors.groupHasOpenMeeting);
    expect(other.extensions).toEqual({ openMeetingId: OPEN_ELSEWHERE });
  });

  it('closes an open meeting and sends what its minutes hold to the outbox', async () => {
    const { service, repository, outbox } = setUp({ status: 'open' });
    await chair(() => service.close(PARTNERSHIP, MEETING));
    expect(repository.update).toHaveBeenCalledWith(MEETING, { status: 'closed', closedAt: NOW, closedBy: CHAIR });
    expect(outbox.add).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'meeting.closed',
        data: expect.objectContaining({ meetingId: MEETING, decisions: 2, actionIds: ['a1'], closedAt: NOW.toISOString() }),
      }),
    );
  });

  it('records attendance only while the meeting is open', async () => {
    const scheduled = await refusalOf(setUp({ status: 'scheduled' }).service.putAttendance(PARTNERSHIP, MEETING, []));
    expect(scheduled.refusal).toBe(TaskingErrors.meetingNotOpen);
    const closed = await refusalOf(setUp({ status: 'closed' }).service.putAttendance(PARTNERSHIP, MEETING, []));
    expect(closed.refusal).toBe(TaskingErrors.meetingClosed);
  });

  it('stores attendance in order, trimmed, and refuses a repeated or foreign agency', async () => {
    const { service, repository } = setUp({ status: 'open' });
    await service.putAttendance(PARTNERSHIP, MEETING, [{ agencyId: AGENCY.toUpperCase(), status: 'present', attendee: '  PC Jones ' }]);
    expect(repository.replaceAttendance).toHaveBeenCalledWith(MEETING, [
      expect.objectContaining({ meetingId: MEETING, agencyId: AGENCY, status: 'present', attendee: 'PC Jones', position: 1 }),
    ]);
    expect(repository.update).toHaveBeenCalledWith(MEETING);

    const repeated = await refusalOf(
      setUp({ status: 'open' }).service.putAttendance(PARTNERSHIP, MEETING, [
        { agencyId: AGENCY, status: 'present' },
        { agencyId: AGENCY, status: 'apologies' },
      ]),
    );
    expect(repeated.kind).toBe('invalid');
    expect(repeated.extensions).toEqual({ errors: [{ path: '[1].agencyId', message: 'an agency appears once in the attendance' }] });

    const other = setUp({ status: 'open' });
    const foreign = await refusalOf(other.service.putAttendance(PARTNERSHIP, MEETING, [{ agencyId: FOREIGN, status: 'present' }]));
    expect(foreign.refusal).toBe(PartnershipErrors.agencyNotInPartnership);
    expect(foreign.extensions).toEqual({ agencyIds: [FOREIGN] });
    expect(other.repository.replaceAttendance).not.toHaveBeenCalled();
  });

  it('adds addenda only to a closed meeting, by a person', async () => {
    const open = await refusalOf(chair(() => setUp({ status: 'open' }).service.addAddendum(PARTNERSHIP, MEETING, 'Correction')));
    expect(open.refusal).toBe(TaskingErrors.meetingNotClosed);
    const key = await refusalOf(
      actingAs({ kind: 'api_key', apiKeyId: 'k' }, () => setUp({ status: 'closed' }).service.addAddendum(PARTNERSHIP, MEETING, 'Correction')),
    );
    expect(key.kind).toBe('forbidden');
    const { service, repository } = setUp({ status: 'closed' });
    const addendum = await chair(() => service.addAddendum(PARTNERSHIP, MEETING, '  The date was wrong. '));
    expect(addendum).toEqual(expect.objectContaining({ text: 'The date was wrong.', authorId: CHAIR, addedAt: NOW }));
    expect(repository.insertAddendum).toHaveBeenCalledWith(expect.objectContaining({ meetingId: MEETING, text: 'The date was wrong.', authorId: CHAIR }));
  });
});
