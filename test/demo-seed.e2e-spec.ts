import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FixedClock, readTestSettings } from '@app/core';
import { createTestApp, firstOf, type TestApp } from '@app/testing';
import { DEMO_GROUP, DEMO_PEOPLE } from '../apps/cli/src/demo/demo';

const root = resolve(__dirname, '../..');

/** `cli demo-seed`: what `npm run demo` loads, as a real process against the test database and a running API. */
describe('demo seeding', () => {
  let t: TestApp;
  let apiUrl: string;

  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [resolve(root, 'dist/apps/cli/src/main.js'), ...args], {
        cwd: root,
        env: { PATH: process.env.PATH, ...readTestSettings().roleEnv, NODE_ENV: 'test', DATABASE_URL: t.config.database.url!, REDIS_URL: t.config.redis.url, LOG_LEVEL: 'warn', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('exit', (status) => {
        clearTimeout(timer);
        done({ status, stdout, stderr });
      });
    });
  const count = async (sql: string) => Number(firstOf(await t.db.query<{ n: string }>(sql)).n);
  const cardiff = `(SELECT id FROM partnerships WHERE code = 'cardiff')`;
  const snapshot = async () => ({
    users: await count(`SELECT count(*) AS n FROM users WHERE email LIKE '%@demo.csp.example'`),
    groups: await count(`SELECT count(*) AS n FROM tasking_groups WHERE name = '${DEMO_GROUP}'`),
    problems: await count(`SELECT count(*) AS n FROM problems WHERE partnership_id = ${cardiff}`),
    meetings: await count(`SELECT count(*) AS n FROM meetings WHERE partnership_id = ${cardiff}`),
    actions: await count(`SELECT count(*) AS n FROM actions WHERE partnership_id = ${cardiff}`),
    incidents: await count(`SELECT count(*) AS n FROM incidents WHERE partnership_id = ${cardiff}`),
    nominations: await count(`SELECT count(*) AS n FROM nominations WHERE partnership_id = ${cardiff}`),
  });

  beforeAll(async () => {
    // The demo dates everything from today: the API's clock is the real time.
    t = await createTestApp({ clock: new FixedClock(new Date()) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads a sign-in per role, problems at every SARA stage, a run meeting with its actions, and a nomination from incidents; a second run adds nothing', async () => {
    const first = await cli(['demo-seed', '--api-url', apiUrl]);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /Loaded the demo: problems 1 at scanning, 1 at analysis, 1 at response, 1 at assessment, 1 at closed; 2 meetings; 3 actions; 4 incidents; 1 nomination/);
    for (const p of DEMO_PEOPLE) assert.ok(first.stdout.includes(`${p.email}`) && first.stdout.includes(p.password), `${p.role}'s sign-in is printed`);

    // Each printed sign-in works, with its role.
    for (const p of DEMO_PEOPLE) {
      const token = await t.http.post('/api/v1/auth/token').send({ grantType: 'password', email: p.email, password: p.password }).expect(200);
      const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${token.body.accessToken}`).expect(200);
      assert.equal(me.body.memberships.find((m: { partnershipCode: string }) => m.partnershipCode === 'cardiff')?.role, p.role);
    }
    const stages = await t.db.query<{ stage: string }>(`SELECT stage FROM problems WHERE partnership_id = ${cardiff} ORDER BY stage`);
    assert.deepEqual(stages.map((r) => r.stage).sort(), ['analysis', 'assessment', 'closed', 'response', 'scanning']);
    const meetings = await t.db.query<{ status: string }>(`SELECT status FROM meetings WHERE partnership_id = ${cardiff} ORDER BY scheduled_for`);
    assert.deepEqual(meetings.map((m) => m.status), ['closed', 'scheduled']);
    const actions = await t.db.query<{ title: string; status: string }>(`SELECT title, status FROM actions WHERE partnership_id = ${cardiff} ORDER BY reference`);
    assert.deepEqual(actions.map((a) => a.status), ['in_progress', 'open', 'done'], 'the police officer reported back on the police actions');
    const strategy = firstOf(await t.db.query<{ status: string }>(`SELECT status FROM control_strategies WHERE partnership_id = ${cardiff}`));
    assert.equal(strategy.status, 'current');
    const [nomination] = await t.db.query<{ kind: string; state: string; evidence_count: number }>(`SELECT kind, state, evidence_count FROM nominations WHERE partnership_id = ${cardiff}`);
    assert.deepEqual(nomination, { kind: 'repeat_location', state: 'open', evidence_count: 4 });
    // The next meeting's agenda lists it for the chair.
    const chair = DEMO_PEOPLE.find((p) => p.role === 'chair')!;
    const token = (await t.http.post('/api/v1/auth/token').send({ grantType: 'password', email: chair.email, password: chair.password }).expect(200)).body.accessToken;
    const { id: nextId } = firstOf(await t.db.query<{ id: string }>(`SELECT id FROM meetings WHERE partnership_id = ${cardiff} AND status = 'scheduled'`));
    const next = await t.http.get(`/api/v1/partnerships/cardiff/meetings/${nextId}`).set('authorization', `Bearer ${token}`).expect(200);
    assert.ok(next.body.agenda.newNominations.some((n: { type?: string }) => n.type === 'nomination'));
    assert.ok(next.body.agenda.actionsDue.length >= 1);

    const before = await snapshot();
    assert.deepEqual(before, { users: 5, groups: 1, problems: 5, meetings: 2, actions: 3, incidents: 4, nominations: 1 });
    const second = await cli(['demo-seed', '--api-url', apiUrl]);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /there already/);
    assert.deepEqual(await snapshot(), before);
  });

  it('refuses to run with NODE_ENV=production, loading nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM users`);
    // A production configuration that would otherwise load: the refusal is the demo's own.
    const production = { NODE_ENV: 'production', DATABASE_APP_PASSWORD: 'a'.repeat(24), API_KEY_SECRET: 'k'.repeat(48), WEBHOOK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') };
    for (const args of [['demo-seed', '--api-url', apiUrl], ['dev', '--demo']]) {
      const refused = await cli(args, production);
      assert.equal(refused.status, 1, args.join(' '));
      assert.match(refused.stderr, /does not run with NODE_ENV=production/, args.join(' '));
    }
    assert.equal(await count(`SELECT count(*) AS n FROM users`), before);
  });
});
