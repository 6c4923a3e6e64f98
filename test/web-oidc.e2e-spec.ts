import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import Provider from 'oidc-provider';
import { loadConfig } from '@app/core';
import { createWebApp } from '../apps/web/src/bootstrap';
import { Web } from '../apps/web/src/web';
import { addMember, createUser } from './support/identity';
import { axeViolations, freePort, newContext, startWebWorld, type WebWorld } from './support/web';
import { entryOf, firstOf, nth } from '@app/testing';

const CLIENT_ID = 'csp-console';

/**
 * A real OpenID Connect provider (`oidc-provider`) on loopback with the
 * console as a confidential client of the authorization code flow. Its
 * development login form accepts any login: the login is the subject and
 * the e-mail address of the account.
 */
async function startIssuer(redirectUrl: string): Promise<{ issuer: string; server: Server }> {
  const idp: { provider?: Provider } = {};
  const server = createServer((req: IncomingMessage, res: ServerResponse) => void idp.provider!.callback()(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
  idp.provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: 'console-secret',
        redirect_uris: [redirectUrl],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [key] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, email: id, email_verified: true, name: id }) }),
    features: { devInteractions: { enabled: true } },
  });
  return { issuer, server };
}

describe('web console: sign in with your organisation', () => {
  let w: WebWorld;
  let idp: { issuer: string; server: Server };

  beforeAll(async () => {
    const port = await freePort();
    const redirectUrl = `http://127.0.0.1:${port}/sign-in/organisation/callback`;
    idp = await startIssuer(redirectUrl);
    w = await startWebWorld({
      webPort: port,
      env: { OIDC_ISSUER: idp.issuer, OIDC_JWKS_URL: `${idp.issuer}/jwks`, OIDC_AUDIENCE: CLIENT_ID, OIDC_ALGORITHMS: 'RS256' },
      webEnv: { WEB_OIDC_ISSUER: idp.issuer, WEB_OIDC_CLIENT_ID: CLIENT_ID, WEB_OIDC_CLIENT_SECRET: 'console-secret', WEB_OIDC_REDIRECT_URL: redirectUrl },
    });
  });
  afterAll(async () => {
    await w?.close();
    if (idp) {
      idp.server.closeAllConnections();
      await new Promise<void>((done) => idp.server.close(() => done()));
    }
  });

  it('offers the button only when an issuer is configured', async () => {
    const configured = await fetch(`${w.webUrl}/sign-in`).then((r) => r.text());
    assert.match(configured, /href="\/sign-in\/organisation"[^>]*>\s*Sign in with your organisation/);
    const plain = await createWebApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', API_URL: w.t.config.web.apiUrl, REDIS_URL: w.t.config.redis.url, QUEUE_PREFIX: w.t.config.redis.prefix, DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused' }));
    try {
      await plain.listen({ port: 0, host: '127.0.0.1' });
      const port = (plain.getHttpServer().address() as AddressInfo).port;
      const page = await fetch(`http://127.0.0.1:${port}/sign-in`).then((r) => r.text());
      assert.match(page, /<h1[^>]*>Sign in<\/h1>/);
      assert.doesNotMatch(page, /organisation/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/sign-in/organisation`, { redirect: 'manual' })).status, 404);
    } finally {
      await plain.close();
    }
  });

  it('signs a member in through the issuer with PKCE, and the session holds no refresh token', async () => {
    const user = await createUser(w.t, { email: 'org.analyst@example.org', displayName: 'Org Analyst' });
    await addMember(w.t, user.id, 'cardiff', 'analyst');
    const context = await newContext(w);
    const page = await context.newPage();
    await page.goto('/sign-in');
    assert.deepEqual(await axeViolations(page), []);
    // The authorization request the console sends: code flow, S256 challenge, state and nonce.
    const [request] = await Promise.all([page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/auth`)), page.locator('#organisation-sign-in').click()]);
    const auth = new URL(request.url()).searchParams;
    assert.equal(auth.get('response_type'), 'code');
    assert.equal(auth.get('client_id'), CLIENT_ID);
    assert.equal(auth.get('code_challenge_method'), 'S256');
    assert.match(auth.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok(auth.get('state') && auth.get('nonce'));
    await page.waitForSelector('input[name=login]');
    const sessionId = (await context.cookies()).find((c) => c.name === 'csp_session')!.value;
    const pending = (await w.web.get(Web).sessions.load(sessionId))!.oidc!;
    assert.equal(pending.state, auth.get('state'));
    assert.ok(!(await page.content()).includes(pending.codeVerifier), 'the code verifier stays in the session');
    await page.locator('input[name=login]').fill('org.analyst@example.org');
    await page.locator('input[name=password]').fill('anything');
    await page.locator('button[type=submit]').click();
    await page.locator('button[type=submit]').click(); // consent
    await page.waitForURL('**/p/cardiff');
    assert.equal(await page.locator('h1').textContent(), 'Home');
    assert.match((await page.locator('.app-header__user').textContent()) ?? '', /Org Analyst/);
    const newId = (await context.cookies()).find((c) => c.name === 'csp_session')!.value;
    assert.notEqual(newId, sessionId, 'a new session id after signing in');
    const session = (await w.web.get(Web).sessions.load(newId))!;
    assert.equal(session.refreshToken, undefined);
    assert.equal(session.oidc, undefined);
    const claims = JSON.parse(Buffer.from(nth(session.accessToken!.split('.'), 1), 'base64url').toString()) as { iss: string; aud: string };
    assert.deepEqual([claims.iss, claims.aud], [idp.issuer, CLIENT_ID]);
    const linked = await w.t.db.query<{ external_subject: string }>('SELECT external_subject FROM users WHERE id = $1', [user.id]);
    assert.equal(firstOf(linked).external_subject, 'org.analyst@example.org');
    await page.goto('/p/cardiff/problems');
    assert.equal(await page.locator('h1').textContent(), 'Problems');
    // When the ID token expires the person signs in again.
    await w.web.get(Web).sessions.save(newId, { ...session, accessExpiresAt: Date.now() });
    await page.goto('/p/cardiff/problems');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await context.close();
  });

  it('refuses a wrong state, a callback nobody started, and a person who is no member', async () => {
    const context = await newContext(w);
    const page = await context.newPage();
    const started = await page.request.get('/sign-in/organisation', { maxRedirects: 0 });
    assert.equal(started.status(), 303);
    const location = new URL(entryOf(started.headers(), 'location'));
    assert.equal(location.origin, idp.issuer);
    const wrong = await page.request.get(`/sign-in/organisation/callback?code=made-up&state=${'x'.repeat(43)}`, { maxRedirects: 0 });
    assert.equal(wrong.status(), 400);
    assert.match(await wrong.text(), /Signing in with your organisation did not work/);
    // The right state after a refusal is refused too: the attempt was single use.
    const replay = await page.request.get(`/sign-in/organisation/callback?code=made-up&state=${location.searchParams.get('state')}`, { maxRedirects: 0 });
    assert.equal(replay.status(), 400);
    const sessionId = (await context.cookies()).find((c) => c.name === 'csp_session')!.value;
    assert.equal((await w.web.get(Web).sessions.load(sessionId))!.accessToken, undefined);

    // Someone the issuer knows but no partnership does.
    await page.goto('/sign-in/organisation');
    await page.locator('input[name=login]').fill('stranger@example.org');
    await page.locator('input[name=password]').fill('anything');
    await page.locator('button[type=submit]').click();
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/sign-in/organisation/callback**');
    assert.match((await page.locator('.govuk-inset-text').textContent()) ?? '', /not a member of any partnership/);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
