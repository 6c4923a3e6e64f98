import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { QUEUES } from '@app/queue';
import { firstOf } from '@app/testing';
import { createUser, member, platformAdmin } from './support/identity';
import { expectProblem } from './support/problem-details';
import { useTestApp } from './support/app';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Bull Board at /admin/queues', () => {
  const t = useTestApp();

  it('sends a browser without a session to the sign-in form, and a tool a 401 problem', async () => {
    const page = await t.http.get('/admin/queues').set('accept', 'text/html').expect(303);
    assert.equal(page.headers.location, '/admin/queues/sign-in');
    const signIn = await t.http.get('/admin/queues/sign-in').expect(200);
    assert.match(signIn.text, /<form method="post" action="\/admin\/queues\/sign-in">/);
    expectProblem(await t.http.get('/admin/queues/api/queues'), 401);
  });

  it('refuses everyone but platform admins', async () => {
    const admin = (await member(t, 'cardiff', 'admin')).auth;
    expectProblem(await t.http.get('/admin/queues/api/queues').set('authorization', admin), 403);
    expectProblem(await t.http.get('/admin/queues/api/queues').set('authorization', 'Bearer not-a-token'), 401);
  });

  it('shows a platform admin the board and every queue', async () => {
    const { auth } = await platformAdmin(t);
    const page = await t.http.get('/admin/queues').set('authorization', auth).set('accept', 'text/html').expect(200);
    assert.match(page.text, /__UI_CONFIG__/);
    const api = await t.http.get('/admin/queues/api/queues').set('authorization', auth).expect(200);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
    assert.deepEqual(names, Object.values(QUEUES).sort());
  });

  it('signs a platform admin in through the form into an HttpOnly, SameSite=Strict cookie for this path only', async () => {
    const user = await createUser(t, { platformAdmin: true });
    const wrong = await t.http
      .post('/admin/queues/sign-in')
      .type('form')
      .send(form({ email: user.email, password: 'not it' }))
      .expect(401);
    assert.match(wrong.text, /role="alert"[^>]*>The e-mail address or password is not right/);
    const ok = await t.http
      .post('/admin/queues/sign-in')
      .type('form')
      .send(form({ email: user.email, password: user.password }))
      .expect(303);
    assert.equal(ok.headers.location, '/admin/queues');
    const setCookie = String(ok.headers['set-cookie']);
    assert.match(setCookie, /^csp_queue_board=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const session = firstOf(setCookie.split(';'));
    const api = await t.http.get('/admin/queues/api/queues').set('cookie', session).expect(200);
    assert.equal(api.body.queues.length, Object.values(QUEUES).length);
    // The cookie is good for the board only, never as API credentials.
    expectProblem(await t.http.get('/api/v1/partnerships').set('cookie', session), 401);
    // The board never refreshes its token: signing in to it starts no refresh-token family.
    const families = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1`, [user.id]);
    assert.equal(Number(firstOf(families).n), 0);
  });

  it('does not sign in an account that is not a platform admin', async () => {
    const user = await createUser(t);
    const res = await t.http
      .post('/admin/queues/sign-in')
      .type('form')
      .send(form({ email: user.email, password: user.password }))
      .expect(403);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(res.text, /not a platform admin/);
  });
});
