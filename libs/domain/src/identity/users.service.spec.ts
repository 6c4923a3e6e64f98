import { describe, expect, it, jest } from '@jest/globals';
import type { Clock } from '@app/core';
import { passThroughTransactions, recordingAudit, refusalOf } from '@app/testing/service-testing';
import type { AuditService } from '../audit';
import { IdentityErrors } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import type { User } from './user.entity';
import type { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { firstOf } from '@app/testing/narrow';
import { USER } from '@app/testing/fixtures';

const NOW = new Date('2026-03-02T10:00:00Z');

function setUp(options: { taken?: boolean; user?: Partial<User> | null; hash?: string | null } = {}) {
  const stored = options.user === null ? null : ({ id: USER, email: 'ann@example.org', displayName: 'Ann', platformAdmin: false, ...options.user } as User);
  const repository = {
    emailTaken: jest.fn(async (_email: string) => options.taken ?? false),
    insert: jest.fn(async (row: Partial<User>) => ({ ...row, createdAt: NOW }) as User),
    find: jest.fn(async (_id: string) => stored),
    passwordHashOf: jest.fn(async (_id: string) => (options.hash === undefined ? null : options.hash)),
    setPassword: jest.fn(async (_id: string, _hash: string, _at: Date) => undefined),
  };
  const audit = recordingAudit();
  const clock = { now: () => NOW } as Clock;
  const service = new UsersService(passThroughTransactions(), repository as unknown as UsersRepository, clock, audit as unknown as AuditService);
  return { service, repository, audit };
}

describe('UsersService (repository mocked)', () => {
  it('creates an account with a normalised address and a hashed password, audited on the platform chain', async () => {
    const { service, repository, audit } = setUp();
    const { user, password } = await service.create({ email: '  Ann@Example.ORG ', displayName: ' Ann ', password: 'correct horse battery' });
    expect(password).toBe('correct horse battery');
    expect(user.email).toBe('ann@example.org');
    const written = firstOf(repository.insert.mock.calls)[0];
    expect(written).toEqual(expect.objectContaining({ email: 'ann@example.org', displayName: 'Ann', platformAdmin: false }));
    expect(await new PasswordHasher().verify('correct horse battery', String(written.passwordHash))).toBe(true);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'user.created', partnershipId: null }));
  });

  it('gives a generated one-time password when none is sent', async () => {
    const { password } = await setUp().service.create({ email: 'bob@example.org', displayName: 'Bob' });
    expect(password.length).toBeGreaterThanOrEqual(12);
  });

  it('refuses an address already used, and a short password, storing nothing', async () => {
    const taken = setUp({ taken: true });
    const exists = await refusalOf(taken.service.create({ email: 'Ann@example.org', displayName: 'Ann', password: 'long enough password' }));
    expect(exists.refusal).toBe(IdentityErrors.userExists);
    expect(exists.detail).toBe('A user with the e-mail ann@example.org already exists.');
    const short = setUp();
    const tooShort = await refusalOf(short.service.create({ email: 'ann@example.org', displayName: 'Ann', password: 'short' }));
    expect(tooShort.refusal).toBe(IdentityErrors.passwordTooShort);
    expect(tooShort.detail).toBe('A password has at least 12 characters.');
    expect(taken.repository.insert).not.toHaveBeenCalled();
    expect(short.repository.insert).not.toHaveBeenCalled();
  });

  it('answers 404 for a user that does not exist', async () => {
    const err = await refusalOf(setUp({ user: null }).service.get(USER));
    expect(err.kind).toBe('not-found');
    expect(err.detail).toBe('The user does not exist.');
  });

  it('changes the password only when the current one is right and the new one long enough', async () => {
    const hash = await new PasswordHasher().hash('the current password');
    const wrong = setUp({ hash });
    expect((await refusalOf(wrong.service.changePassword(USER, 'not the password', 'a new long password'))).refusal).toBe(IdentityErrors.wrongPassword);
    const short = setUp({ hash });
    expect((await refusalOf(short.service.changePassword(USER, 'the current password', 'short'))).refusal).toBe(IdentityErrors.passwordTooShort);
    expect(wrong.repository.setPassword).not.toHaveBeenCalled();
    expect(short.repository.setPassword).not.toHaveBeenCalled();

    const { service, repository, audit } = setUp({ hash });
    await service.changePassword(USER, 'the current password', 'a new long password');
    const [id, newHash, at] = firstOf(repository.setPassword.mock.calls);
    expect(id).toBe(USER);
    expect(at).toBe(NOW);
    expect(await new PasswordHasher().verify('a new long password', newHash)).toBe(true);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'user.password_changed' }));
  });

  it('refuses a password change for an account without a password (external sign-in only)', async () => {
    const { service, repository } = setUp({ hash: null });
    expect((await refusalOf(service.changePassword(USER, 'anything at all', 'a new long password'))).refusal).toBe(IdentityErrors.wrongPassword);
    expect(repository.setPassword).not.toHaveBeenCalled();
  });
});
