import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { createTestApp, firstOf, type TestApp } from '@app/testing';
import { LOCAL_TOKEN_AUDIENCE, LOCAL_TOKEN_ISSUER, loadSigningKeyPem, PasswordHasher } from '@app/domain/identity';
import { addMember, agencyOf, apiKey, createUser, member, platformAdmin, signIn } from './support/identity';
import { expectProblem } from './support/problem-details';
import { useTestApp } from './support/app';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof member>>;
  let pem: string;
  let kid: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await member(t, 'cardiff', 'admin');
    pem = await loadSigningKeyPem(t.config);
    kid = (await t.http.get('/api/v1/auth/jwks.json').expect(200)).body.keys[0].kid;
  });
  afterAll(async () => {
    await t.close();
  });

  /** A token signed with the API's own key, with chosen claims. */
  async function forge(claims: Record<string, unknown>, options: { expiresInSeconds?: number } = {}): Promise<string> {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(admin.user.id)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSeconds ?? 600))
      .sign(createPrivateKey(pem));
  }

  it('signs in with e-mail and password; the token opens /me with the memberships', async () => {
    const res = await t.http.post('/api/v1/auth/token').send({ email: admin.user.email.toUpperCase(), password: admin.user.password }).expect(200);
    // No cache on the way keeps a token response (RFC 6749 s.5.1).
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers.pragma, 'no-cache');
    assert.equal(res.body.tokenType, 'Bearer');
    assert.equal(new Date(res.body.expiresAt).getTime(), t.clock.now().getTime() + t.config.auth.tokenTtlSeconds * 1000);
    const [header] = res.body.accessToken.split('.');
    assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).alg, 'ES256');
    const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    assert.equal(me.body.user.email, admin.user.email);
    assert.deepEqual(
      me.body.memberships.map((m: { partnershipCode: string; role: string }) => [m.partnershipCode, m.role]),
      [['cardiff', 'admin']],
    );
  });

  it('gives the same 401 for a wrong password and an unknown e-mail, after similar work', async () => {
    const pa = await platformAdmin(t);
    // An account hashed at the production cost, like the dummy hash unknown e-mails are checked against.
    const created = await t.http.post('/api/v1/users').set('authorization', pa.auth).send({ email: 'timing@example.org', displayName: 'Timing' }).expect(201);
    assert.equal(typeof created.body.oneTimePassword, 'string');
    await signIn(t, { email: 'timing@example.org', password: created.body.oneTimePassword });
    // The work is the scrypt check: each attempt makes exactly one, at the same cost (N, r, p and key length), whether or not
    // the e-mail is known. Counted, not timed: a shared machine's timings would say more about the machine than the code.
    const verify = PasswordHasher.prototype.verify;
    let checks: string[] = [];
    PasswordHasher.prototype.verify = function (this: PasswordHasher, password: string, stored: string) {
      const [scheme, n, r, p, , key = ''] = stored.split('$');
      checks.push(`${scheme} N=${n} r=${r} p=${p} keylen=${Buffer.from(key, 'base64url').length}`);
      return verify.call(this, password, stored);
    };
    const attempt = async (email: string) => {
      checks = [];
      const res = await t.http.post('/api/v1/auth/token').send({ email, password: 'wrong password' });
      return { res, checks };
    };
    try {
      for (let i = 0; i < 3; i++) {
        const a = await attempt('timing@example.org');
        const b = await attempt(`nobody-${i}@example.org`);
        const pa401 = expectProblem(a.res, 401, 'unauthorized');
        const pb401 = expectProblem(b.res, 401, 'unauthorized');
        assert.deepEqual({ ...pa401, instance: undefined }, { ...pb401, instance: undefined });
        assert.deepEqual(a.checks, ['scrypt N=32768 r=8 p=1 keylen=32']);
        assert.deepEqual(b.checks, a.checks);
      }
    } finally {
      PasswordHasher.prototype.verify = verify;
    }
  });

  it('refuses, with 401, every credential that is not valid', async () => {
    const cases: [string, Record<string, string>][] = [];
    cases.push(['no token', {}]);
    cases.push(['garbage', { authorization: 'Bearer not-a-token' }]);
    cases.push(['not bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }]);
    const expired = await forge({ iss: LOCAL_TOKEN_ISSUER, aud: LOCAL_TOKEN_AUDIENCE }, { expiresInSeconds: 60 });
    cases.push(['wrong issuer', { authorization: `Bearer ${await forge({ iss: 'https://elsewhere.example', aud: LOCAL_TOKEN_AUDIENCE })}` }]);
    cases.push(['wrong audience', { authorization: `Bearer ${await forge({ iss: LOCAL_TOKEN_ISSUER, aud: 'another-api' })}` }]);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const claims = { iss: LOCAL_TOKEN_ISSUER, aud: LOCAL_TOKEN_AUDIENCE, sub: admin.user.id, iat: now, exp: now + 600 };
    cases.push(['alg none', { authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.` }]);
    // HS256 "signed" with the public key: the classic algorithm-confusion attack.
    const publicPem = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'pem' }).toString();
    const hsInput = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claims)}`;
    cases.push(['HS256 with the public key', { authorization: `Bearer ${hsInput}.${createHmac('sha256', publicPem).update(hsInput).digest('base64url')}` }]);
    /** A token of the local issuer for `subject`, valid ten minutes, under `kid` (undefined: none), signed with `key`. */
    const signedLocally = (kid: string | undefined, key: KeyObject, subject = admin.user.id) =>
      new SignJWT({ iss: LOCAL_TOKEN_ISSUER, aud: LOCAL_TOKEN_AUDIENCE })
        .setProtectedHeader(kid === undefined ? { alg: 'ES256' } : { alg: 'ES256', kid })
        .setSubject(subject)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(key);
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const unknownKid = await signedLocally('unknown-kid', stranger);
    cases.push(['unknown kid (another key)', { authorization: `Bearer ${unknownKid}` }]);
    const realKeyUnknownKid = await signedLocally('not-in-the-key-set', createPrivateKey(pem));
    cases.push(['the real key under a kid the key set does not hold', { authorization: `Bearer ${realKeyUnknownKid}` }]);
    const noKid = await signedLocally(undefined, createPrivateKey(pem));
    cases.push(['the real key without a kid', { authorization: `Bearer ${noKid}` }]);
    const notAUuid = await signedLocally(kid, createPrivateKey(pem), 'not-a-uuid');
    cases.push(['a subject that is not a user id', { authorization: `Bearer ${notAUuid}` }]);
    const revoked = await apiKey(t, 'cardiff', admin.auth, ['problems:read']);
    await t.http.delete(`/api/v1/partnerships/cardiff/api-keys/${revoked.id}`).set('authorization', admin.auth).expect(204);
    cases.push(['revoked API key', { 'x-api-key': revoked.key }]);
    cases.push(['revoked API key as bearer', { authorization: `Bearer ${revoked.key}` }]);
    const newportAdmin = await member(t, 'newport', 'admin');
    const newportKey = await apiKey(t, 'newport', newportAdmin.auth, ['problems:read']);
    cases.push(['unknown API key', { 'x-api-key': `cspk_${'A'.repeat(43)}` }]);

    // The valid counterparts work.
    await t.http
      .get('/api/v1/partnerships/cardiff')
      .set('authorization', `Bearer ${await forge({ iss: LOCAL_TOKEN_ISSUER, aud: LOCAL_TOKEN_AUDIENCE })}`)
      .expect(200);
    await t.http.get('/api/v1/partnerships/newport').set('x-api-key', newportKey.key).expect(200);

    t.clock.advance(61_000 + 5_000);
    cases.push(['expired', { authorization: `Bearer ${expired}` }]);
    for (const [name, headers] of cases) {
      const res = await t.http.get('/api/v1/partnerships/cardiff').set(headers);
      assert.equal(res.status, 401, `${name}: ${res.status}`);
      expectProblem(res, 401, 'unauthorized');
      // Credentials were presented and refused (RFC 6750 s.3.1).
      const challenge = name === 'no token' ? 'Bearer realm="csp-tasking"' : 'Bearer realm="csp-tasking", error="invalid_token"';
      assert.equal(res.headers['www-authenticate'], challenge, name);
    }
    // Without credentials: the challenge alone.
    const anonymous = await t.http.get('/api/v1/partnerships/cardiff');
    expectProblem(anonymous, 401, 'unauthorized');
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer realm="csp-tasking"');
    // A valid API key used on another partnership is authenticated, and that partnership does not exist for it.
    expectProblem(await t.http.get('/api/v1/partnerships/cardiff').set('x-api-key', newportKey.key), 404, 'not-found');
    expectProblem(await t.http.get('/api/v1/partnerships/cardiff/agencies').set('authorization', `Bearer ${newportKey.key}`), 404, 'not-found');
  });

  it("ends a user's sessions when the password changes, and when the account is disabled", async () => {
    const user = await createUser(t);
    await addMember(t, user.id, 'cardiff', 'viewer');
    const token = await signIn(t, user);
    const auth = { authorization: `Bearer ${token}` };
    await t.http.get('/api/v1/me').set(auth).expect(200);
    expectProblem(
      await t.http.post('/api/v1/me/password').set(auth).send({ currentPassword: 'wrong', newPassword: 'a new password 123' }),
      422,
      'wrong-password',
    );
    expectProblem(await t.http.post('/api/v1/me/password').set(auth).send({ currentPassword: user.password, newPassword: 'short' }), 422, 'password-too-short');
    t.clock.advance(1000);
    await t.http.post('/api/v1/me/password').set(auth).send({ currentPassword: user.password, newPassword: 'a new password 123' }).expect(204);
    expectProblem(await t.http.get('/api/v1/me').set(auth), 401);
    expectProblem(await t.http.post('/api/v1/auth/token').send({ email: user.email, password: user.password }), 401);
    t.clock.advance(1000);
    const fresh = await signIn(t, { email: user.email, password: 'a new password 123' });
    await t.http.get('/api/v1/me').set('authorization', `Bearer ${fresh}`).expect(200);
    await t.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
    expectProblem(await t.http.get('/api/v1/me').set('authorization', `Bearer ${fresh}`), 401);
    expectProblem(await t.http.post('/api/v1/auth/token').send({ email: user.email, password: 'a new password 123' }), 401);
  });

  it('creates API keys shown once, stores only their HMAC, accepts both headers, records use and honours revocation at once', async () => {
    const created = await t.http
      .post('/api/v1/partnerships/cardiff/api-keys')
      .set('authorization', admin.auth)
      .send({ name: 'Police incident feed', scopes: ['incidents:write', 'problems:read', 'problems:read'] })
      .expect(201);
    const key = created.body.key as string;
    assert.match(key, /^cspk_[A-Za-z0-9_-]{43}$/);
    assert.ok(key.startsWith(created.body.prefix));
    assert.deepEqual(created.body.scopes, ['incidents:write', 'problems:read']);
    assert.equal(created.body.lastUsedAt, null);
    const stored = await t.db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [created.body.id]);
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored[0]).includes(key.slice(12)), 'the key itself is not stored');
    assert.match(String(firstOf(stored).key_hash), /^[0-9a-f]{64}$/);

    const list = await t.http.get('/api/v1/partnerships/cardiff/api-keys').set('authorization', admin.auth).expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    assert.ok(listed && !('key' in listed));

    await t.http.get('/api/v1/partnerships/cardiff/agencies').set('x-api-key', key).expect(200);
    await t.http.get('/api/v1/partnerships').set('authorization', `Bearer ${key}`).expect(200);
    const used = await t.db.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_keys WHERE id = $1', [created.body.id]);
    assert.equal(firstOf(used).last_used_at?.toISOString(), t.clock.now().toISOString());
    // A key sees only its own partnership, and cannot manage keys or read members.
    const mine = await t.http.get('/api/v1/partnerships').set('x-api-key', key).expect(200);
    assert.deepEqual(
      mine.body.items.map((p: { code: string }) => p.code),
      ['cardiff'],
    );
    expectProblem(await t.http.get('/api/v1/partnerships/cardiff/api-keys').set('x-api-key', key), 403, 'forbidden');
    expectProblem(await t.http.get('/api/v1/me').set('x-api-key', key), 403, 'forbidden');
    // Both headers at once are ambiguous.
    expectProblem(await t.http.get('/api/v1/partnerships').set('x-api-key', key).set('authorization', admin.auth), 401);

    await t.http.delete(`/api/v1/partnerships/cardiff/api-keys/${created.body.id}`).set('authorization', admin.auth).expect(204);
    expectProblem(await t.http.get('/api/v1/partnerships/cardiff/agencies').set('x-api-key', key), 401);
    expectProblem(await t.http.delete(`/api/v1/partnerships/cardiff/api-keys/${created.body.id}`).set('authorization', admin.auth), 404);
    const withRevoked = await t.http.get('/api/v1/partnerships/cardiff/api-keys?includeRevoked=true').set('authorization', admin.auth).expect(200);
    assert.ok(withRevoked.body.items.some((k: { id: string; revokedAt: string | null }) => k.id === created.body.id && k.revokedAt));
    expectProblem(
      await t.http
        .post('/api/v1/partnerships/cardiff/api-keys')
        .set('authorization', admin.auth)
        .send({ name: 'Bad', scopes: ['everything'] }),
      400,
      'validation',
    );
  });

  it('manages members: roles, partner agencies, duplicates and the last admin', async () => {
    const user = await createUser(t);
    const path = '/api/v1/partnerships/cardiff/members';
    expectProblem(await t.http.post(path).set('authorization', admin.auth).send({ userId: user.id, role: 'partner' }), 422, 'partner-needs-agency');
    expectProblem(await t.http.post(path).set('authorization', admin.auth).send({ userId: user.id, role: 'boss' }), 400, 'validation');
    const agencyId = await agencyOf(t, 'cardiff', 'health');
    const added = await t.http.post(path).set('authorization', admin.auth).send({ userId: user.id, role: 'partner', agencyId }).expect(201);
    assert.deepEqual([added.body.role, added.body.agencyId, added.body.email], ['partner', agencyId, user.email]);
    expectProblem(await t.http.post(path).set('authorization', admin.auth).send({ userId: user.id, role: 'viewer' }), 409, 'member-exists');
    expectProblem(await t.http.post(path).set('authorization', admin.auth).send({ userId: '01900000-0000-7000-8000-000000000000', role: 'viewer' }), 404);
    const list = await t.http.get(`${path}?limit=100`).set('authorization', admin.auth).expect(200);
    assert.ok(list.body.items.some((m: { userId: string; role: string }) => m.userId === user.id && m.role === 'partner'));
    // The partner now sees the partnership, with their agency on /me.
    const token = await signIn(t, user);
    const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    assert.deepEqual(
      me.body.memberships.map((m: { agencyId: string }) => m.agencyId),
      [agencyId],
    );
    await t.http.delete(`${path}/${user.id}`).set('authorization', admin.auth).expect(204);
    expectProblem(await t.http.get('/api/v1/partnerships/cardiff').set('authorization', `Bearer ${token}`), 404);
    expectProblem(await t.http.delete(`${path}/${admin.user.id}`).set('authorization', admin.auth), 422, 'last-admin');
  });

  it("lists only the caller's partnerships, all of them for platform admins", async () => {
    const user = await createUser(t);
    await addMember(t, user.id, 'cardiff', 'viewer');
    await addMember(t, user.id, 'cwm-taf', 'analyst');
    const token = await signIn(t, user);
    const mine = await t.http.get('/api/v1/partnerships').set('authorization', `Bearer ${token}`).expect(200);
    assert.deepEqual(mine.body.items.map((p: { code: string }) => p.code).sort(), ['cardiff', 'cwm-taf']);
    const loner = await signIn(t, await createUser(t));
    assert.deepEqual((await t.http.get('/api/v1/partnerships').set('authorization', `Bearer ${loner}`).expect(200)).body.items, []);
    const pa = await platformAdmin(t);
    const all = await t.http.get('/api/v1/partnerships?limit=100').set('authorization', pa.auth).expect(200);
    assert.ok(all.body.items.length >= 19);
    expectProblem(await t.http.get('/api/v1/partnerships/newport').set('authorization', `Bearer ${token}`), 404);
  });

  it('lets a platform admin create a partnership, and refuses duplicates', async () => {
    const pa = await platformAdmin(t);
    const body = { code: 'mid-wales-pilot', name: 'Mid Wales Pilot Partnership', referencePrefix: 'MWP', reviewIntervalMonths: 2 };
    const res = await t.http.post('/api/v1/partnerships').set('authorization', pa.auth).send(body).expect(201);
    assert.equal(res.body.reviewIntervalMonths, 2);
    assert.deepEqual(res.body.controlStrategyStrands, ['intelligence', 'prevention', 'enforcement', 'reassurance']);
    assert.ok(res.headers.etag);
    expectProblem(await t.http.post('/api/v1/partnerships').set('authorization', pa.auth).send(body), 409, 'partnership-exists');
    expectProblem(
      await t.http
        .post('/api/v1/partnerships')
        .set('authorization', pa.auth)
        .send({ ...body, code: 'other', referencePrefix: 'CDF' }),
      409,
      'reference-prefix-taken',
    );
    expectProblem(
      await t.http
        .post('/api/v1/partnerships')
        .set('authorization', pa.auth)
        .send({ ...body, code: 'Bad Code' }),
      400,
      'validation',
    );
  });

  it('changes settings honouring If-Match (412 when stale) and validates them', async () => {
    const path = '/api/v1/partnerships/cardiff';
    const current = await t.http.get(path).set('authorization', admin.auth).expect(200);
    const etag = current.headers.etag as string;
    const changed = await t.http
      .patch(path)
      .set('authorization', admin.auth)
      .set('if-match', etag)
      .send({ reviewIntervalMonths: 1, tacticalCadenceDays: 14, controlStrategyStrands: ['intelligence', 'prevention'] })
      .expect(200);
    assert.deepEqual(
      [changed.body.reviewIntervalMonths, changed.body.tacticalCadenceDays, changed.body.controlStrategyStrands],
      [1, 14, ['intelligence', 'prevention']],
    );
    assert.notEqual(changed.headers.etag, etag);
    expectProblem(
      await t.http.patch(path).set('authorization', admin.auth).set('if-match', etag).send({ tacticalCadenceDays: 21 }),
      412,
      'precondition-failed',
    );
    expectProblem(await t.http.patch(path).set('authorization', admin.auth).set('if-match', '"nonsense"').send({ tacticalCadenceDays: 21 }), 412);
    await t.http
      .patch(path)
      .set('authorization', admin.auth)
      .set('if-match', changed.headers.etag as string)
      .send({ tacticalCadenceDays: 21 })
      .expect(200);
    const bad = expectProblem(
      await t.http.patch(path).set('authorization', admin.auth).send({ reviewIntervalMonths: 4, tacticalCadenceDays: 0, colour: 'red' }),
      400,
      'validation',
    );
    const paths = (bad.errors as { path: string }[]).map((e) => e.path).sort();
    assert.deepEqual(paths, ['colour', 'reviewIntervalMonths', 'tacticalCadenceDays']);
  });
});

describe('sign-in limits', () => {
  const t = useTestApp({
    env: {
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '8',
      LOGIN_FAILURE_WINDOW_SECONDS: '120',
      LOGIN_SLOWDOWN_MS: '300',
      TRUST_PROXY: 'true',
    },
  });

  /** A sign-in from an address (the app trusts X-Forwarded-For here): each test signs in from addresses of its own. */
  const attemptFrom = (from: string, email: string, password = 'wrong password') =>
    t.http.post('/api/v1/auth/token').set('x-forwarded-for', from).send({ email, password });

  it('limits failed sign-ins per account and address, the same for an unknown e-mail, then per address', async () => {
    const address = '203.0.113.1';
    const attempt = (email: string, password?: string) => attemptFrom(address, email, password);
    const user = await createUser(t);
    for (let i = 0; i < 3; i++) expectProblem(await attempt(user.email), 401);
    // This address has used up its failures on this account: even the right password waits here.
    const locked = await attempt(user.email, user.password);
    expectProblem(locked, 429, 'rate-limited');
    const retryAfter = Number(locked.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 120, `Retry-After ${retryAfter}`);
    // An unknown address answers exactly the same way (nothing tells whether it exists).
    for (let i = 0; i < 3; i++) expectProblem(await attempt('nobody@example.org'), 401);
    expectProblem(await attempt('nobody@example.org'), 429, 'rate-limited');
    // The address has now failed 6 times; 2 more on other accounts reach its limit of 8.
    expectProblem(await attempt('someone-1@example.org'), 401);
    expectProblem(await attempt('someone-2@example.org'), 401);
    const other = await createUser(t);
    expectProblem(await attempt(other.email, other.password), 429, 'rate-limited');
    // Each failure from the address is in the platform audit trail.
    const rows = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_events WHERE action = 'auth.login_failed' AND partnership_id IS NULL AND details->>'address' = $1`,
      [address],
    );
    assert.equal(Number(firstOf(rows).n), 8);
  });

  it('does not let a stranger lock the owner out: the right password from elsewhere is slowed, not refused', async () => {
    const user = await createUser(t);
    const quick = Date.now();
    await attemptFrom('198.51.100.7', user.email, user.password).expect(200);
    const unhurried = Date.now() - quick;
    // Strangers at two addresses fail on the account: it is under attack.
    for (let i = 0; i < 2; i++) expectProblem(await attemptFrom('203.0.113.50', user.email, 'guess'), 401);
    for (let i = 0; i < 2; i++) expectProblem(await attemptFrom('203.0.113.51', user.email, 'guess'), 401);
    const started = Date.now();
    const owner = await attemptFrom('198.51.100.7', user.email, user.password);
    const took = Date.now() - started;
    assert.equal(owner.status, 200, owner.text);
    assert.ok(owner.body.accessToken);
    assert.ok(took >= 300, `slowed by the configured 300 ms (took ${took} ms, ${unhurried} ms before the attack)`);
    // A wrong password from the owner's address is slowed too, and answers 401 as usual.
    expectProblem(await attemptFrom('198.51.100.7', user.email, 'typo'), 401);
  });
});
