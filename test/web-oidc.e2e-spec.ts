import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import Provider from 'oidc-provider';
import { loadConfig } from '@app/core';
import { firstOf, nth } from '@app/testing';
import { createWebApp } from '../apps/web/src/bootstrap';
import { OrganisationIssuer } from '../apps/web/src/organisation-issuer';
import { Web } from '../apps/web/src/web';
import { addMember, createUser } from './support/identity';
import { axeViolations, freePort, newContext, startWebWorld, type WebWorld } from './support/web';

const CLIENT_ID = 'csp-console';

/**
 * A real OpenID Connect provider (`oidc-provider`) on loopback with the
 * console as a confidential client of the authorization code flow. Its
 * development login form accepts any login: the login is the subject and
 * the e-mail address of the account.
 */
async function startIssuer(redirectUrl: string, signedOutUrl: string): Promise<{ issuer: string; server: Server }> {
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
        post_logout_redirect_uris: [signedOutUrl],
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
    idp = await startIssuer(redirectUrl, `http://127.0.0.1:${port}/sign-in`);
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
    const plain = await createWebApp(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        API_URL: w.t.config.web.apiUrl,
        REDIS_URL: w.t.config.redis.url,
        QUEUE_PREFIX: w.t.config.redis.prefix,
        DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      }),
    );
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

  /** Signs in at the issuer's development login form (and its consent page the first time). */
  const atIssuer = async (page: Page, login: string, consent = true) => {
    // The API's clock is the test's: on the real time, which the issuer stamps its ID tokens with (the API exchanges only fresh ones).
    w.t.clock.set(new Date());
    await page.waitForSelector('input[name=login]');
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('anything');
    await page.locator('button[type=submit]').click();
    if (consent) await page.locator('button[type=submit]').click();
  };
  /** Waits until the page shows `path` of the console (however it got there). */
  const landsOn = async (page: Page, path: string) => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const url = new URL(page.url());
      if (url.origin === w.webUrl && url.pathname === path) return page.waitForLoadState('load');
    }
    throw new Error(`the page never reached ${path}: it is at ${page.url()}`);
  };
  /** A member of Cardiff signed in to the console with the organisation, in a browser of their own. */
  const memberSignedIn = async (email: string, role: 'chair' | 'viewer') => {
    const user = await createUser(w.t, { email, displayName: email.split('@')[0] });
    await addMember(w.t, user.id, 'cardiff', role);
    const context = await newContext(w);
    const page = await context.newPage();
    await page.goto('/sign-in/organisation');
    await atIssuer(page, email);
    await landsOn(page, '/p/cardiff');
    return { user, context, page };
  };
  const claimsOf = (jwt: string) => JSON.parse(Buffer.from(nth(jwt.split('.'), 1), 'base64url').toString()) as { iss: string; aud: string; sub: string };
  const liveRefreshTokens = async (userId: string) =>
    Number(firstOf(await w.t.db.query<{ n: string }>('SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [userId])).n);

  it("signs a member in through the issuer with PKCE, then renews the session with the API's refresh tokens", async () => {
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
    await atIssuer(page, 'org.analyst@example.org');
    await page.waitForURL('**/p/cardiff');
    assert.equal(await page.locator('h1').textContent(), 'Home');
    assert.match((await page.locator('.app-header__user').textContent()) ?? '', /Org Analyst/);
    const newId = (await context.cookies()).find((c) => c.name === 'csp_session')!.value;
    assert.notEqual(newId, sessionId, 'a new session id after signing in');
    const store = w.web.get(Web).sessions;
    const session = (await store.load(newId))!;
    assert.equal(session.oidc, undefined);
    // The API's own sign-in, on the ID token: a local access token and a refresh token; the ID token kept for sign-out.
    assert.deepEqual([claimsOf(session.accessToken!).iss, claimsOf(session.accessToken!).sub], ['urn:csp-tasking', user.id]);
    assert.ok(session.refreshToken);
    assert.deepEqual([claimsOf(session.organisationIdToken!).iss, claimsOf(session.organisationIdToken!).aud], [idp.issuer, CLIENT_ID]);
    assert.equal(await liveRefreshTokens(user.id), 1);
    const html = await page.content();
    for (const secret of [session.accessToken!, session.refreshToken!, session.organisationIdToken!])
      assert.ok(!html.includes(secret), 'the tokens never reach the browser');
    const linked = await w.t.db.query<{ external_subject: string }>('SELECT external_subject FROM users WHERE id = $1', [user.id]);
    assert.equal(firstOf(linked).external_subject, 'org.analyst@example.org');
    // The access token runs out (and, hours on, the ID token would have): the next page renews the session, rotating the refresh token.
    await store.save(newId, { ...session, accessExpiresAt: Date.now() });
    await page.goto('/p/cardiff/problems');
    assert.equal(await page.locator('h1').textContent(), 'Problems');
    const renewed = (await store.load(newId))!;
    assert.notEqual(renewed.refreshToken, session.refreshToken);
    assert.notEqual(renewed.accessToken, session.accessToken);
    await w.t.http.post('/api/v1/auth/token').send({ grantType: 'refresh_token', refreshToken: session.refreshToken }).expect(401);
    await context.close();
  });

  it('signs out at the issuer too: its session ends, and signing in again asks for the login', async () => {
    const { user, context, page } = await memberSignedIn('org.chair@example.org', 'chair');
    // While the issuer's session lasts, signing in again goes straight through.
    w.t.clock.set(new Date());
    await page.goto('/sign-in/organisation');
    await landsOn(page, '/p/cardiff');
    assert.equal(await page.locator('input[name=login]').count(), 0);
    assert.equal(await liveRefreshTokens(user.id), 1, 'the sign-in it replaced ended at the API');
    const idToken = (await w.web.get(Web).sessions.load((await context.cookies()).find((c) => c.name === 'csp_session')!.value))!.organisationIdToken!;

    const [endSession] = await Promise.all([
      page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/session/end`)),
      page.locator('form[action="/sign-out"] button').click(),
    ]);
    const params = new URL(endSession.url()).searchParams;
    assert.equal(params.get('id_token_hint'), idToken);
    assert.equal(params.get('post_logout_redirect_uri'), `${w.webUrl}/sign-in`);
    assert.equal(await liveRefreshTokens(user.id), 0, "the console's sign-ins are revoked at the API before leaving");
    // The issuer asks to confirm, then sends the person back to the console's sign-in page.
    await page.locator('button[value=yes]').click();
    await landsOn(page, '/sign-in');
    assert.match((await page.locator('main').textContent()) ?? '', /You have signed out/);
    assert.equal(new URL((await page.goto('/p/cardiff'))!.url()).pathname, '/sign-in');
    await page.goto('/sign-in/organisation');
    await page.waitForSelector('input[name=login]');
    await context.close();
  });

  it('signs out of the console only when the issuer is not reachable', async () => {
    const { user, context, page } = await memberSignedIn('org.viewer@example.org', 'viewer');
    const issuer = w.web.get(OrganisationIssuer);
    const discovered = issuer.configuration.bind(issuer);
    issuer.configuration = () => Promise.reject(new Error('issuer down'));
    try {
      await page.locator('form[action="/sign-out"] button').click();
      await landsOn(page, '/sign-in');
    } finally {
      issuer.configuration = discovered;
    }
    assert.match((await page.locator('main').textContent()) ?? '', /You have signed out/);
    assert.equal(await liveRefreshTokens(user.id), 0);
    await context.close();
  });

  it('refuses a wrong state, a callback nobody started, and a person who is no member', async () => {
    const context = await newContext(w);
    const page = await context.newPage();
    const started = await page.request.get('/sign-in/organisation', { maxRedirects: 0 });
    assert.equal(started.status(), 303);
    const location = new URL(started.headers().location ?? '');
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
    await atIssuer(page, 'stranger@example.org');
    await page.waitForURL('**/sign-in/organisation/callback**');
    assert.match((await page.locator('.govuk-inset-text').textContent()) ?? '', /not a member of any partnership/);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
