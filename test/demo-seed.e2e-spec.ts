import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FixedClock, readTestSettings, toLondonDate } from '@app/core';
import { createTestApp, firstOf, type TestApp } from '@app/testing';
import { DEMO_GROUP, DEMO_PEOPLE } from '../apps/cli/src/demo/demo';

const root = resolve(__dirname, '../..');

/** `cli demo-seed`: what `npm run demo` loads, as a real process against the test database (its API in process, on its own clock). */
describe('demo seeding', () => {
  let t: TestApp;

  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [resolve(root, 'dist/apps/cli/src/main.js'), ...args], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          ...readTestSettings().roleEnv,
          NODE_ENV: 'test',
          DATABASE_URL: t.config.database.url!,
          REDIS_URL: t.config.redis.url,
          LOG_LEVEL: 'warn',
          ...env,
        },
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
    // The demo dates its year back from today: the API that reads it is on the real time.
    t = await createTestApp({ clock: new FixedClock(new Date()) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads a year of the partnership: a sign-in per role, a missed review, meetings held and coming, actions on time, late and overdue, flags; a second run adds nothing', async () => {
    const first = await cli(['demo-seed']);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.match(
      first.stdout,
      /Loaded the demo: problems 1 at closed, 1 at assessment, 1 at response, 1 at analysis, 1 at scanning; 5 meetings; 7 actions; 1 review\(s\); 4 incidents; 1 nomination\(s\); 5 open flag\(s\)/,
    );
    for (const p of DEMO_PEOPLE) assert.ok(first.stdout.includes(`${p.email}`) && first.stdout.includes(p.password), `${p.role}'s sign-in is printed`);

    // Each printed sign-in works, with its role.
    const tokens: Record<string, string> = {};
    for (const p of DEMO_PEOPLE) {
      const token = await t.http.post('/api/v1/auth/token').send({ grantType: 'password', email: p.email, password: p.password }).expect(200);
      tokens[p.role] = token.body.accessToken;
      const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${token.body.accessToken}`).expect(200);
      assert.equal(me.body.memberships.find((m: { partnershipCode: string }) => m.partnershipCode === 'cardiff')?.role, p.role);
    }
    const api = (path: string) => t.http.get(`/api/v1/partnerships/cardiff${path}`).set('authorization', `Bearer ${tokens.analyst}`).expect(200);
    const today = toLondonDate(new Date());

    const stages = await t.db.query<{ stage: string }>(`SELECT stage FROM problems WHERE partnership_id = ${cardiff} ORDER BY stage`);
    assert.deepEqual(stages.map((r) => r.stage).sort(), ['analysis', 'assessment', 'closed', 'response', 'scanning']);
    const [evaluated] = await t.db.query<{ stage: string }>(
      `SELECT p.stage FROM problems p JOIN problem_evaluations e ON e.problem_id = p.id WHERE p.partnership_id = ${cardiff}`,
    );
    assert.equal(evaluated?.stage, 'closed', 'the closed problem was evaluated');

    // The assessment: approved seven months ago, one review recorded, the next one missed.
    const [assessment] = (await api('/strategic-assessments')).body.items;
    assert.equal(assessment.status, 'approved');
    assert.equal(assessment.reviewState, 'overdue');
    assert.ok(assessment.nextReviewDue < today, `next review ${assessment.nextReviewDue} has passed`);
    const reviews = (await api(`/strategic-assessments/${assessment.id}/reviews`)).body;
    assert.equal((reviews.items ?? reviews).length, 1, 'one review recorded');
    assert.ok(assessment.lastReviewedAt < assessment.nextReviewDue);
    const strategy = firstOf(await t.db.query<{ status: string }>(`SELECT status FROM control_strategies WHERE partnership_id = ${cardiff}`));
    assert.equal(strategy.status, 'current');

    // Three meetings held, in the past, and two coming.
    const meetings = await t.db.query<{ status: string; past: boolean }>(
      `SELECT status, scheduled_for < now() AS past FROM meetings WHERE partnership_id = ${cardiff} ORDER BY scheduled_for`,
    );
    assert.deepEqual(meetings, [
      { status: 'closed', past: true },
      { status: 'closed', past: true },
      { status: 'closed', past: true },
      { status: 'scheduled', past: false },
      { status: 'scheduled', past: false },
    ]);

    // Actions done on time, done late, overdue and open.
    const actions = await t.db.query<{ title: string; status: string; due_date: string; done_on: string | null }>(
      `SELECT title, status, to_char(due_date, 'YYYY-MM-DD') AS due_date, to_char(completed_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS done_on FROM actions WHERE partnership_id = ${cardiff} ORDER BY number`,
    );
    assert.deepEqual(
      actions.map((a) => a.status),
      ['done', 'done', 'in_progress', 'open', 'done', 'in_progress', 'open'],
    );
    const done = actions.filter((a) => a.status === 'done');
    assert.equal(done.filter((a) => a.done_on! <= a.due_date).length, 2, 'two done on time');
    assert.equal(done.filter((a) => a.done_on! > a.due_date).length, 1, 'one done late');
    const overdue = (await api('/actions?overdue=true')).body.items;
    assert.deepEqual(overdue.map((a: { title: string }) => a.title).sort(), [
      'Report on drug supply routes into Splott',
      'Survey CCTV coverage of Splott Road',
    ]);
    assert.ok(overdue.every((a: { daysOverdue: number }) => a.daysOverdue > 0));

    // The flags the scanners raised: the overdue actions, the missed review, the strategy resting on it, the unevaluated problem.
    const flags = (await api('/flags?open=true')).body.items as { kind: string; subjectId: string }[];
    assert.deepEqual(flags.map((f) => f.kind).sort(), [
      'action_overdue',
      'action_overdue',
      'assessment_review_overdue',
      'control_strategy_stale',
      'problem_unevaluated',
    ]);
    assert.ok(flags.some((f) => f.kind === 'assessment_review_overdue' && f.subjectId === assessment.id));

    const [nomination] = await t.db.query<{ kind: string; state: string; evidence_count: number }>(
      `SELECT kind, state, evidence_count FROM nominations WHERE partnership_id = ${cardiff}`,
    );
    assert.deepEqual(nomination, { kind: 'repeat_location', state: 'open', evidence_count: 4 });
    // The next meeting's agenda lists it, the overdue actions and the flags for the chair.
    const { id: nextId } = firstOf(
      await t.db.query<{ id: string }>(`SELECT id FROM meetings WHERE partnership_id = ${cardiff} AND status = 'scheduled' ORDER BY scheduled_for LIMIT 1`),
    );
    const next = await t.http.get(`/api/v1/partnerships/cardiff/meetings/${nextId}`).set('authorization', `Bearer ${tokens.chair}`).expect(200);
    assert.ok(next.body.agenda.newNominations.some((n: { type?: string }) => n.type === 'nomination'));
    assert.equal(next.body.agenda.overdueActions.length, 2);
    assert.ok(next.body.agenda.actionsDue.length >= 1);
    assert.equal(next.body.agenda.flags.length, 5);

    const before = await snapshot();
    assert.deepEqual(before, { users: 5, groups: 1, problems: 5, meetings: 5, actions: 7, incidents: 4, nominations: 1 });
    const second = await cli(['demo-seed']);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /there already/);
    assert.deepEqual(await snapshot(), before);
  });

  it('refuses to run with NODE_ENV=production, loading nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM users`);
    // A production configuration that would otherwise load: the refusal is the demo's own.
    const production = {
      NODE_ENV: 'production',
      DATABASE_APP_PASSWORD: 'a'.repeat(24),
      API_KEY_SECRET: 'k'.repeat(48),
      WEBHOOK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    for (const args of [['demo-seed'], ['dev', '--demo']]) {
      const refused = await cli(args, production);
      assert.equal(refused.status, 1, args.join(' '));
      assert.match(refused.stderr, /does not run with NODE_ENV=production/, args.join(' '));
    }
    assert.equal(await count(`SELECT count(*) AS n FROM users`), before);
  });
});
