import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { SignJWT } from 'jose';
import Provider from 'oidc-provider';
import { FixedClock } from '@app/core';
import { createTestApp, nth, type TestApp } from '@app/testing';
import { addMember, createUser } from './support/identity';
import { expectProblem } from './support/problem-details';

const AUDIENCE = 'urn:csp-tasking:test-api';

function rsaJwk(kid: string) {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on loopback.
 * Service clients get JWT access tokens through the client-credentials grant
 * with a resource indicator: `sub` is the client id, and one client's tokens
 * also carry an `email` claim.
 */
class TestIssuer {
  server: Server;
  issuer = '';
  jwksHits = 0;
  private provider?: Provider;

  constructor() {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/jwks')) this.jwksHits += 1;
      void this.provider!.callback()(req, res);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.useKeys([rsaJwk('key-1')]);
  }

  /** Replaces the provider with one signing with other keys (a key rotation). */
  useKeys(keys: ReturnType<typeof rsaJwk>[]): void {
    const client = (id: string) => ({
      client_id: id,
      client_secret: `${id}-secret`,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_post',
    });
    this.provider = new Provider(this.issuer, {
      clients: [client('svc-subject'), client('svc-email'), client('svc-stranger'), client('svc-exchange')],
      jwks: { keys },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({
            scope: 'api',
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 300,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) =>
        token.clientId === 'svc-email' ? { email: 'Oidc.User@example.org', email_verified: true } : undefined,
    } as never);
  }

  async token(clientId: string, resource = AUDIENCE): Promise<string> {
    const res = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientId}-secret`, scope: 'api', resource }),
    });
    const body = (await res.json()) as { access_token?: string };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.access_token!.split('.').length, 3, 'a JWT access token');
    return body.access_token!;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

describe('external identity (OIDC)', () => {
  const idp = new TestIssuer();
  let t: TestApp;

  beforeAll(async () => {
    await idp.start();
    t = await createTestApp({
      clock: new FixedClock(new Date()),
      env: {
        OIDC_ISSUER: idp.issuer,
        OIDC_JWKS_URL: `${idp.issuer}/jwks`,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_ALGORITHMS: 'RS256',
        OIDC_CLOCK_TOLERANCE_SECONDS: '30',
        OIDC_JWKS_COOLDOWN_SECONDS: '0',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp.stop();
  });

  it("maps a token's subject to the local user linked to it", async () => {
    const user = await createUser(t);
    await t.db.query('UPDATE users SET external_issuer = $1, external_subject = $2, password_hash = NULL WHERE id = $3', [idp.issuer, 'svc-subject', user.id]);
    await addMember(t, user.id, 'cardiff', 'analyst');
    const token = await idp.token('svc-subject');
    const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    assert.equal(me.body.user.id, user.id);
    await t.http.get('/api/v1/partnerships/cardiff/members').set('authorization', `Bearer ${token}`).expect(200);
    expectProblem(await t.http.get('/api/v1/partnerships/newport').set('authorization', `Bearer ${token}`), 404);
    // An account without a password cannot sign in locally.
    expectProblem(await t.http.post('/api/v1/auth/token').send({ email: user.email, password: user.password }), 401);
  });

  it("maps a token's e-mail to a local user the first time, then links the subject", async () => {
    const user = await createUser(t, { email: 'oidc.user@example.org' });
    const token = await idp.token('svc-email');
    const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    assert.equal(me.body.user.id, user.id);
    const linked = await t.db.query<{ external_issuer: string; external_subject: string }>(
      'SELECT external_issuer, external_subject FROM users WHERE id = $1',
      [user.id],
    );
    assert.deepEqual(linked[0], { external_issuer: idp.issuer, external_subject: 'svc-email' });
    const audit = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'user.external_identity_linked' AND target_id = $1`, [user.id]);
    assert.equal(audit.length, 1);
  });

  it('exchanges a fresh token of the issuer for a local sign-in that refreshes and is revoked like a password one', async () => {
    const user = await createUser(t, { email: 'exchange.user@example.org' });
    await t.db.query('UPDATE users SET external_issuer = $1, external_subject = $2 WHERE id = $3', [idp.issuer, 'svc-exchange', user.id]);
    const token = await idp.token('svc-exchange');
    const exchanged = await t.http.post('/api/v1/auth/token').send({ grantType: 'token_exchange', subjectToken: token }).expect(200);
    assert.equal(exchanged.headers['cache-control'], 'no-store');
    const claims = JSON.parse(Buffer.from(exchanged.body.accessToken.split('.')[1], 'base64url').toString()) as { iss: string; sub: string };
    assert.deepEqual([claims.iss, claims.sub], ['urn:csp-tasking', user.id], 'a local token of the linked account');
    const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${exchanged.body.accessToken}`).expect(200);
    assert.equal(me.body.user.id, user.id);
    const audit = await t.db.query<{ details: { method: string } }>(
      `SELECT details FROM audit_events WHERE action = 'auth.login_succeeded' AND target_id = $1 ORDER BY seq DESC LIMIT 1`,
      [user.id],
    );
    assert.equal(audit[0]?.details.method, 'token_exchange');
    // It refreshes, rotating; a used refresh token presented again ends the sign-in.
    const refreshed = await t.http.post('/api/v1/auth/token').send({ grantType: 'refresh_token', refreshToken: exchanged.body.refreshToken }).expect(200);
    assert.notEqual(refreshed.body.refreshToken, exchanged.body.refreshToken);
    expectProblem(await t.http.post('/api/v1/auth/token').send({ grantType: 'refresh_token', refreshToken: exchanged.body.refreshToken }), 401);
    expectProblem(await t.http.post('/api/v1/auth/token').send({ grantType: 'refresh_token', refreshToken: refreshed.body.refreshToken }), 401);

    // Not fresh: two minutes after it was issued the token still works as a bearer, but is not exchanged.
    const iat = JSON.parse(Buffer.from(nth(token.split('.'), 1), 'base64url').toString()).iat as number;
    t.clock.set(new Date((iat + 200) * 1000));
    await t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    expectProblem(await t.http.post('/api/v1/auth/token').send({ grantType: 'token_exchange', subjectToken: token }), 401);
    t.clock.set(new Date());
    // A stranger's, another audience's, a local token, or none at all.
    expectProblem(await t.http.post('/api/v1/auth/token').send({ grantType: 'token_exchange', subjectToken: await idp.token('svc-stranger') }), 401);
    expectProblem(
      await t.http.post('/api/v1/auth/token').send({ grantType: 'token_exchange', subjectToken: await idp.token('svc-exchange', 'urn:another-api') }),
      401,
    );
    expectProblem(await t.http.post('/api/v1/auth/token').send({ grantType: 'token_exchange', subjectToken: refreshed.body.accessToken }), 401);
    expectProblem(await t.http.post('/api/v1/auth/token').send({ grantType: 'token_exchange' }), 400);
  });

  it('refuses tokens of unknown identities, for another audience, or expired beyond the leeway', async () => {
    const stranger = await idp.token('svc-stranger');
    expectProblem(await t.http.get('/api/v1/me').set('authorization', `Bearer ${stranger}`), 401);
    const otherAudience = await idp.token('svc-subject', 'urn:another-api');
    expectProblem(await t.http.get('/api/v1/me').set('authorization', `Bearer ${otherAudience}`), 401);

    const token = await idp.token('svc-subject');
    const exp = JSON.parse(Buffer.from(nth(token.split('.'), 1), 'base64url').toString()).exp as number;
    t.clock.set(new Date((exp + 20) * 1000));
    await t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    t.clock.set(new Date((exp + 61) * 1000));
    expectProblem(await t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`), 401);
    t.clock.set(new Date());
  });

  it('refuses a token from the issuer signed with a key it never published, after refetching the key set once', async () => {
    const now = Math.floor(Date.now() / 1000);
    const rogue = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    /** A token of the issuer's claims under `kid`, signed with the rogue key. */
    const signedByRogue = (kid: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(idp.issuer)
        .setAudience(AUDIENCE)
        .setSubject('svc-subject')
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(rogue);
    const forged = await signedByRogue(`rogue-${randomBytes(3).toString('hex')}`);
    const hits = idp.jwksHits;
    expectProblem(await t.http.get('/api/v1/me').set('authorization', `Bearer ${forged}`), 401);
    assert.equal(idp.jwksHits - hits, 1, 'one refetch of the key set for the unknown kid');
    // Even with the kid of a published key, the signature must verify.
    const sameKid = await signedByRogue('key-1');
    expectProblem(await t.http.get('/api/v1/me').set('authorization', `Bearer ${sameKid}`), 401);
  });

  it('follows a key rotation: a new kid refreshes the key set once and the token is accepted', async () => {
    const before = await idp.token('svc-subject');
    await t.http.get('/api/v1/me').set('authorization', `Bearer ${before}`).expect(200);
    idp.useKeys([rsaJwk('key-2')]);
    const rotated = await idp.token('svc-subject');
    const hits = idp.jwksHits;
    await t.http.get('/api/v1/me').set('authorization', `Bearer ${rotated}`).expect(200);
    assert.equal(idp.jwksHits - hits, 1);
    // The cached set now holds the new key: no further fetch.
    await t.http.get('/api/v1/me').set('authorization', `Bearer ${rotated}`).expect(200);
    assert.equal(idp.jwksHits - hits, 1);
  });
});
