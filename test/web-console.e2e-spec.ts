import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addMember, createUser } from './support/identity';
import { axeViolations, newContext, signInAs, startWebWorld, type WebWorld } from './support/web';

describe('web console: sign-in, sessions, CSRF and languages', () => {
  let w: WebWorld;

  before(async () => {
    w = await startWebWorld();
  });
  after(async () => {
    await w?.close();
  });

  it('signs an analyst in to the home page of their only partnership and out again', async () => {
    const user = await createUser(w.t, { displayName: 'Alys Analyst' });
    await addMember(w.t, user.id, 'cardiff', 'analyst');
    const context = await newContext(w);
    const page = await context.newPage();
    await signInAs(page, user);
    assert.match(new URL(page.url()).pathname, /^\/p\/cardiff$/);
    assert.equal(await page.locator('h1').textContent(), 'Home');
    await page.screenshot({ path: '/tmp/web-home.png', fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
