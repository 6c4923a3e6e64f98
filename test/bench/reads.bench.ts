import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import autocannon from 'autocannon';
import { FixedClock, urlForRole } from '@app/core';
import { TokensService } from '@app/domain/identity';
import { createTestApp, entryOf, firstOf, StatementCounter, type TestApp } from '@app/testing';
import { agencyOf, member, partnershipId } from '../support/identity';
import { createProblem, problemsOf } from '../support/problems';
import { freePort, startApiProcess, startScriptProcess, type RunningProcess } from '../support/processes';
import { createGroup, generateActions, scheduleMeeting, tasking } from '../support/tasking';
import { say } from './measure';

/**
 * `npm run bench`: the hot reads at scale, under load, beside a bare
 * handler. BENCH_PROBLEMS problems (default 200000, half of them in one
 * partnership, each with a location) and BENCH_ACTIONS actions (default
 * 100000) generated set-based in SQL; then, with autocannon (its load in a
 * worker thread) for BENCH_SECONDS each (default 5, after BENCH_WARMUP_SECONDS of the same
 * load unmeasured, default 2) at -c 1 and -c 50:
 * an analyst's audited read of one problem (one partnership, and spread
 * over eight), a list page of 50, the actions list and a meeting with its
 * agenda; and a bare Fastify + pg handler doing what the read needs (the
 * same ES256 token check, one tenant transaction with the read and an audit
 * INSERT: test/bench/bare-read-server.ts).
 *
 * Both servers run as production runs them, each in a process of its own
 * (`node dist/apps/api/src/main.js`, not inside Jest's module sandbox, which
 * slows JavaScript down and would flatter the bare handler), on the API's
 * pool size. The statements per request beside each figure are counted on
 * an in-process copy of the API (same code, same database), 20 requests
 * each. Each figure carries the CPU time per request of the server process
 * and of PostgreSQL (from /proc). The API listens on PORT (default 3400),
 * the bare handler on BARE_PORT (default 3402). BENCH_SHOW_STATEMENTS=1
 * prints what one request of each kind sends. BENCH_CPU_PROFILE=<folder>: a
 * V8 CPU profile of each server process during each of its loads, one
 * .cpuprofile per load (taken through the process's inspector; open in
 * Chrome DevTools). Prints figures; asserts nothing about speed.
 */
const PROBLEMS = Number(process.env.BENCH_PROBLEMS ?? 200_000);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** BENCH_WARMUP_SECONDS: the same load, unmeasured, before each measured one (default 2), so V8 has compiled the hot paths as in a server that has been up a while. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const API_PORT = Number(process.env.PORT ?? 3400);
const BARE_PORT = Number(process.env.BARE_PORT ?? 3402);
const CODES = ['cardiff', 'newport', 'swansea', 'bridgend', 'powys', 'wrexham', 'flintshire', 'conwy-denbighshire'];
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
/** BENCH_POOL_SIZE: the connection pool of both servers (default: the API's, DATABASE_POOL_SIZE's default). */
const POOL_SIZE = process.env.BENCH_POOL_SIZE;
const DAY = 86_400_000;

/** The V8 sampling profiler of another Node process, through its inspector (`--inspect`), over the DevTools protocol. */
class RemoteProfiler {
  private next = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.waiting.get(message.id)?.(message.result);
    });
  }

  static async connect(inspectorPort: number): Promise<RemoteProfiler> {
    const [target] = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const socket = new WebSocket(target!.webSocketDebuggerUrl);
    await new Promise((opened, failed) => {
      socket.addEventListener('open', opened, { once: true });
      socket.addEventListener('error', failed, { once: true });
    });
    const profiler = new RemoteProfiler(socket);
    await profiler.send('Profiler.enable');
    return profiler;
  }

  send(method: string): Promise<unknown> {
    const id = this.next++;
    return new Promise((done) => {
      this.waiting.set(id, done);
      this.socket.send(JSON.stringify({ id, method }));
    });
  }

  /** Runs `work` with the profiler on and writes the profile as `<dir>/<name>.cpuprofile`. */
  async around<T>(dir: string, name: string, work: () => Promise<T>): Promise<T> {
    await this.send('Profiler.start');
    try {
      return await work();
    } finally {
      const { profile } = (await this.send('Profiler.stop')) as { profile: unknown };
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.cpuprofile`), JSON.stringify(profile));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. Clock ticks are taken as 100 a second. */
function cpuMsOf(pid: number | undefined): number | null {
  const file = `/proc/${pid}/stat`;
  if (!pid || !existsSync(file)) return null;
  // The fields after the command name (which may hold spaces) start at the last ')': utime and stime are the 12th and 13th.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The CPU time (ms) the PostgreSQL server listening on `port` has used so far: its postmaster (found by its command line) and every
 * process it started (backends, WAL writer, ...); null where /proc cannot tell.
 */
function databaseCpuMs(port: number): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const read = (pid: string, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  const postmaster = pids.find((pid) => {
    const args = read(pid, 'cmdline').split('\0');
    return /postgres$/.test(args[0] ?? '') && args.includes('-p') && args[args.indexOf('-p') + 1] === String(port);
  });
  if (!postmaster) return null;
  let ticks = 0;
  for (const pid of pids) {
    const stat = read(pid, 'stat');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[1] is the parent's pid; utime and stime are fields[11] and fields[12], and the postmaster's cutime and cstime
    // (fields[13] and [14]) hold what its exited children used (clock ticks, 100 a second).
    if (pid === postmaster) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    else if (fields[1] === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
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
  /** CPU time the server process spent per request (ms), or null where it cannot be read. */
  cpuMs: number | null;
  /** CPU time PostgreSQL spent per request (ms), or null where it cannot be read. */
  dbCpuMs: number | null;
}

describe('benchmark: reads at scale', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let api: RunningProcess | undefined;
  let bare: RunningProcess | undefined;
  const profilers = new Map<number, RemoteProfiler>();

  beforeAll(async () => {
    // On the real time: the API process runs on the system clock, so the tokens are issued at the real time (and live a day).
    t = await createTestApp({
      clock: new FixedClock(new Date()),
      env: {
        RATE_LIMIT_PER_PRINCIPAL: '1000000',
        RATE_LIMIT_PER_ADDRESS: '1000000',
        LOG_LEVEL: 'warn',
        AUTH_TOKEN_TTL_SECONDS: '86400',
        ...(POOL_SIZE ? { DATABASE_POOL_SIZE: POOL_SIZE } : {}),
      },
    });
    counter = StatementCounter.attach(t.app);
  });

  afterAll(async () => {
    for (const profiler of profilers.values()) profiler.close();
    await bare?.stop();
    await api?.stop('SIGTERM', 60_000);
    await t?.close();
  });

  /** Runs autocannon against the targets (each connection cycles through them) after a warm-up of the same load. */
  async function load(name: string, port: number, targets: Target[], connections: number, statements?: number): Promise<Figures> {
    const pid = (port === API_PORT ? api : bare)?.child.pid;
    const dbPort = Number(new URL(t.db.adminUrl).port || 5432);
    const options = {
      url: `http://127.0.0.1:${port}`,
      connections,
      workers: 1,
      requests: targets.map((x) => ({ method: 'GET' as const, path: x.path, headers: { authorization: x.auth } })),
    };
    await autocannon(WARMUP_SECONDS > 0 ? { ...options, duration: WARMUP_SECONDS } : { ...options, amount: Math.max(20, connections * 2) });
    const cpuBefore = cpuMsOf(pid);
    const dbBefore = databaseCpuMs(dbPort);
    const run = () => autocannon({ ...options, duration: SECONDS });
    const profiler = profilers.get(port);
    const result = profiler && PROFILE_DIR ? await profiler.around(PROFILE_DIR, `${name} c${connections}`, run) : await run();
    const cpuAfter = cpuMsOf(pid);
    const dbAfter = databaseCpuMs(dbPort);
    const dbCpuMs = dbBefore === null || dbAfter === null || !result.requests.total ? null : (dbAfter - dbBefore) / result.requests.total;
    const cpuMs = cpuBefore === null || cpuAfter === null || !result.requests.total ? null : (cpuAfter - cpuBefore) / result.requests.total;
    const figures: Figures = {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx + result.errors,
      cpuMs,
      dbCpuMs,
    };
    say(
      `${name.padEnd(44)} -c ${String(connections).padStart(2)}: ${figures.rps.toFixed(0).padStart(6)} req/s  p50 ${String(figures.p50).padStart(4)} ms  p99 ${String(figures.p99).padStart(4)} ms` +
        `${cpuMs === null ? '' : `  cpu ${cpuMs.toFixed(2)} ms/request`}${dbCpuMs === null ? '' : ` (database ${dbCpuMs.toFixed(2)})`}` +
        `${statements === undefined ? '' : `  ${statements.toFixed(1)} statements/request`}${figures.non2xx ? `  (${figures.non2xx} failed)` : ''}`,
    );
    return figures;
  }

  /** The statements the API sends per request for the targets, counted on the in-process API (20 requests). */
  async function statementsPer(targets: Target[]): Promise<number> {
    counter.reset();
    const requests = 20;
    for (let i = 0; i < requests; i++) {
      const target = targets[i % targets.length]!;
      const res = await t.http.get(target.path).set('authorization', target.auth);
      if (res.status !== 200) throw new Error(`${target.path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    if (process.env.BENCH_SHOW_STATEMENTS)
      for (const text of counter.current.texts.slice(0, counter.current.statements / requests)) say(`  ${text.slice(0, 160)}`);
    return counter.current.statements / requests;
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
    await generateActions(t, ACTIONS);
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
    const chair = await member(t, 'cardiff', 'chair');
    const police = await agencyOf(t, 'cardiff', 'police');
    const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police] });
    const meeting = await scheduleMeeting(t, 'cardiff', chair.auth, group.id, new Date(t.clock.now().getTime() + 7 * DAY).toISOString());

    // --- the two servers, each in its own process ----------------------------
    const poolSize = String(t.config.database.poolSize);
    const inspectorPort = await freePort();
    api = await startApiProcess(
      t,
      API_PORT,
      { RATE_LIMIT_PER_PRINCIPAL: '1000000', RATE_LIMIT_PER_ADDRESS: '1000000', AUTH_TOKEN_TTL_SECONDS: '86400', DATABASE_POOL_SIZE: poolSize },
      PROFILE_DIR ? [`--inspect=127.0.0.1:${inspectorPort}`] : [],
    );
    if (PROFILE_DIR) profilers.set(API_PORT, await RemoteProfiler.connect(inspectorPort));
    await t.db.query(`CREATE TABLE bench_audit (LIKE audit_events INCLUDING INDEXES)`);
    await t.db.query(`ALTER TABLE bench_audit ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`);
    await t.db.query(`CREATE SEQUENCE bench_audit_seq`);
    await t.db.query(
      `GRANT INSERT, SELECT ON bench_audit TO ${t.config.database.app.user}; GRANT USAGE ON SEQUENCE bench_audit_seq TO ${t.config.database.app.user}`,
    );
    const bareInspectorPort = await freePort();
    bare = await startScriptProcess(
      'dist/test/bench/bare-read-server.js',
      {
        BARE_PORT: String(BARE_PORT),
        BARE_DATABASE_URL: urlForRole(t.db.adminUrl, t.config.database.app),
        BARE_POOL_SIZE: poolSize,
        BARE_JWK: JSON.stringify(firstOf(t.app.get(TokensService).jwks().keys)),
        BARE_PARTNERSHIPS: JSON.stringify(Object.fromEntries(readers.map((r) => [r.code, r.pid]))),
      },
      /bare listening/,
      PROFILE_DIR ? [`--inspect=127.0.0.1:${bareInspectorPort}`] : [],
    );
    if (PROFILE_DIR) profilers.set(BARE_PORT, await RemoteProfiler.connect(bareInspectorPort));

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
    const statements = {
      read: await statementsPer(readOne),
      list: await statementsPer(list),
      actions: await statementsPer(actions),
      agenda: await statementsPer(agenda),
    };

    const results: Record<string, Figures> = {};
    for (const c of [1, 50]) {
      results[`read1-${c}`] = await load('API: audited problem read, one partnership', API_PORT, readOne, c, statements.read);
      results[`bare1-${c}`] = await load('bare: audited problem read, one partnership', BARE_PORT, bareOne, c);
      results[`read8-${c}`] = await load('API: audited problem read, eight partnerships', API_PORT, readEight, c, statements.read);
      results[`bare8-${c}`] = await load('bare: audited problem read, eight partnerships', BARE_PORT, bareEight, c);
      results[`list-${c}`] = await load('API: problem list page (50)', API_PORT, list, c, statements.list);
      results[`barelist-${c}`] = await load('bare: problem list page (50)', BARE_PORT, bareList, c);
      results[`actions-${c}`] = await load('API: actions list page (50)', API_PORT, actions, c, statements.actions);
      results[`agenda-${c}`] = await load('API: meeting with its agenda', API_PORT, agenda, c, statements.agenda);
    }
    const ratio = (a: string, b: string) => (entryOf(results, a).rps / entryOf(results, b).rps).toFixed(2);
    const cpuRatio = (a: string, b: string) => {
      const [x, y] = [entryOf(results, a).cpuMs, entryOf(results, b).cpuMs];
      return x === null || y === null || !y ? 'n/a' : (x / y).toFixed(2);
    };
    for (const c of [1, 50]) {
      say(
        `-c ${c}: read ${ratio(`read1-${c}`, `bare1-${c}`)}x bare (p99 ${(entryOf(results, `read1-${c}`).p99 / Math.max(1, entryOf(results, `bare1-${c}`).p99)).toFixed(2)}x), ` +
          `list ${ratio(`list-${c}`, `barelist-${c}`)}x bare, one partnership / eight ${ratio(`read1-${c}`, `read8-${c}`)}` +
          `; CPU per request: read ${cpuRatio(`read1-${c}`, `bare1-${c}`)}x bare, list ${cpuRatio(`list-${c}`, `barelist-${c}`)}x bare`,
      );
    }
    if (PROFILE_DIR) say(`CPU profiles of the servers during each load: ${PROFILE_DIR}`);
  });
});
