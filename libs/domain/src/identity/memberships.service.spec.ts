import { describe, expect, it, jest } from '@jest/globals';
import { notFound } from '@app/core';
import { recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import { IdentityErrors } from './identity.errors';
import type { Membership } from './membership.entity';
import { MembershipsService } from './memberships.service';
import type { User } from './user.entity';
import { PARTNERSHIP, USER, AGENCY, FOREIGN_AGENCY } from '@app/testing/fixtures';

const CREATED = new Date('2026-03-02T10:00:00Z');

function setUp(options: { user?: boolean; member?: Partial<Membership> | null; admins?: number } = {}) {
  const repository = {
    exists: jest.fn(async () => options.member != null),
    find: jest.fn(async () =>
      options.member == null ? null : ({ id: 'm1', partnershipId: PARTNERSHIP, userId: USER, role: 'analyst', ...options.member } as Membership),
    ),
    insert: jest.fn(async (row: Partial<Membership>) => ({ ...row, createdAt: CREATED }) as Membership),
    countAdmins: jest.fn(async () => options.admins ?? 1),
    delete: jest.fn(async (_id: string) => undefined),
  };
  const users = { find: jest.fn(async () => (options.user === false ? null : ({ id: USER, email: 'ann@example.org', displayName: 'Ann' } as User))) };
  const partnerships = {
    getAgency: jest.fn(async (_partnershipId: string, agencyId: string) => {
      if (agencyId !== AGENCY) throw notFound('agency');
      return { id: AGENCY };
    }),
  };
  const audit = recordingAudit();
  const service = construct(MembershipsService, repository, users, audit, partnerships);
  return { service, repository, audit };
}

describe('MembershipsService (repositories mocked)', () => {
  it('adds a member with their role and agency, and audits it', async () => {
    const { service, repository, audit } = setUp();
    const member = await service.add(PARTNERSHIP, { userId: USER, role: 'partner', agencyId: AGENCY });
    expect(member).toEqual({ userId: USER, email: 'ann@example.org', displayName: 'Ann', role: 'partner', agencyId: AGENCY, createdAt: CREATED });
    expect(repository.insert).toHaveBeenCalledWith(expect.objectContaining({ partnershipId: PARTNERSHIP, userId: USER, role: 'partner', agencyId: AGENCY }));
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'member.added', details: { role: 'partner', agencyId: AGENCY } }));
  });

  it('refuses a partner without an agency, an agency of another partnership, an unknown user and a second membership', async () => {
    expect((await refusalOf(setUp().service.add(PARTNERSHIP, { userId: USER, role: 'partner' }))).refusal).toBe(IdentityErrors.partnerNeedsAgency);
    expect((await refusalOf(setUp().service.add(PARTNERSHIP, { userId: USER, role: 'partner', agencyId: FOREIGN_AGENCY }))).detail).toBe(
      'The agency does not exist.',
    );
    expect((await refusalOf(setUp({ user: false }).service.add(PARTNERSHIP, { userId: USER, role: 'analyst' }))).detail).toBe('The user does not exist.');
    const twice = setUp({ member: { role: 'analyst' } });
    expect((await refusalOf(twice.service.add(PARTNERSHIP, { userId: USER, role: 'chair' }))).refusal).toBe(IdentityErrors.memberExists);
    expect(twice.repository.insert).not.toHaveBeenCalled();
  });

  it('removes a member, but never the last admin', async () => {
    const last = setUp({ member: { role: 'admin' }, admins: 1 });
    expect((await refusalOf(last.service.remove(PARTNERSHIP, USER))).refusal).toBe(IdentityErrors.lastAdmin);
    expect(last.repository.delete).not.toHaveBeenCalled();

    const oneOfTwo = setUp({ member: { role: 'admin' }, admins: 2 });
    await oneOfTwo.service.remove(PARTNERSHIP, USER);
    expect(oneOfTwo.repository.delete).toHaveBeenCalledWith('m1');
    expect(oneOfTwo.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'member.removed', details: { role: 'admin' } }));
  });

  it('answers 404 for removing someone who is not a member', async () => {
    expect((await refusalOf(setUp({ member: null }).service.remove(PARTNERSHIP, USER))).detail).toBe('The member does not exist.');
  });
});
