import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { importJWK, jwtVerify, type JWK } from 'jose';
import { Pool } from 'pg';
import { urlForRole } from '@app/core';
import { TokensService } from '@app/domain/identity';
import { createTestApp, entryOf, firstOf, StatementCounter, type TestApp } from '@app/testing';
import { agencyOf, member, partnershipId } from '../support/identity';
import { createProblem, problemsOf } from '../support/problems';
import { createGroup, scheduleMeeting, tasking } from '../support/tasking';

/**
 * `npm run bench`: the hot reads at scale, under load, beside a bare
 * handler. BENCH_PROBLEMS problems (default 200000, half of them in one
 * partnership, each with a location) and BENCH_ACTIONS actions (default
 * 100000) generated set-based in SQL; then, with autocannon (its load in a
 * worker thread) for BENCH_SECONDS each (default 5) at -c 1 and -c 50:
 * an analyst's audited read of one problem (one partnership, and spread
 * over eight), a list page of 50, the actions list and a meeting with its
 * agenda, each with the statements the API sent per request (counted on
 * its pool); and a bare Fastify + pg handler doing what the read needs
 * (the same ES256 token check, one tenant transaction with the read and an
 * audit INSERT). The API listens on PORT (default 3400), the bare handler
 * on BARE_PORT (default 3402). Prints figures; asserts nothing about speed.
 */
const PROBLEMS = Number(process.env.BENCH_PROBLEMS ?? 200_000);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const API_PORT = Number(process.env.PORT ?? 3400);
const BARE_PORT = Number(process.env.BARE_PORT ?? 3402);
const CODES = ['cardiff', 'newport', 'swansea', 'bridgend', 'powys', 'wrexham', 'flintshire', 'conwy-denbighshire'];
const say = (line: string) => process.stdout.write(`# bench ${line}\n`);
/** BENCH_CPU_PROFILE=<folder>: a V8 CPU profile of the API process during each API load, one .cpuprofile per load (open in Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

/** Runs `work` under the V8 sampling profiler of this process (where the API runs) and writes the profile to PROFILE_DIR. */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

interface Target {
  path: string;
  auth: string;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  statements: number | null;
}

/** The problem record as one statement (what the bare handler reads: the problem and its children). */
const RECORD_SQL = `SELECT to_jsonb(p) - 'search' AS problem,
  (SELECT coalesce(json_agg(json_build_object('code', l.code, 'label', l.label, 'lat', l.lat, 'lng', l.lng) ORDER BY l.position), '[]'::json)
     FROM problem_locations l WHERE l.problem_id = p.id) AS locations,
  (SELECT row_to_json(a) FROM problem_analyses a WHERE a.problem_id = p.id) AS analysis,
  (SELECT coalesce(json_agg(r ORDER BY r.created_at, r.id), '[]'::json) FROM problem_responses r WHERE r.problem_id = p.id) AS responses,
  (SELECT row_to_json(e) FROM problem_evaluations e WHERE e.problem_id = p.id) AS evaluation
  FROM problems p WHERE p.id = $1 AND p.partnership_id = $2`;

describe('benchmark: reads at scale', () => {
  let t: TestApp;
  let bare: FastifyInstance;
  let barePool: Pool;
  let counter: StatementCounter;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PER_PRINCIPAL: '1000000', RATE_LIMIT_PER_ADDRESS: '1000000', LOG_LEVEL: 'warn' } });
    counter = StatementCounter.attach(t.app);
  });

  afterAll(async () => {
    await bare?.close();
    await barePool?.end();
    await t?.close();
  });

  /**
   * Runs autocannon against the targets (each connection cycles through them); the statements the API sent per request beside
   * (and a CPU profile of the API, with BENCH_CPU_PROFILE).
   */
  async function load(name: string, port: number, targets: Target[], connections: number, countStatements: boolean): Promise<Figures> {
    const run = () =>
      autocannon({
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: SECONDS,
        workers: 1,
        requests: targets.map((x) => ({ method: 'GET', path: x.path, headers: { authorization: x.auth } })),
      });
    await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      amount: Math.max(20, connections * 2),
      workers: 1,
      requests: targets.map((x) => ({ method: 'GET', path: x.path, headers: { authorization: x.auth } })),
    });
    counter.reset();
    const result = countStatements ? await profiled(`${name} c${connections}`, run) : await run();
    const sent = counter.current.statements;
    const done = result.requests.total;
    const figures: Figures = {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx + result.errors,
      statements: countStatements && done ? sent / done : null,
    };
    say(
      `${name.padEnd(44)} -c ${String(connections).padStart(2)}: ${figures.rps.toFixed(0).padStart(6)} req/s  p50 ${String(figures.p50).padStart(4)} ms  p99 ${String(figures.p99).padStart(4)} ms` +
        `${figures.statements === null ? '' : `  ${figures.statements.toFixed(1)} statements/request`}${figures.non2xx ? `  (${figures.non2xx} failed)` : ''}`,
    );
    return figures;
  }

  it(`reads problems, lists, actions and an agenda over ${PROBLEMS} problems and ${ACTIONS} actions, beside a bare handler`, async () => {
    // --- scale data, set-based ---------------------------------------------
    const cardiff = await partnershipId(t, 'cardiff');
    await t.db.query(
      `WITH pa AS (SELECT id, row_number() OVER (ORDER BY code) AS n, count(*) OVER () AS total FROM partnerships),
            rows AS (SELECT i, CASE WHEN i % 2 = 0 THEN $2::uuid ELSE (SELECT id FROM pa WHERE pa.n = 1 + (i / 2) % pa.total) END AS pid FROM generate_series(1, $1) AS i)
       INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, stage, stage_changed_at, planned_assessment_date)
       SELECT gen_random_uuid(), rows.pid, 100000 + i, (SELECT reference_prefix FROM partnerships WHERE id = rows.pid) || '-P-' || (100000 + i),
              'Generated problem ' || i, 'Repeat anti-social behaviour reported near location ' || (i % 997), 'anti-social-behaviour', 'monitoring',
              (ARRAY['scanning', 'analysis', 'response', 'assessment', 'closed'])[1 + i % 5], timestamptz '2025-06-01' + (i % 200) * interval '1 day',
              date '2026-01-15' + ((i % 300) - 100)
         FROM rows`,
      [PROBLEMS, cardiff],
    );
    await t.db.query(
      `INSERT INTO problem_locations (id, partnership_id, problem_id, position, code, label)
       SELECT gen_random_uuid(), p.partnership_id, p.id, 1, 'W0500' || lpad((p.number % 9999)::text, 4, '0'), 'Generated ward'
         FROM problems p WHERE p.number >= 100000`,
    );
    await t.db.query(
      `WITH ag AS (SELECT id, partnership_id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM agencies)
       INSERT INTO actions (id, partnership_id, number, reference, title, owner_agency_id, due_date, status, completed_at, created_by_type)
       SELECT gen_random_uuid(), ag.partnership_id, 1000000 + i, 'BENCH-A-' || i, 'Benchmark action', ag.id,
              date '2026-01-15' + ((i % 400) - 40),
              CASE WHEN i % 10 = 0 THEN 'done' WHEN i % 10 = 1 THEN 'cancelled' WHEN i % 10 = 2 THEN 'in_progress' ELSE 'open' END,
              CASE WHEN i % 10 = 0 THEN timestamptz '2026-01-01T12:00:00Z' END, 'system'
         FROM generate_series(1, $1) AS i JOIN ag ON ag.n = 1 + i % ag.total`,
      [ACTIONS],
    );
    await t.db.query('ANALYZE problems; ANALYZE problem_locations; ANALYZE actions');
    const { n: inCardiff } = firstOf(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM problems WHERE partnership_id = $1', [cardiff]));
    say(`data: ${PROBLEMS} generated problems (${inCardiff} in cardiff), ${ACTIONS} actions`);

    // --- callers and their objects -----------------------------------------
    const readers: { code: string; pid: string; problemId: string; auth: string; userId: string }[] = [];
    for (const code of CODES) {
      const analyst = await member(t, code, 'analyst');
      const problem = await createProblem(t, code, analyst.auth);
      readers.push({ code, pid: await partnershipId(t, code), problemId: problem.id, auth: analyst.auth, userId: analyst.user.id });
    }
    // Tokens that outlive the run (the test clock does not move; access tokens live minutes of it).
    const chair = await member(t, 'cardiff', 'chair');
    const police = await agencyOf(t, 'cardiff', 'police');
    const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police] });
    const meeting = await scheduleMeeting(t, 'cardiff', chair.auth, group.id, '2026-01-20T18:00:00Z');
    await t.app.listen(API_PORT, '127.0.0.1');

    // --- the bare handler --------------------------------------------------
    const jwk = t.app.get(TokensService).jwks().keys[0] as JWK & { kid: string };
    const publicKey = await importJWK(jwk, 'ES256');
    barePool = new Pool({ connectionString: urlForRole(t.db.adminUrl, t.config.database.app), max: t.config.database.poolSize });
    await t.db.query(`CREATE TABLE bench_audit (LIKE audit_events INCLUDING INDEXES)`);
    await t.db.query(`ALTER TABLE bench_audit ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`);
    await t.db.query(`CREATE SEQUENCE bench_audit_seq`);
    await t.db.query(
      `GRANT INSERT, SELECT ON bench_audit TO ${t.config.database.app.user}; GRANT USAGE ON SEQUENCE bench_audit_seq TO ${t.config.database.app.user}`,
    );
    const pids = new Map(readers.map((r) => [r.code, r.pid]));
    bare = Fastify({ logger: false });
    bare.get<{ Params: { code: string; id: string } }>('/bare/:code/problems/:id', async (request, reply) => {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      const { payload } = await jwtVerify(token, publicKey, { algorithms: ['ES256'], currentDate: t.clock.now() });
      const pid = pids.get(request.params.code)!;
      const client = await barePool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.partnership_id', $1, true), set_config('app.user_id', $2, true)`, [pid, payload.sub]);
        const { rows } = await client.query(RECORD_SQL, [request.params.id, pid]);
        await client.query(
          `INSERT INTO bench_audit (id, partnership_id, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, request_id, details)
           VALUES (gen_random_uuid(), $1, nextval('bench_audit_seq'), now(), 'user', $2, 'problem.read', 'problem', $3, $4, '{}')`,
          [pid, payload.sub, request.params.id, String(request.id)],
        );
        await client.query('COMMIT');
        if (!rows.length) return reply.code(404).send({ title: 'Not found' });
        return rows[0];
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    });
    bare.get<{ Params: { code: string } }>('/bare/:code/problems', async (request) => {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      const { payload } = await jwtVerify(token, publicKey, { algorithms: ['ES256'], currentDate: t.clock.now() });
      const pid = pids.get(request.params.code)!;
      const client = await barePool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.partnership_id', $1, true), set_config('app.user_id', $2, true)`, [pid, payload.sub]);
        const { rows } = await client.query(
          `SELECT to_jsonb(p) - 'search' AS problem,
                  (SELECT coalesce(json_agg(json_build_object('code', l.code, 'label', l.label) ORDER BY l.position), '[]'::json) FROM problem_locations l WHERE l.problem_id = p.id) AS locations
             FROM problems p WHERE p.partnership_id = $1 ORDER BY p.number DESC LIMIT 51`,
          [pid],
        );
        await client.query('COMMIT');
        return { items: rows.slice(0, 50) };
      } finally {
        client.release();
      }
    });
    await bare.listen({ port: BARE_PORT, host: '127.0.0.1' });

    // --- load --------------------------------------------------------------
    const one = firstOf(readers);
    const readOne: Target[] = [{ path: `${problemsOf(one.code)}/${one.problemId}`, auth: one.auth }];
    const readEight: Target[] = readers.map((r) => ({ path: `${problemsOf(r.code)}/${r.problemId}`, auth: r.auth }));
    const bareOne: Target[] = [{ path: `/bare/${one.code}/problems/${one.problemId}`, auth: one.auth }];
    const bareEight: Target[] = readers.map((r) => ({ path: `/bare/${r.code}/problems/${r.problemId}`, auth: r.auth }));
    const list: Target[] = [{ path: `${problemsOf('cardiff')}?limit=50`, auth: one.auth }];
    const bareList: Target[] = [{ path: `/bare/cardiff/problems`, auth: one.auth }];
    const actions: Target[] = [{ path: `${tasking('cardiff')}/actions?limit=50`, auth: one.auth }];
    const agenda: Target[] = [{ path: `${tasking('cardiff')}/meetings/${meeting.id}`, auth: chair.auth }];

    const results: Record<string, Figures> = {};
    for (const c of [1, 50]) {
      results[`read1-${c}`] = await load('API: audited problem read, one partnership', API_PORT, readOne, c, true);
      results[`bare1-${c}`] = await load('bare: audited problem read, one partnership', BARE_PORT, bareOne, c, false);
      results[`read8-${c}`] = await load('API: audited problem read, eight partnerships', API_PORT, readEight, c, true);
      results[`bare8-${c}`] = await load('bare: audited problem read, eight partnerships', BARE_PORT, bareEight, c, false);
      results[`list-${c}`] = await load('API: problem list page (50)', API_PORT, list, c, true);
      results[`barelist-${c}`] = await load('bare: problem list page (50)', BARE_PORT, bareList, c, false);
      results[`actions-${c}`] = await load('API: actions list page (50)', API_PORT, actions, c, true);
      results[`agenda-${c}`] = await load('API: meeting with its agenda', API_PORT, agenda, c, true);
    }
    const ratio = (a: string, b: string) => (entryOf(results, a).rps / entryOf(results, b).rps).toFixed(2);
    for (const c of [1, 50]) {
      say(
        `-c ${c}: read ${ratio(`read1-${c}`, `bare1-${c}`)}x bare (p99 ${(entryOf(results, `read1-${c}`).p99 / Math.max(1, entryOf(results, `bare1-${c}`).p99)).toFixed(2)}x), ` +
          `list ${ratio(`list-${c}`, `barelist-${c}`)}x bare, one partnership / eight ${ratio(`read1-${c}`, `read8-${c}`)}`,
      );
    }
  });
});
