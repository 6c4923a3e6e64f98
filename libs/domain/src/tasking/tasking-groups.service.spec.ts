import { describe, expect, it, jest } from '@jest/globals';
import { actingAs, refusalOf } from '@app/testing/service-testing';
import type { AuditService } from '../audit';
import type { MembershipsService } from '../identity';
import { PartnershipErrors } from '../partnerships';
import type { PartnershipsService } from '../partnerships';
import type { TaskingGroup } from './tasking-group.entity';
import type { TaskingGroupsRepository } from './tasking-groups.repository';
import { TaskingGroupsService } from './tasking-groups.service';
import { TaskingErrors } from './tasking.errors';

const PARTNERSHIP = '0190a000-0000-7000-8000-000000000001';
const CHAIR = '0190a000-0000-7000-8000-0000000000c1';
const OTHER = '0190a000-0000-7000-8000-0000000000c2';
const AGENCY = '0190a000-0000-7000-8000-0000000000a1';
const GROUP = '0190a000-0000-7000-8000-0000000000f1';

function group(overrides: Partial<TaskingGroup> = {}): TaskingGroup {
  return {
    id: GROUP,
    partnershipId: PARTNERSHIP,
    name: 'Tactical group',
    level: 'tactical',
    cadenceDays: 28,
    chairUserId: CHAIR,
    version: 3,
    ...overrides,
  } as TaskingGroup;
}

/** The service with every collaborator a mock: what it stores is what the repository mock was asked. */
function setUp(options: { taken?: boolean; role?: string | null; agencies?: string[] } = {}) {
  const repository = {
    nameTaken: jest.fn(async () => options.taken ?? false),
    insert: jest.fn(async (_row: unknown) => undefined),
    replaceAgencies: jest.fn(async (_partnershipId: string, _groupId: string, _agencyIds: string[]) => undefined),
    find: jest.fn(async () => group()),
    agenciesOf: jest.fn(async (ids: string[]) => new Map(ids.map((id) => [id, [AGENCY]]))),
    lockForChange: jest.fn(async () => group()),
    update: jest.fn(async (_id: string, _set: unknown) => undefined),
  };
  const audit = { record: jest.fn(async (_event: unknown) => undefined) };
  const partnerships = {
    get: jest.fn(async () => ({ tacticalCadenceDays: 28 })),
    agencyIdsOf: jest.fn(async (_: string, ids: string[]) => new Set(ids.filter((id) => (options.agencies ?? [AGENCY]).includes(id)))),
  };
  const memberships = { find: jest.fn(async () => (options.role === null ? null : { role: options.role ?? 'chair' })) };
  const service = new TaskingGroupsService(
    repository as unknown as TaskingGroupsRepository,
    audit as unknown as AuditService,
    partnerships as unknown as PartnershipsService,
    memberships as unknown as MembershipsService,
  );
  return { service, repository, audit };
}

describe('TaskingGroupsService (repository mocked)', () => {
  it('creates a group with the partnership cadence, its agencies in order, and audits it', async () => {
    const { service, repository, audit } = setUp();
    await service.create(PARTNERSHIP, { name: '  Tactical   group ', level: 'tactical', chairUserId: CHAIR.toUpperCase(), agencyIds: [AGENCY] });
    expect(repository.insert).toHaveBeenCalledWith(
      expect.objectContaining({ partnershipId: PARTNERSHIP, name: 'Tactical group', cadenceDays: 28, chairUserId: CHAIR }),
    );
    expect(repository.replaceAgencies).toHaveBeenCalledWith(PARTNERSHIP, expect.any(String), [AGENCY]);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'tasking_group.created' }));
  });

  it('refuses a name already taken, and stores nothing', async () => {
    const { service, repository } = setUp({ taken: true });
    const err = await refusalOf(service.create(PARTNERSHIP, { name: 'Tactical group', level: 'tactical', chairUserId: CHAIR, agencyIds: [] }));
    expect(err.refusal).toBe(TaskingErrors.taskingGroupExists);
    expect(repository.insert).not.toHaveBeenCalled();
  });

  it('refuses a chair who is not a member, or holds another role', async () => {
    expect((await refusalOf(setUp({ role: null }).service.create(PARTNERSHIP, { name: 'G', level: 'tactical', chairUserId: CHAIR, agencyIds: [] }))).code).toBe(
      'chair-not-member',
    );
    const err = await refusalOf(setUp({ role: 'analyst' }).service.create(PARTNERSHIP, { name: 'G', level: 'tactical', chairUserId: CHAIR, agencyIds: [] }));
    expect(err.refusal).toBe(TaskingErrors.chairRoleRequired);
    expect(err.extensions).toEqual({ chairUserId: CHAIR, role: 'analyst' });
  });

  it('refuses an agency of another partnership, naming it', async () => {
    const foreign = '0190a000-0000-7000-8000-0000000000a9';
    const err = await refusalOf(setUp().service.create(PARTNERSHIP, { name: 'G', level: 'strategic', chairUserId: CHAIR, agencyIds: [AGENCY, foreign] }));
    expect(err.refusal).toBe(PartnershipErrors.agencyNotInPartnership);
    expect(err.extensions).toEqual({ agencyIds: [foreign] });
  });

  it('lets only the chair change the group, then checks If-Match', async () => {
    const { service, repository } = setUp();
    const forbidden = await refusalOf(actingAs({ userId: OTHER, role: 'chair' }, () => service.update(PARTNERSHIP, GROUP, { name: 'New name' }, 3)));
    expect(forbidden.kind).toBe('forbidden');
    const stale = await refusalOf(actingAs({ userId: CHAIR, role: 'chair' }, () => service.update(PARTNERSHIP, GROUP, { name: 'New name' }, 2)));
    expect(stale.kind).toBe('precondition-failed');
    expect(repository.update).not.toHaveBeenCalled();
  });

  it('writes only what changed, and nothing when nothing did', async () => {
    const { service, repository } = setUp();
    await actingAs({ userId: CHAIR, role: 'chair' }, () => service.update(PARTNERSHIP, GROUP, { name: 'Tactical group', agencyIds: [AGENCY] }, 3));
    expect(repository.update).not.toHaveBeenCalled();
    await actingAs({ userId: CHAIR, role: 'chair' }, () => service.update(PARTNERSHIP, GROUP, { cadenceDays: 14 }, 3));
    expect(repository.update).toHaveBeenCalledWith(GROUP, { cadenceDays: 14 });
  });
});
