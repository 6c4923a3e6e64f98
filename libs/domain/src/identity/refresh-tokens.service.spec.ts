import { describe, expect, it, jest } from '@jest/globals';
import type { AppConfig } from '@app/core';
import { passThroughTransactions, recordingAudit, refusalOf, construct } from '@app/testing/service-testing';
import type { RefreshTokenRow } from './refresh-tokens.repository';
import { hashRefreshToken, RefreshTokensService } from './refresh-tokens.service';
import type { User } from './user.entity';
import { USER, testId } from '@app/testing/fixtures';

const FAMILY = testId(0xf1);
const NOW = new Date('2026-03-02T10:00:00Z');
const STARTED = new Date('2026-03-01T10:00:00Z');
const TOKEN = `csprt_${'a'.repeat(43)}`;

function setUp(options: { live?: boolean; found?: Partial<RefreshTokenRow> | null; user?: Partial<User> | null } = {}) {
  const row = { id: 't1', userId: USER, familyId: FAMILY, familyStartedAt: STARTED, expiresAt: NOW, usedAt: null, revokedAt: null };
  const repository = {
    markUsed: jest.fn(async (_hash: string, _now: Date) => (options.live === false ? null : { ...row, usedAt: NOW })),
    findByHash: jest.fn(async (_hash: string) => (options.found === null ? null : ({ ...row, ...options.found } as RefreshTokenRow))),
    revokeFamily: jest.fn(async (_familyId: string, _now: Date) => 3),
    insert: jest.fn(async (_row: unknown) => undefined),
  };
  const users = {
    find: jest.fn(async () => (options.user === null ? null : ({ id: USER, disabledAt: null, passwordChangedAt: null, ...options.user } as User))),
  };
  const audit = recordingAudit();
  const config = { auth: { refreshTtlSeconds: 3600, refreshFamilyTtlSeconds: 86_400 * 2 } } as AppConfig;
  const service = construct(RefreshTokensService, passThroughTransactions(), { now: () => NOW }, repository, users, audit, config);
  return { service, repository, audit };
}

describe('RefreshTokensService (repositories mocked)', () => {
  it('rotates a live token into the next of its family, never outliving the family', async () => {
    const { service, repository } = setUp();
    const next = await service.rotate(TOKEN);
    expect(repository.markUsed).toHaveBeenCalledWith(hashRefreshToken(TOKEN), NOW);
    expect(next.userId).toBe(USER);
    expect(next.refreshToken).toMatch(/^csprt_[A-Za-z0-9_-]{43}$/);
    expect(next.refreshExpiresAt).toEqual(new Date(NOW.getTime() + 3600 * 1000));
    expect(repository.insert).toHaveBeenCalledWith(
      expect.objectContaining({ userId: USER, familyId: FAMILY, familyStartedAt: STARTED, tokenHash: hashRefreshToken(next.refreshToken) }),
    );
  });

  it('takes a used token presented again as stolen: the family is revoked and audited, and the answer is 401', async () => {
    const { service, repository, audit } = setUp({ live: false, found: { usedAt: STARTED } });
    const err = await refusalOf(service.rotate(TOKEN));
    expect(err.kind).toBe('unauthorized');
    expect(err.detail).toBe('The refresh token is not valid: sign in again.');
    expect(repository.revokeFamily).toHaveBeenCalledWith(FAMILY, NOW);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'auth.refresh_token_reused', details: { familyId: FAMILY, revoked: 3 } }));
  });

  it('refuses an unknown or malformed token without revoking anything', async () => {
    for (const token of [TOKEN, 'not-a-token']) {
      const { service, repository } = setUp({ live: false, found: null });
      expect((await refusalOf(service.rotate(token))).kind).toBe('unauthorized');
      expect(repository.revokeFamily).not.toHaveBeenCalled();
    }
  });

  it('ends the family of a disabled account, or of one whose password changed since the sign-in', async () => {
    for (const user of [{ disabledAt: NOW }, { passwordChangedAt: new Date(STARTED.getTime() + 1000) }]) {
      const { service, repository } = setUp({ user });
      expect((await refusalOf(service.rotate(TOKEN))).kind).toBe('unauthorized');
      expect(repository.revokeFamily).toHaveBeenCalledWith(FAMILY, NOW);
      expect(repository.insert).not.toHaveBeenCalled();
    }
  });
});
