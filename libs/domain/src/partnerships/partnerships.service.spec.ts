import { describe, expect, it, jest } from '@jest/globals';
import { versionMismatch } from '@app/core';
import type { Principal } from '@app/core/security';
import { passThroughTransactions, recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import type { Partnership } from './partnership.entity';
import { PartnershipErrors } from './partnerships.errors';
import type { PartnershipPageQuery } from './partnerships.repository';
import { PartnershipsService } from './partnerships.service';
import { PARTNERSHIP as CARDIFF, USER, fixture } from '@app/testing/fixtures';

const partnership = fixture<Partnership>({
  id: CARDIFF,
  code: 'cardiff',
  name: 'Cardiff',
  referencePrefix: 'CDF',
  reviewIntervalMonths: 3,
  tacticalCadenceDays: 28,
  controlStrategyStrands: ['prevention'],
  version: 4,
});

function setUp(options: { codeTaken?: boolean; prefixTaken?: boolean; agencyTaken?: boolean } = {}) {
  const repository = {
    codeTaken: jest.fn(async () => options.codeTaken ?? false),
    referencePrefixTaken: jest.fn(async () => options.prefixTaken ?? false),
    insert: jest.fn(async (_row: unknown) => undefined),
    find: jest.fn(async () => partnership()),
    lockForChange: jest.fn(async (_id: string, expected?: number) => {
      if (expected !== undefined && expected !== 4) throw versionMismatch();
      return partnership();
    }),
    update: jest.fn(async (_id: string, _set: unknown) => undefined),
    page: jest.fn(async (_query: PartnershipPageQuery) => [partnership()]),
  };
  const agencies = {
    nameTaken: jest.fn(async () => options.agencyTaken ?? false),
    insert: jest.fn(async (row: { name: string }) => row),
    existingIds: jest.fn(async (_partnershipId: string, ids: string[]) => new Set(ids)),
  };
  const audit = recordingAudit();
  const listeners = { reviewIntervalChanged: jest.fn(async (_change: unknown) => undefined) };
  const service = construct(PartnershipsService, passThroughTransactions(), repository, agencies, audit, listeners);
  return { service, repository, agencies, audit, listeners };
}

const principal = (p: Partial<Principal>): Principal => ({ kind: 'user', platformAdmin: false, ...p }) as Principal;

describe('PartnershipsService (repositories mocked)', () => {
  it('lists an API key its own partnership, a platform admin every one, anyone else their memberships', async () => {
    const { service, repository } = setUp();
    await service.listFor(principal({ kind: 'api_key', partnershipId: CARDIFF }), {});
    await service.listFor(principal({ userId: USER, platformAdmin: true }), {});
    await service.listFor(principal({ userId: USER }), {});
    await service.listFor(principal({ kind: 'oversight', userId: USER }), {});
    expect(repository.page.mock.calls.map(([q]) => q.scope)).toEqual([{ ids: [CARDIFF] }, { all: true }, { memberUserId: USER }, { memberUserId: USER }]);
  });

  it('creates a partnership with a lower-case code and audits it; refuses a code or prefix in use', async () => {
    const { service, repository, audit } = setUp();
    await service.create({ code: 'Newport', name: ' Newport ', referencePrefix: 'NWP' });
    expect(repository.insert).toHaveBeenCalledWith(expect.objectContaining({ code: 'newport', name: 'Newport', referencePrefix: 'NWP', policeForce: null }));
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'partnership.created', details: { code: 'newport', name: 'Newport' } }));

    const code = await refusalOf(setUp({ codeTaken: true }).service.create({ code: 'cardiff', name: 'Cardiff', referencePrefix: 'XYZ' }));
    expect(code.refusal).toBe(PartnershipErrors.partnershipExists);
    expect(code.detail).toBe('A partnership with the code cardiff already exists.');
    const prefix = setUp({ prefixTaken: true });
    expect((await refusalOf(prefix.service.create({ code: 'newport', name: 'Newport', referencePrefix: 'CDF' }))).refusal).toBe(
      PartnershipErrors.referencePrefixTaken,
    );
    expect(prefix.repository.insert).not.toHaveBeenCalled();
  });

  it('writes only the settings that changed, tells the listeners of a new review interval, and writes nothing for no change', async () => {
    const { service, repository, listeners, audit } = setUp();
    await service.updateSettings(CARDIFF, { tacticalCadenceDays: 28, controlStrategyStrands: ['prevention'] }, 4);
    expect(repository.update).not.toHaveBeenCalled();
    await service.updateSettings(CARDIFF, { reviewIntervalMonths: 1, tacticalCadenceDays: 28 }, 4);
    expect(repository.update).toHaveBeenCalledWith(CARDIFF, { reviewIntervalMonths: 1 });
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ details: { before: { reviewIntervalMonths: 3 }, after: { reviewIntervalMonths: 1 } } }),
    );
    expect(listeners.reviewIntervalChanged).toHaveBeenCalledWith({ partnershipId: CARDIFF, previousMonths: 3, reviewIntervalMonths: 1 });
  });

  it('refuses settings sent against another version', async () => {
    const { service, repository } = setUp();
    expect((await refusalOf(service.updateSettings(CARDIFF, { reviewIntervalMonths: 1 }, 3))).kind).toBe('precondition-failed');
    expect(repository.update).not.toHaveBeenCalled();
  });

  it('adds an agency with its name tidied; refuses a name the partnership has', async () => {
    const { service, agencies } = setUp();
    await service.createAgency(CARDIFF, { name: '  South   Wales Police ', kind: 'police' });
    expect(agencies.insert).toHaveBeenCalledWith(expect.objectContaining({ partnershipId: CARDIFF, name: 'South Wales Police', kind: 'police' }));
    const clash = await refusalOf(setUp({ agencyTaken: true }).service.createAgency(CARDIFF, { name: 'South Wales Police', kind: 'police' }));
    expect(clash.refusal).toBe(PartnershipErrors.agencyExists);
    expect(clash.detail).toBe('An agency named "South Wales Police" already exists in this partnership.');
  });

  it('asks for no agency when none of the ids is a UUID', async () => {
    const { service, agencies } = setUp();
    expect(await service.agencyIdsOf(CARDIFF, ['not-an-id'])).toEqual(new Set());
    expect(agencies.existingIds).not.toHaveBeenCalled();
  });
});
