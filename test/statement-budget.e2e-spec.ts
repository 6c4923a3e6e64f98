import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestApp, firstOf, onlyOf, type StatementCount, StatementCounter, type TestApp } from '@app/testing';
import { agencyOf, apiKey, member } from './support/identity';
import { arrangeStrategy, createProblem, problemsOf } from './support/problems';
import { createGroup, insertActions, scheduleMeeting, tasking } from './support/tasking';
import { waitUntil } from './support/wait';
import { type Json } from './support/http';

type Caller = Awaited<ReturnType<typeof member>>;

/**
 * What one request of each kind may send to PostgreSQL: statements (BEGIN
 * and COMMIT included) and transactions. A change that adds a round trip to
 * a hot route fails here, so the counts cannot creep back up.
 */
const BUDGETS = {
  'problem read (audited)': { statements: 5, transactions: 1 },
  'problem read (audited, API key)': { statements: 5, transactions: 1 },
  'problem list page': { statements: 4, transactions: 1 },
  'problem list page (partnership by id)': { statements: 4, transactions: 1 },
  'actions list page': { statements: 4, transactions: 1 },
  // The meeting with its neighbours, then one statement per context the agenda reads
  // (strategy and assessment, actions, problems, intake's nominations, flags).
  'meeting with agenda': { statements: 9, transactions: 1 },
} as const;

type Kind = keyof typeof BUDGETS;

describe('statements per request', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let analyst: Caller;
  let chair: Caller;
  let key: string;
  let problem: Json;
  let meeting: Json;
  let pid: string;
  const seen: Partial<Record<Kind, StatementCount>> = {};

  beforeAll(async () => {
    t = await createTestApp();
    counter = StatementCounter.attach(t.app);
    analyst = await member(t, 'cardiff', 'analyst');
    chair = await member(t, 'cardiff', 'chair');
    const admin = await member(t, 'cardiff', 'admin');
    key = (await apiKey(t, 'cardiff', admin.auth, ['problems:read'])).key;
    const police = await agencyOf(t, 'cardiff', 'police');
    const council = await agencyOf(t, 'cardiff', 'local_authority');
    await arrangeStrategy(t, 'cardiff');
    problem = await createProblem(t, 'cardiff', analyst.auth);
    for (let i = 0; i < 3; i++) await createProblem(t, 'cardiff', analyst.auth);
    await insertActions(t, 'cardiff', [
      { dueDate: '2026-01-10', agencyId: police },
      { dueDate: '2026-01-20', agencyId: council, status: 'in_progress' },
      { dueDate: '2026-02-01', agencyId: police },
    ]);
    const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police, council] });
    meeting = await scheduleMeeting(t, 'cardiff', chair.auth, group.id, '2026-01-20T10:00:00Z');
    ({ id: pid } = onlyOf(await t.db.query<{ id: string }>(`SELECT id FROM partnerships WHERE code = 'cardiff'`)));
  });

  afterAll(async () => {
    const lines = Object.entries(seen).map(([kind, c]) => `  ${kind}: ${c.statements} statements, ${c.transactions} transaction(s)`);
    if (lines.length) console.log(`statements per request:\n${lines.join('\n')}`);
    await t?.close();
  });

  /** Sends the request twice (the first warms what is loaded once per process) and counts the second. */
  async function measure(kind: Kind, send: () => Promise<{ status: number; body: unknown }>): Promise<void> {
    const warm = await send();
    assert.equal(warm.status, 200, JSON.stringify(warm.body));
    let status = 0;
    const count = await counter.during(async () => {
      status = (await send()).status;
    });
    assert.equal(status, 200);
    seen[kind] = count;
    const budget = BUDGETS[kind];
    const detail = `\n${count.texts.map((s, i) => `${i + 1}. ${s.slice(0, 160)}`).join('\n')}`;
    assert.ok(count.transactions <= budget.transactions, `${kind}: ${count.transactions} transactions, budget ${budget.transactions}${detail}`);
    assert.ok(count.statements <= budget.statements, `${kind}: ${count.statements} statements, budget ${budget.statements}${detail}`);
  }

  it('reads a problem (an audited read of personal data) within its budget', async () => {
    await measure('problem read (audited)', () => t.http.get(`${problemsOf('cardiff')}/${problem.id}`).set('authorization', analyst.auth));
  });

  it('reads a problem with an API key within the same budget', async () => {
    await measure('problem read (audited, API key)', () => t.http.get(`${problemsOf('cardiff')}/${problem.id}`).set('x-api-key', key));
  });

  it('lists a page of problems within its budget', async () => {
    await measure('problem list page', () => t.http.get(`${problemsOf('cardiff')}?limit=50`).set('authorization', analyst.auth));
  });

  it('lists a page of problems named by partnership id within the same budget', async () => {
    await measure('problem list page (partnership by id)', () =>
      t.http.get(`/api/v1/partnerships/${pid}/problems?limit=50`).set('authorization', analyst.auth),
    );
  });

  it('lists a page of actions within its budget', async () => {
    await measure('actions list page', () => t.http.get(`${tasking('cardiff')}/actions?limit=50`).set('authorization', analyst.auth));
  });

  it('reads a meeting with its generated agenda within its budget', async () => {
    await measure('meeting with agenda', () => t.http.get(`${tasking('cardiff')}/meetings/${meeting.id}`).set('authorization', chair.auth));
  });
});

describe('requests refused after authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('roll back the transaction authentication began and give its connection back', async () => {
    const viewer = await member(t, 'cardiff', 'viewer');
    // Another partnership (404), a role that may not (403), an unknown partnership (404): each began a transaction.
    for (let i = 0; i < 4; i++) {
      assert.equal((await t.http.get(problemsOf('newport')).set('authorization', viewer.auth)).status, 404);
      assert.equal((await t.http.post(problemsOf('cardiff')).set('authorization', viewer.auth).send({})).status, 403);
      assert.equal((await t.http.get(problemsOf('nowhere')).set('authorization', viewer.auth)).status, 404);
    }
    // Rolled back once each answer is sent (the client may read the answer a moment before).
    await waitUntil(
      async () => {
        const rows = await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
        );
        return firstOf(rows).n === 0;
      },
      'no transaction left open',
      5_000,
    );
    // With a pool of two, a leaked connection per refusal would leave this waiting for ever.
    assert.equal((await t.http.get(problemsOf('cardiff')).set('authorization', viewer.auth)).status, 200);
  });
});
