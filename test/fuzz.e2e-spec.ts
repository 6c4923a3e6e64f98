import assert from 'node:assert/strict';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import request from 'supertest';
import { readTestSettings } from '@app/core';
import { createTestApp, type TestApp } from '@app/testing';
import { draftAssessment } from './support/assessments';
import {
  BODY_CATEGORIES,
  categoriesOf,
  generateRequests,
  REQUEST_CATEGORIES,
  loadSchemaFaker,
  operationsOf,
  type Category,
  type FuzzRequest,
  type Operation,
  type SchemaFaker,
} from './support/fuzz';
import { platformAdmin } from './support/identity';
import { createProblem } from './support/problems';

/**
 * The fuzzing suite: requests generated from the OpenAPI document's own
 * schemas (test/support/fuzz.ts), across every operation, as a platform
 * admin (so they reach validation and the domain). It asserts: no 5xx; every
 * error is problem+json (a 400 lists `errors`); no rejected request leaves a
 * row in any partnership table; no request blocks the event loop for half a
 * second or more (a catastrophic block: a runaway regular expression, a
 * synchronous pass over a huge body). Shorter blocks are a figure, not a
 * failure: the longest is printed with the run's tally, since on a shared,
 * loaded machine a request's busy time stretches with the load. FUZZ_SEED and FUZZ_RUNS (libs/testing test settings) choose the
 * run; `npm run fuzz` picks a random seed and prints it.
 */
const { seed, runs } = readTestSettings().fuzz;
/** A block this long fails the run whatever the machine's load; the longest block seen is reported either way. */
const BLOCK_LIMIT_MS = 500;
const BATCH = 40;

interface Tally {
  requests: number;
  byStatus: Record<string, number>;
  rejectedChecked: number;
  maxBlockMs: number;
  /** Milliseconds per category, to see where a run spends its time. */
  msByCategory: Record<string, number>;
}

describe(`fuzzing every operation (FUZZ_SEED=${seed}, FUZZ_RUNS=${runs})`, () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;
  let operations: Operation[];
  let components: Record<string, unknown>;
  let auth: string;
  let faker: SchemaFaker;
  const ids: Record<string, string> = {};
  let tables: string[] = [];
  const tally: Tally = { requests: 0, byStatus: {}, rejectedChecked: 0, maxBlockMs: 0, msByCategory: {} };
  const failures: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    http = request(`http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`);
    const document = (await http.get('/docs/openapi.json').expect(200)).body;
    operations = operationsOf(document);
    faker = await loadSchemaFaker();
    components = document.components;
    auth = (await platformAdmin(t)).auth;
    // Real objects for the ids in paths, so requests get past "not found" into validation and the rules.
    ids.partnershipId = 'cardiff';
    ids.assessmentId = String((await draftAssessment(t, 'cardiff', auth)).id);
    ids.problemId = String((await createProblem(t, 'cardiff', auth)).id);
    const rows = await t.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'partnership_id' ORDER BY table_name`,
    );
    tables = rows.map((r) => r.table_name);
  });
  afterAll(async () => {
    const statuses = Object.entries(tally.byStatus)
      .sort()
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    process.stdout.write(
      `fuzz: FUZZ_SEED=${seed}, ${tally.requests} requests over ${operations?.length ?? 0} operations; statuses ${statuses}; ` +
        `${tally.rejectedChecked} rejected requests checked for rows left behind; longest event-loop block ${tally.maxBlockMs.toFixed(1)} ms; ` +
        `seconds per category ${Object.entries(tally.msByCategory)
          .map(([c, ms]) => `${c}:${(ms / 1000).toFixed(1)}`)
          .join(' ')}\n`,
    );
    await t.close();
  });

  /** Rows of every partnership table (failed sign-ins are audited on purpose, so audit rows of that kind are left out). */
  async function rowCounts(): Promise<Record<string, string>> {
    const sql = tables
      .map((table) => `SELECT '${table}' AS t, count(*) AS n FROM "${table}"${table === 'audit_events' ? ` WHERE action <> 'auth.login_failed'` : ''}`)
      .join(' UNION ALL ');
    return Object.fromEntries((await t.db.query<{ t: string; n: string }>(sql)).map((r) => [r.t, r.n]));
  }

  function changed(before: Record<string, string>, after: Record<string, string>): string[] {
    return Object.keys(after)
      .filter((table) => after[table] !== before[table])
      .map((table) => `${table} ${before[table]} -> ${after[table]}`);
  }

  async function send(req: FuzzRequest): Promise<request.Response> {
    let call = http[req.method](req.url);
    for (const [name, value] of Object.entries(req.headers)) call = call.set(name, value);
    if (req.body !== undefined) call = call.send(req.body);
    return call.ok(() => true);
  }

  /**
   * One request, with the longest event-loop block seen while it ran: the
   * longest timer delay (monitorEventLoopDelay), but no more than the time the
   * loop was busy (eventLoopUtilization), since a thread starved of CPU by
   * other processes delays timers without blocking anything. A block is
   * confirmed by sending again (the answer judged is the first one's).
   */
  async function measured(req: FuzzRequest): Promise<{ res: request.Response; blockedMs: number }> {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    let best = Infinity;
    let res: request.Response | undefined;
    // Other test files share the two cores: a late timer there is no block here. A block repeats; contention passes.
    for (let attempt = 0; attempt < 5 && best > BLOCK_LIMIT_MS; attempt++) {
      if (attempt) await new Promise((done) => setTimeout(done, 50 * attempt));
      delay.reset();
      delay.enable();
      const busy = performance.eventLoopUtilization();
      const answer = await send(req);
      const { active } = performance.eventLoopUtilization(busy);
      delay.disable();
      res ??= answer;
      best = Math.min(best, delay.max / 1e6, active);
    }
    return { res: res!, blockedMs: best };
  }

  function check(req: FuzzRequest, res: request.Response, blockedMs: number): void {
    const name = `${req.category} ${req.operation} -> ${res.status} (${req.url.slice(0, 120)} ${String(req.headers['content-type'] ?? '')} ${(req.body ?? '').slice(0, 100)}${(req.body?.length ?? 0) > 100 ? `... ${req.body!.length} chars` : ''})`;
    tally.requests += 1;
    tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
    tally.maxBlockMs = Math.max(tally.maxBlockMs, blockedMs);
    if (res.status >= 500) failures.push(`${name}: ${res.text.slice(0, 300)}`);
    if (res.status >= 400) {
      const body = res.body as { status?: number; errors?: unknown };
      if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
        failures.push(`${name}: not problem+json (${String(res.headers['content-type'])})`);
      else if (body.status !== res.status) failures.push(`${name}: problem status ${String(body.status)}`);
      else if (res.status === 400 && !Array.isArray(body.errors)) failures.push(`${name}: a 400 without errors[]`);
    }
    if (blockedMs > BLOCK_LIMIT_MS) failures.push(`${name}: blocked the event loop ${blockedMs.toFixed(0)} ms`);
  }

  async function fuzz(categories: readonly Category[], share: number): Promise<void> {
    const planned = operations.flatMap((op) =>
      categoriesOf(op)
        .filter((c) => categories.includes(c))
        .map((c) => ({ op, c })),
    );
    const perPair = Math.max(1, Math.ceil((runs * share) / planned.length));
    for (const [index, { op, c }] of planned.entries()) {
      for (let start = 0; start < perPair; start += BATCH) {
        // Generated before sending, between batches: generation is the test's own work, not the server's.
        let mark = performance.now();
        const batch = generateRequests(op, c, Math.min(BATCH, perPair - start), seed + index * 7919 + start, { faker, components, ids, auth });
        tally.msByCategory.generating = (tally.msByCategory.generating ?? 0) + performance.now() - mark;
        await new Promise((done) => setTimeout(done, 20));
        mark = performance.now();
        const before = await rowCounts();
        tally.msByCategory.counting = (tally.msByCategory.counting ?? 0) + performance.now() - mark;
        let accepted = false;
        let rejected = 0;
        const statuses: number[] = [];
        for (const req of batch) {
          const started = performance.now();
          const { res, blockedMs } = await measured(req);
          tally.msByCategory[c] = (tally.msByCategory[c] ?? 0) + performance.now() - started;
          check(req, res, blockedMs);
          statuses.push(res.status);
          if (res.status < 400) accepted = true;
          else rejected += 1;
        }
        // Only a batch where nothing was accepted can be compared: then nothing may have changed.
        if (!accepted) {
          const diff = changed(before, await rowCounts());
          if (diff.length) failures.push(`${c} ${op.key}: rejected requests left rows behind: ${diff.join(', ')}; statuses ${statuses.join(' ')}`);
          else tally.rejectedChecked += rejected;
        }
      }
    }
  }

  // One test per category (each within the runner's per-test time limit), sharing the run's requests evenly.
  const categories = [...BODY_CATEGORIES, ...REQUEST_CATEGORIES];
  for (const category of categories) {
    it(`${category} requests`, async () => {
      await fuzz([category], 1 / categories.length);
      assert.deepEqual(failures.splice(0), []);
    });
  }

  it(`sent at least FUZZ_RUNS requests across every operation`, () => {
    assert.ok(tally.requests >= runs, `${tally.requests} requests sent`);
    assert.ok(operations.length >= 70, `${operations.length} operations`);
  });
});
