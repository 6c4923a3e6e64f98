import { describe, expect, it, jest } from '@jest/globals';
import type { TransactionHost } from '@app/core';
import { recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import type { IntelligenceService } from '../community';
import type { PartnershipsService } from '../partnerships';
import type { AgencyPerformanceService, MeetingView } from '../tasking';
import { TaskingErrors } from '../tasking';
import { AccountabilityErrors } from './accountability.errors';
import type { AnnualReportRepository } from './annual-report.repository';
import type { FiguresService } from './figures.service';
import type { PackRow } from './meeting-packs.repository';
import { MeetingPacksService } from './meeting-packs.service';
import { PARTNERSHIP, MEETING } from '@app/testing/fixtures';

const NOW = new Date('2026-03-02T10:00:00Z');

function setUp(options: { status?: string; document?: string | null; row?: PackRow | null } = {}) {
  const view = { meeting: { id: MEETING, status: options.status ?? 'open' } } as unknown as MeetingView;
  const repository = {
    request: jest.fn(
      async (_partnershipId: string, meetingId: string, at: Date) =>
        ({ meetingId, partnershipId: PARTNERSHIP, state: 'queued', requestedAt: at, builtAt: null, builtForStatus: null, builds: 0 }) as PackRow,
    ),
    find: jest.fn(async () => (options.row === undefined ? null : options.row)),
    document: jest.fn(async () => (options.document === undefined ? '<html>pack</html>' : options.document)),
  };
  const meetings = { get: jest.fn(async () => view) };
  const audit = recordingAudit();
  const service = construct(
    MeetingPacksService,
    {} as TransactionHost,
    { now: () => NOW },
    audit,
    repository,
    {} as AnnualReportRepository,
    meetings,
    {} as PartnershipsService,
    {} as AgencyPerformanceService,
    {} as FiguresService,
    {} as IntelligenceService,
  );
  return { service, repository, audit };
}

describe('MeetingPacksService (repositories mocked)', () => {
  it("queues a build of the meeting's pack and audits the request", async () => {
    const { service, repository, audit } = setUp();
    expect(await service.request(PARTNERSHIP, MEETING.toUpperCase())).toMatchObject({ meetingId: MEETING, state: 'queued', requestedAt: NOW });
    expect(repository.request).toHaveBeenCalledWith(PARTNERSHIP, MEETING, NOW);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'meeting_pack.requested', target: { type: 'meeting', id: MEETING } }));
  });

  it('a pack never built is refused, and no download is audited', async () => {
    const { service, audit } = setUp({ document: null });
    const err = await refusalOf(service.download(PARTNERSHIP, MEETING, 'pdf'));
    expect(err.refusal).toBe(AccountabilityErrors.packNotBuilt);
    expect(err.detail).toBe('The pack has not been built yet: POST .../pack, then try again in a few seconds.');
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('a built pack is returned as stored and its download audited', async () => {
    const { service, audit } = setUp();
    expect(await service.download(PARTNERSHIP, MEETING, 'html')).toBe('<html>pack</html>');
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'meeting_pack.downloaded', details: { format: 'html' } }));
  });

  it('minutes wait for the meeting to close, saying its status', async () => {
    const err = await refusalOf(setUp({ status: 'open' }).service.minutes(PARTNERSHIP, MEETING, 'pdf'));
    expect(err.refusal).toBe(TaskingErrors.meetingNotClosed);
    expect(err.detail).toBe('Minutes are available once the meeting is closed.');
    expect(err.extensions).toEqual({ meetingStatus: 'open' });
  });
});
