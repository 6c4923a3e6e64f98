import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@app/core';
import type { Role, Scope } from '@app/core/security';
import { PasswordHasher } from '@app/domain/identity';
import { firstOf, type TestApp } from '@app/testing';
import { tokenNow } from './http';

/** A cheap scrypt cost for test accounts (the stored hash carries its parameters). */
const hasher = new PasswordHasher({ N: 1 << 10, r: 8, p: 1, keylen: 32 });
const hashes = new Map<string, Promise<string>>();

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

/** Inserts a local account behind the app's back (as a superuser). */
export async function createUser(
  t: TestApp,
  options: { email?: string; password?: string; platformAdmin?: boolean; displayName?: string } = {},
): Promise<TestUser> {
  const id = uuidv7();
  const email = (options.email ?? `user-${randomBytes(4).toString('hex')}@example.org`).toLowerCase();
  const password = options.password ?? 'correct horse battery staple';
  if (!hashes.has(password)) hashes.set(password, hasher.hash(password));
  await t.db.query(`INSERT INTO users (id, email, display_name, password_hash, platform_admin) VALUES ($1, $2, $3, $4, $5)`, [
    id,
    email,
    options.displayName ?? email.split('@')[0],
    await hashes.get(password),
    options.platformAdmin ?? false,
  ]);
  return { id, email, password };
}

export async function partnershipId(t: Pick<TestApp, 'db'>, code: string): Promise<string> {
  const rows = await t.db.query<{ id: string }>('SELECT id FROM partnerships WHERE code = $1', [code]);
  assert.equal(rows.length, 1, `no partnership ${code}`);
  return firstOf(rows).id;
}

export async function agencyOf(t: TestApp, code: string, kind = 'police'): Promise<string> {
  const rows = await t.db.query<{ id: string }>(
    'SELECT a.id FROM agencies a JOIN partnerships p ON p.id = a.partnership_id WHERE p.code = $1 AND a.kind = $2 ORDER BY a.name LIMIT 1',
    [code, kind],
  );
  return firstOf(rows).id;
}

/** Gives a user a role in a partnership behind the app's back. */
export async function addMember(t: TestApp, userId: string, code: string, role: Role, agencyId?: string | null): Promise<void> {
  const pid = await partnershipId(t, code);
  const agency = agencyId === undefined ? (role === 'partner' ? await agencyOf(t, code) : null) : agencyId;
  await t.db.query(`INSERT INTO memberships (id, partnership_id, user_id, role, agency_id) VALUES ($1, $2, $3, $4, $5)`, [uuidv7(), pid, userId, role, agency]);
}

/** Signs in through the API and returns the access token. */
export async function signIn(t: TestApp, user: { email: string; password: string }): Promise<string> {
  const res = await t.http.post('/api/v1/auth/token').send({ email: user.email, password: user.password });
  assert.equal(res.status, 200, `sign-in failed: ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** A user with a role in a partnership, signed in: returns the bearer header value. */
export async function member(t: TestApp, code: string, role: Role, agencyId?: string | null): Promise<{ user: TestUser; token: string; auth: string }> {
  const user = await createUser(t);
  await addMember(t, user.id, code, role, agencyId);
  const token = await signIn(t, user);
  return { user, token, auth: `Bearer ${token}` };
}

export async function platformAdmin(t: TestApp): Promise<{ user: TestUser; token: string; auth: string }> {
  const user = await createUser(t, { platformAdmin: true });
  const token = await signIn(t, user);
  return { user, token, auth: `Bearer ${token}` };
}

/** Creates an API key through the API (as the given admin) and returns the key. */
export async function apiKey(
  t: TestApp,
  code: string,
  adminAuth: string,
  scopes: Scope[],
  name = `key ${randomBytes(3).toString('hex')}`,
): Promise<{ id: string; key: string }> {
  const res = await t.http.post(`/api/v1/partnerships/${code}/api-keys`).set('authorization', adminAuth).send({ name, scopes });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id as string, key: res.body.key as string };
}

/**
 * An analyst, a chair and an admin per partnership, made on first use:
 * `who(code)` gives their ids and bearer tokens issued at the clock's current time
 * (suites that move the clock by weeks).
 */
export function partnershipPeople(t: () => TestApp) {
  const people = new Map<string, { analystId: string; chairId: string; adminId: string }>();
  return async (code: string) => {
    if (!people.has(code)) {
      people.set(code, {
        analystId: (await member(t(), code, 'analyst')).user.id,
        chairId: (await member(t(), code, 'chair')).user.id,
        adminId: (await member(t(), code, 'admin')).user.id,
      });
    }
    const ids = people.get(code)!;
    return { ...ids, analyst: await tokenNow(t(), ids.analystId), chair: await tokenNow(t(), ids.chairId), admin: await tokenNow(t(), ids.adminId) };
  };
}

/** A member of the partnership as `member` makes one: the user, their token and the bearer header value. */
export type Member = Awaited<ReturnType<typeof member>>;

/** One member of the partnership for each role, made in the order given and signed in, by role. */
export async function membersOf<R extends Role>(t: TestApp, code: string, roles: readonly R[]): Promise<Record<R, Member>> {
  const made = {} as Record<R, Member>;
  for (const role of roles) made[role] = await member(t, code, role);
  return made;
}

/** The partnership's agency of each kind (the first by name, as `agencyOf`), by kind. */
export async function agenciesOf<K extends string>(t: TestApp, code: string, kinds: readonly K[]): Promise<Record<K, string>> {
  const found = {} as Record<K, string>;
  for (const kind of kinds) found[kind] = await agencyOf(t, code, kind);
  return found;
}

/** As `membersOf`, the bearer header values only. */
export async function bearersOf<R extends Role>(t: TestApp, code: string, roles: readonly R[]): Promise<Record<R, string>> {
  const made = await membersOf(t, code, roles);
  const bearers = {} as Record<R, string>;
  for (const role of roles) bearers[role] = made[role].auth;
  return bearers;
}
