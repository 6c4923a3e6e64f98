import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';
import { addMember, createUser } from './support/identity';
import { newContext, signInAs, startWebWorld, type WebWorld } from './support/web';

const SECRET = 'console-forwarding-secret-for-the-tests-0123456789';

/**
 * Everyone signs in through the console, so the API sees one address for all
 * of them: with the shared secret the console passes each person's address,
 * and the API's per-address limit and sign-in records count people, not the
 * console. Without the secret the address header is ignored.
 */
describe('the console passes the address of the person signing in', () => {
  let w: WebWorld;

  beforeAll(async () => {
    w = await startWebWorld({
      env: { RATE_LIMIT_PER_ADDRESS: '3', CONSOLE_FORWARDING_SECRET: SECRET },
      // The console sits behind its own reverse proxy, which says who the browser is.
      webEnv: { CONSOLE_FORWARDING_SECRET: SECRET, TRUST_PROXY: 'true' },
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  const from = async (address: string): Promise<BrowserContext> => {
    const context = await newContext(w);
    await context.setExtraHTTPHeaders({ 'x-forwarded-for': address });
    return context;
  };

  it('throttles one person’s failed sign-ins without locking out the next person, and records each one’s address', async () => {
    const user = await createUser(w.t, { displayName: 'Forwarded analyst' });
    await addMember(w.t, user.id, 'cardiff', 'analyst');
    const guesser = await from('203.0.113.10');
    const page = await guesser.newPage();
    for (let i = 0; i < 3; i++) {
      await signInAs(page, { email: 'nobody@example.org', password: `guess number ${i}` });
      assert.match((await page.locator('#email-error').textContent()) ?? '', /email address or password is not right/);
    }
    await signInAs(page, { email: 'nobody@example.org', password: 'guess number 4' });
    assert.match((await page.locator('#email-error').textContent()) ?? '', /Too many attempts/);
    await guesser.close();

    // Someone else, elsewhere, signing in through the same console a moment later.
    const colleague = await from('198.51.100.20');
    const other = await colleague.newPage();
    await signInAs(other, user);
    assert.equal(new URL(other.url()).pathname, '/p/cardiff');
    await colleague.close();

    const rows = await w.t.db.query<{ action: string; address: string }>(
      `SELECT action, details->>'address' AS address FROM audit_events WHERE action IN ('auth.login_failed', 'auth.login_succeeded') ORDER BY seq`,
    );
    assert.deepEqual(
      rows.map((r) => `${r.action} ${r.address}`),
      [...Array(3).fill('auth.login_failed 203.0.113.10'), 'auth.login_succeeded 198.51.100.20'],
    );
  });

  it('ignores the address header without the secret, so a caller cannot pick its own address', async () => {
    const attempt = (headers: Record<string, string>) =>
      w.t.http.post('/api/v1/auth/token').set(headers).send({ grantType: 'password', email: 'nobody@example.org', password: 'not the password' });
    // Each claims a different address with a wrong secret: all count against the caller's own, the fourth is refused.
    for (let i = 0; i < 3; i++)
      assert.equal((await attempt({ 'x-console-client-address': `192.0.2.${i + 1}`, 'x-console-forwarding-secret': 'x'.repeat(SECRET.length) })).status, 401);
    assert.equal((await attempt({ 'x-console-client-address': '192.0.2.9' })).status, 429);
    // With the secret, the claimed address is the one counted (a fresh one here), and a claim that is not an address is not.
    assert.equal((await attempt({ 'x-console-client-address': '192.0.2.50', 'x-console-forwarding-secret': SECRET })).status, 401);
    assert.equal((await attempt({ 'x-console-client-address': 'not-an-address', 'x-console-forwarding-secret': SECRET })).status, 429);
  });
});
