import { describe, expect, it, jest } from '@jest/globals';
import { actingAs, recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import { PartnershipErrors } from '../partnerships';
import type { TaskingGroup } from './tasking-group.entity';
import { TaskingGroupsService } from './tasking-groups.service';
import { TaskingErrors } from './tasking.errors';
import { taskingGroup } from './tasking.spec-fixtures';
import { PARTNERSHIP, CHAIR, OTHER_USER as OTHER, DEPUTY, AGENCY, FOREIGN_AGENCY, GROUP } from '@app/testing/fixtures';

/** The service with every collaborator a mock: what it stores is what the repository mock was asked. */
function setUp(
  options: { taken?: boolean; role?: string | null; roles?: Record<string, string | null>; agencies?: string[]; stored?: Partial<TaskingGroup> } = {},
) {
  const repository = {
    nameTaken: jest.fn(async () => options.taken ?? false),
    insert: jest.fn(async (_row: unknown) => undefined),
    replaceAgencies: jest.fn(async (_partnershipId: string, _groupId: string, _agencyIds: string[]) => undefined),
    find: jest.fn(async () => taskingGroup()),
    agenciesOf: jest.fn(async (ids: string[]) => new Map(ids.map((id) => [id, [AGENCY]]))),
    lockForChange: jest.fn(async () => taskingGroup(options.stored)),
    update: jest.fn(async (_id: string, _set: unknown) => undefined),
  };
  const audit = recordingAudit();
  const partnerships = {
    get: jest.fn(async () => ({ tacticalCadenceDays: 28 })),
    agencyIdsOf: jest.fn(async (_: string, ids: string[]) => new Set(ids.filter((id) => (options.agencies ?? [AGENCY]).includes(id)))),
  };
  const roleOf = (userId: string) =>
    options.roles && userId in options.roles ? options.roles[userId] : options.role === null ? null : (options.role ?? 'chair');
  const memberships = {
    find: jest.fn(async (_partnershipId: string, userId: string) => {
      const role = roleOf(userId);
      return role === null || role === undefined ? null : { role };
    }),
  };
  const service = construct(TaskingGroupsService, repository, audit, partnerships, memberships);
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
    const err = await refusalOf(
      setUp().service.create(PARTNERSHIP, { name: 'G', level: 'strategic', chairUserId: CHAIR, agencyIds: [AGENCY, FOREIGN_AGENCY] }),
    );
    expect(err.refusal).toBe(PartnershipErrors.agencyNotInPartnership);
    expect(err.extensions).toEqual({ agencyIds: [FOREIGN_AGENCY] });
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

  describe('the deputy chair', () => {
    const input = { name: 'G', level: 'tactical' as const, chairUserId: CHAIR, agencyIds: [AGENCY] };

    it('is stored and audited with the group, lower-cased, or null when none is named', async () => {
      const { service, repository, audit } = setUp();
      await service.create(PARTNERSHIP, { ...input, deputyChairUserId: DEPUTY.toUpperCase() });
      expect(repository.insert).toHaveBeenCalledWith(expect.objectContaining({ chairUserId: CHAIR, deputyChairUserId: DEPUTY }));
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ details: expect.objectContaining({ deputyChairUserId: DEPUTY }) }));
      const none = setUp();
      await none.service.create(PARTNERSHIP, input);
      expect(none.repository.insert).toHaveBeenCalledWith(expect.objectContaining({ deputyChairUserId: null }));
    });

    it('is refused when not a member, holding another role, or the chair themself, and nothing is stored', async () => {
      const notMember = setUp({ roles: { [DEPUTY]: null } });
      const err = await refusalOf(notMember.service.create(PARTNERSHIP, { ...input, deputyChairUserId: DEPUTY }));
      expect(err.refusal).toBe(TaskingErrors.deputyChairNotMember);
      expect(err.extensions).toEqual({ deputyChairUserId: DEPUTY });
      expect(notMember.repository.insert).not.toHaveBeenCalled();
      const analyst = await refusalOf(setUp({ roles: { [DEPUTY]: 'analyst' } }).service.create(PARTNERSHIP, { ...input, deputyChairUserId: DEPUTY }));
      expect(analyst.refusal).toBe(TaskingErrors.deputyChairRoleRequired);
      expect(analyst.extensions).toEqual({ deputyChairUserId: DEPUTY, role: 'analyst' });
      const self = await refusalOf(setUp().service.create(PARTNERSHIP, { ...input, deputyChairUserId: CHAIR.toUpperCase() }));
      expect(self.refusal).toBe(TaskingErrors.deputyChairIsChair);
    });

    it('is named and cleared by the chair, audited with what it was', async () => {
      const { service, repository, audit } = setUp();
      await actingAs({ userId: CHAIR, role: 'chair' }, () => service.update(PARTNERSHIP, GROUP, { deputyChairUserId: DEPUTY }, 3));
      expect(repository.update).toHaveBeenCalledWith(GROUP, { deputyChairUserId: DEPUTY });
      expect(audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ details: { before: { deputyChairUserId: null }, after: { deputyChairUserId: DEPUTY } } }),
      );
      const named = setUp({ stored: { deputyChairUserId: DEPUTY } });
      await actingAs({ userId: CHAIR, role: 'chair' }, () => named.service.update(PARTNERSHIP, GROUP, { deputyChairUserId: null }, 3));
      expect(named.repository.update).toHaveBeenCalledWith(GROUP, { deputyChairUserId: null });
      expect(named.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ details: { before: { deputyChairUserId: DEPUTY }, after: { deputyChairUserId: null } } }),
      );
    });

    it('refuses handing the chair to the deputy unless another deputy (or none) is named with it', async () => {
      const stored = { deputyChairUserId: DEPUTY };
      const handed = setUp({ stored });
      const err = await refusalOf(actingAs({ userId: CHAIR, role: 'chair' }, () => handed.service.update(PARTNERSHIP, GROUP, { chairUserId: DEPUTY }, 3)));
      expect(err.refusal).toBe(TaskingErrors.deputyChairIsChair);
      expect(handed.repository.update).not.toHaveBeenCalled();
      const swapped = setUp({ stored });
      await actingAs({ userId: CHAIR, role: 'chair' }, () => swapped.service.update(PARTNERSHIP, GROUP, { chairUserId: DEPUTY, deputyChairUserId: CHAIR }, 3));
      expect(swapped.repository.update).toHaveBeenCalledWith(GROUP, { chairUserId: DEPUTY, deputyChairUserId: CHAIR });
    });

    it('may not change the group itself: that stays with the chair and admins', async () => {
      const { service, repository } = setUp({ stored: { deputyChairUserId: DEPUTY } });
      const err = await refusalOf(actingAs({ userId: DEPUTY, role: 'chair' }, () => service.update(PARTNERSHIP, GROUP, { deputyChairUserId: null }, 3)));
      expect(err.kind).toBe('forbidden');
      expect(err.detail).toBe('Only the chair of Tactical group or a partnership admin can change the group.');
      expect(repository.update).not.toHaveBeenCalled();
    });
  });
});
