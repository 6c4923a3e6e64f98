import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { firstOf } from '@app/testing';
import { createUser } from './support/identity';
import { expectProblem } from './support/problem-details';
import { useTestApp } from './support/app';

describe('refresh tokens', () => {
  const t = useTestApp();

  async function signInFresh() {
    const user = await createUser(t);
    const res = await t.http.post('/api/v1/auth/token').send({ email: user.email, password: user.password }).expect(200);
    return { user, body: res.body as { accessToken: string; expiresAt: string; refreshToken: string; refreshExpiresAt: string } };
  }
  const refresh = (refreshToken: string) => t.http.post('/api/v1/auth/token').send({ grantType: 'refresh_token', refreshToken });
  const me = (accessToken: string) => t.http.get('/api/v1/me').set('authorization', `Bearer ${accessToken}`);

  it('a password sign-in answers an access token and a refresh token, stored only as a hash', async () => {
    const { user, body } = await signInFresh();
    assert.match(body.refreshToken, /^csprt_[A-Za-z0-9_-]{43}$/);
    assert.equal(new Date(body.refreshExpiresAt).getTime(), t.clock.now().getTime() + t.config.auth.refreshTtlSeconds * 1000);
    const rows = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [user.id]);
    assert.deepEqual(
      rows.map((r) => r.token_hash),
      [createHash('sha256').update(body.refreshToken).digest('hex')],
    );
    const all = JSON.stringify(await t.db.query('SELECT * FROM refresh_tokens WHERE user_id = $1', [user.id]));
    assert.ok(!all.includes(body.refreshToken.slice(6)), 'the token itself is never stored');
  });

  it('a refresh token is exchanged once for a working access token and the next refresh token', async () => {
    const { user, body } = await signInFresh();
    const next = await refresh(body.refreshToken).expect(200);
    assert.notEqual(next.body.refreshToken, body.refreshToken);
    assert.equal(next.body.tokenType, 'Bearer');
    assert.equal((await me(next.body.accessToken).expect(200)).body.user.id, user.id);
    const third = await refresh(next.body.refreshToken).expect(200);
    assert.equal((await me(third.body.accessToken).expect(200)).body.user.id, user.id);
  });

  it('presenting a used refresh token revokes every token of that sign-in, not other sign-ins', async () => {
    const first = await signInFresh();
    const other = await t.http.post('/api/v1/auth/token').send({ email: first.user.email, password: first.user.password }).expect(200);
    const second = await refresh(first.body.refreshToken).expect(200);
    // The old token again (a stolen copy): refused, and the legitimate successor dies with it.
    expectProblem(await refresh(first.body.refreshToken), 401, 'unauthorized');
    expectProblem(await refresh(second.body.refreshToken), 401, 'unauthorized');
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE target_id = $1 AND action = 'auth.refresh_token_reused'`, [
      first.user.id,
    ]);
    assert.equal(audit.length, 1);
    // The other sign-in of the same person is untouched.
    await refresh(other.body.refreshToken).expect(200);
  });

  it('of two concurrent uses of one token exactly one succeeds', async () => {
    const { body } = await signInFresh();
    const results = await Promise.all([refresh(body.refreshToken), refresh(body.refreshToken)]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 401]);
  });

  it('POST /auth/revoke ends the session: its refresh tokens stop working; unknown tokens answer 204 too', async () => {
    const { user, body } = await signInFresh();
    const next = await refresh(body.refreshToken).expect(200);
    await t.http.post('/api/v1/auth/revoke').send({ refreshToken: next.body.refreshToken }).expect(204);
    expectProblem(await refresh(next.body.refreshToken), 401, 'unauthorized');
    const revoked = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [user.id]);
    assert.equal(Number(firstOf(revoked).n), 0);
    await t.http
      .post('/api/v1/auth/revoke')
      .send({ refreshToken: 'csprt_' + 'x'.repeat(43) })
      .expect(204);
    await t.http.post('/api/v1/auth/revoke').send({ refreshToken: 'not a token' }).expect(204);
    expectProblem(await t.http.post('/api/v1/auth/revoke').send({}), 400);
  });

  it('refuses expired, malformed and missing refresh tokens, and a refresh after a password change', async () => {
    const { user, body } = await signInFresh();
    expectProblem(await refresh('csprt_nonsense'), 401, 'unauthorized');
    expectProblem(await t.http.post('/api/v1/auth/token').send({ grantType: 'refresh_token' }), 400);
    expectProblem(await t.http.post('/api/v1/auth/token').send({ grantType: 'client_credentials', refreshToken: body.refreshToken }), 400);
    // A password change (e.g. after a leak) ends the sign-ins made before it.
    await t.db.query(`UPDATE users SET password_changed_at = $2 WHERE id = $1`, [user.id, new Date(t.clock.now().getTime() + 1000)]);
    expectProblem(await refresh(body.refreshToken), 401, 'unauthorized');

    const late = await signInFresh();
    await t.db.query(`UPDATE refresh_tokens SET expires_at = $2 WHERE user_id = $1`, [late.user.id, new Date(t.clock.now().getTime() - 1000)]);
    expectProblem(await refresh(late.body.refreshToken), 401, 'unauthorized');
  });

  it('a disabled account cannot refresh', async () => {
    const { user, body } = await signInFresh();
    await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [user.id]);
    expectProblem(await refresh(body.refreshToken), 401, 'unauthorized');
  });
});
