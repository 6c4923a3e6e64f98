import { describe, expect, it, jest } from '@jest/globals';
import { passThroughTransactions, recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import { IdentityErrors } from './identity.errors';
import { OversightGrantsService } from './oversight-grants.service';
import type { User } from './user.entity';
import { USER, PARTNERSHIP as CARDIFF, OTHER_PARTNERSHIP as SWANSEA, UNKNOWN_PARTNERSHIP as UNKNOWN } from '@app/testing/fixtures';

function setUp(user: Partial<User> | null = {}) {
  const row =
    user &&
    ({
      id: USER,
      email: 'board@example.org',
      displayName: 'Board member',
      platformAdmin: false,
      oversightAll: false,
      oversightPartnershipIds: [],
      ...user,
    } as User);
  const users = {
    lock: jest.fn(async () => row),
    find: jest.fn(async () => row),
    saveOversight: jest.fn(async (target: User, all: boolean, ids: string[]) => {
      target.oversightAll = all;
      target.oversightPartnershipIds = ids;
    }),
  };
  const partnerships = { existingIds: jest.fn(async (ids: string[]) => new Set(ids.filter((id) => id === CARDIFF || id === SWANSEA))) };
  const audit = recordingAudit();
  const service = construct(OversightGrantsService, passThroughTransactions(), users, partnerships, audit);
  return { service, users, audit };
}

describe('OversightGrantsService (repositories mocked)', () => {
  it('grants the listed partnerships, each once, and audits it', async () => {
    const { service, users, audit } = setUp();
    const grant = await service.grant({ userId: USER, partnershipIds: [CARDIFF, CARDIFF.toUpperCase(), SWANSEA] });
    expect(grant).toEqual({
      userId: USER,
      email: 'board@example.org',
      displayName: 'Board member',
      allPartnerships: false,
      partnershipIds: [CARDIFF, SWANSEA],
    });
    expect(users.saveOversight).toHaveBeenCalledWith(expect.objectContaining({ id: USER }), false, [CARDIFF, SWANSEA]);
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'oversight.granted', details: { allPartnerships: false, partnershipIds: [CARDIFF, SWANSEA] } }),
    );
  });

  it('takes either every partnership or a list, not both and not neither', async () => {
    for (const input of [{ allPartnerships: true, partnershipIds: [CARDIFF] }, {}]) {
      const err = await refusalOf(setUp().service.grant({ userId: USER, ...input }));
      expect(err.kind).toBe('invalid');
      expect(err.extensions.errors).toEqual([
        { path: 'partnershipIds', message: 'give either allPartnerships: true or at least one partnership id, not both' },
      ]);
    }
  });

  it('names each partnership that does not exist, and grants nothing', async () => {
    const { service, users } = setUp();
    const err = await refusalOf(service.grant({ userId: USER, partnershipIds: [CARDIFF, UNKNOWN] }));
    expect(err.extensions.errors).toEqual([{ path: 'partnershipIds', message: `no partnership ${UNKNOWN}` }]);
    expect(users.saveOversight).not.toHaveBeenCalled();
  });

  it('refuses a grant to a platform admin, and to a user that does not exist', async () => {
    expect((await refusalOf(setUp({ platformAdmin: true }).service.grant({ userId: USER, allPartnerships: true }))).refusal).toBe(IdentityErrors.platformAdmin);
    expect((await refusalOf(setUp(null).service.grant({ userId: USER, allPartnerships: true }))).detail).toBe('The user does not exist.');
  });

  it('revokes a grant; a user without one answers 404', async () => {
    const held = setUp({ oversightAll: true });
    await held.service.revoke(USER);
    expect(held.users.saveOversight).toHaveBeenCalledWith(expect.objectContaining({ id: USER }), false, []);
    expect((await refusalOf(setUp().service.revoke(USER))).detail).toBe('The oversight grant does not exist.');
  });
});
