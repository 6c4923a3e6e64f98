import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { chmod, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FixedClock, readTestSettings } from '@app/core';
import { NominationScanService } from '@app/domain/intake';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { apiKey, member } from '../support/identity';
import { incidentBody } from '../support/intake';
import { client } from '../support/http';
import { say } from './measure';

/**
 * `npm run bench -- intake`: the intake's rates and the repeat scanners'
 * cost against the goals of docs/intake.md ("Indexes and scale"). Prints
 * figures; asserts nothing about speed.
 * - BENCH_IMPORT_ROWS (default 1000000) rows of a data.police.uk
 *   street-level file imported by `cli import-incidents` as a process of its
 *   own (the worker's code in a plain Node process: inside Jest, whose module
 *   sandbox makes csv-parse an order of magnitude slower, the figure would
 *   overstate the cost), against PostgreSQL's COPY of the same file into an
 *   unindexed table; the process's resident memory sampled through the
 *   import (BENCH_CLI_NODE_FLAGS: Node flags for that process); and one
 *   bare INSERT ... SELECT of the COPYed rows into incidents (the table's
 *   own cost: the floor of any import);
 * - BENCH_PUSH_BATCHES (default 20) JSON pushes of 1,000 incidents;
 * - BENCH_INCIDENTS (default 1000000; the goal is stated at 5000000)
 *   incidents over 24 months across the partnerships (a third with
 *   subjects): each repeat scanner's scan against its bare SELECT.
 */
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const PUSH_BATCHES = Number(process.env.BENCH_PUSH_BATCHES ?? 20);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000_000);
/** Node flags for the CLI's process, e.g. BENCH_CLI_NODE_FLAGS=--max-old-space-size=96 to show the import fits a small heap. */
const CLI_NODE_FLAGS = (process.env.BENCH_CLI_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const CRIME_TYPES = [
  'Anti-social behaviour',
  'Burglary',
  'Criminal damage and arson',
  'Other theft',
  'Vehicle crime',
  'Violence and sexual offences',
  'Shoplifting',
  'Public order',
];

/** A process's resident memory now (Linux /proc), in MB; 0 once it has gone. */
function residentMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * A street-level file as published: one month of one force, 30% ASB rows
 * without an id, 3% of another council's area, at 3,500 map points across
 * the city (police.uk snaps each incident to a published map point).
 */
async function writeStreetFile(path: string, rows: number, idPrefix = ''): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n');
  for (let i = 0; i < rows; i++) {
    const asb = i % 10 < 3;
    const type = asb ? 'Anti-social behaviour' : CRIME_TYPES[1 + (i % (CRIME_TYPES.length - 1))];
    const lsoa = 1700 + (i % 200);
    const area = i % 33 === 0 ? 'Newport 012A' : `Cardiff ${String(lsoa % 60).padStart(3, '0')}A`;
    const id = asb ? '' : `${idPrefix}${i.toString(16).padStart(64 - idPrefix.length, '0')}`;
    await write(
      `${id},2025-12,South Wales Police,South Wales Police,${(-3.25 + (i % 500) * 0.0003).toFixed(6)},${(51.44 + (i % 700) * 0.0002).toFixed(6)},On or near Street ${i % 900},W0100${lsoa},${area},${type},${asb ? '' : 'Investigation complete; no suspect identified'},\n`,
    );
  }
  await new Promise<void>((r) => out.end(() => r()));
  return (await stat(path)).size;
}

describe('benchmark: intake', () => {
  let t: TestApp;
  let w: TestWorker;
  let key: string;
  const file = join(tmpdir(), `intake-bench-${process.pid}.csv`);

  beforeAll(async () => {
    t = await createTestApp({
      clock: new FixedClock(new Date('2026-01-15T10:00:00Z')),
      env: { SCAN_INTERVAL_MINUTES: '1440', BODY_LIMIT_BYTES: String(10 * 1024 * 1024) },
    });
    w = await createTestWorker({ environment: t });
    const admin = await member(t, 'cardiff', 'admin');
    key = (await apiKey(t, 'cardiff', admin.auth, ['incidents:write'])).key;
  });
  afterAll(async () => {
    await rm(file, { force: true });
    await w.close();
    await t.close();
  });

  it(`imports a ${IMPORT_ROWS}-row police.uk file with the CLI, against COPY of the same file`, async () => {
    const size = await writeStreetFile(file, IMPORT_ROWS);
    await chmod(file, 0o644);
    say(`file: ${IMPORT_ROWS} rows, ${(size / 1e6).toFixed(1)} MB; load average ${loadavg()[0]!.toFixed(1)}`);
    await t.db.query(`CREATE TABLE bench_copy (crime_id text, month text, reported_by text, falls_within text, longitude text, latitude text,
      location text, lsoa_code text, lsoa_name text, crime_type text, last_outcome text, context text)`);
    let started = process.hrtime.bigint();
    await t.db.query(`COPY bench_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`);
    const copyMs = Number(process.hrtime.bigint() - started) / 1e6;
    say(`COPY into an unindexed table: ${copyMs.toFixed(0)} ms (${((IMPORT_ROWS / copyMs) * 1000).toFixed(0)} rows/s)`);

    // The CLI checks the file (as the API does an upload), then imports it as the worker does: the second part is the worker's run.
    const root = resolve(__dirname, '../../..');
    const cliStarted = process.hrtime.bigint();
    let checkedMs = 0;
    let checkedRss = 0;
    let readMs = 0;
    let peakRss = 0;
    const rssAt: string[] = [];
    const output = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, [...CLI_NODE_FLAGS, resolve(root, 'dist/apps/cli/src/main.js'), 'import-incidents', 'cardiff', file], {
        cwd: root,
        env: { PATH: process.env.PATH, ...readTestSettings().roleEnv, NODE_ENV: 'test', DATABASE_URL: t.config.database.url!, LOG_LEVEL: 'warn' },
      });
      const rss = () => residentMb(child.pid!);
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 100);
      let text = '';
      const read = (chunk: Buffer) => {
        text += chunk.toString();
        if (!checkedMs && text.includes('checked ')) {
          checkedMs = Number(process.hrtime.bigint() - cliStarted) / 1e6;
          checkedRss = rss();
          peakRss = 0;
        }
        // Progress lines ("30% (300000 rows)"): the resident memory as the import goes.
        for (const m of chunk.toString().matchAll(/(\d+)% \(\d+ rows\)/g)) {
          rssAt.push(`${m[1]}% ${rss().toFixed(0)} MB`);
          if (m[1] === '100') readMs = Number(process.hrtime.bigint() - cliStarted) / 1e6;
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('error', fail);
      child.on('close', (code) => {
        clearInterval(sampler);
        if (code === 0) done(text);
        else fail(new Error(`cli import-incidents exited ${code}: ${text}`));
      });
    });
    const cliMs = Number(process.hrtime.bigint() - cliStarted) / 1e6;
    const importMs = cliMs - checkedMs;
    say(`cli import-incidents: ${output.split('\n').find((l) => l.startsWith('completed')) ?? output.slice(-300)}`);
    say(
      `cli import-incidents in all (process start, check, import): ${cliMs.toFixed(0)} ms (${((IMPORT_ROWS / cliMs) * 1000).toFixed(0)} rows/s) = ${(copyMs / cliMs).toFixed(2)}x COPY`,
    );
    say(
      `of which checked ${checkedMs.toFixed(0)} ms; imported (the worker's run) ${importMs.toFixed(0)} ms (${((IMPORT_ROWS / importMs) * 1000).toFixed(0)} rows/s) = ${(copyMs / importMs).toFixed(2)}x COPY`,
    );
    say(
      `the worker's run: read, checked and COPYed into the staging table ${(readMs - checkedMs).toFixed(0)} ms, then stored into incidents ${(cliMs - readMs).toFixed(0)} ms`,
    );
    say(
      `the process's resident memory: ${checkedRss.toFixed(0)} MB once checked, ${peakRss.toFixed(0)} MB peak during the import; by progress: ${rssAt.join(', ')}`,
    );

    // What the table itself takes: the COPYed rows moved into incidents by one bare INSERT ... SELECT (its indexes,
    // foreign key and checks, as the owner: no row-level security, no lookups, no revisions), then removed. The ids
    // ascend, as the import's UUIDv7 ids do.
    started = process.hrtime.bigint();
    await t.db.query(
      `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, month_only, occurred_month, occurred_on, lsoa_code,
                              location_label, location_key, lat, lng, outcome, content_hash)
       SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(row_number() OVER ()), 12, '0'))::uuid, p.id, 'bench-floor', coalesce(nullif(b.crime_id, ''), 'row-' || b.ctid::text), 'burglary', true, (b.month || '-01')::date,
              (b.month || '-01')::date, b.lsoa_code, b.location, b.lsoa_code || '|' || lower(b.location), b.latitude::float8, b.longitude::float8,
              nullif(b.last_outcome, ''), md5(b.ctid::text)
         FROM bench_copy b CROSS JOIN (SELECT id FROM partnerships WHERE code = 'cardiff') p`,
    );
    const floorMs = Number(process.hrtime.bigint() - started) / 1e6;
    await t.db.query(`DELETE FROM incidents WHERE source_system = 'bench-floor'`);
    const indexes = await t.db.query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'incidents' ORDER BY 1`);
    say(
      `bare INSERT ... SELECT of the COPYed rows into incidents (${indexes.length} indexes, the foreign key, the checks: the floor): ${floorMs.toFixed(0)} ms (${((IMPORT_ROWS / floorMs) * 1000).toFixed(0)} rows/s) = ${(copyMs / floorMs).toFixed(2)}x COPY`,
    );
    await t.db.query('DROP TABLE bench_copy');
  });

  it(`pushes ${PUSH_BATCHES} JSON batches of 1,000 incidents`, async () => {
    const batches = Array.from({ length: PUSH_BATCHES }, (_, b) =>
      Array.from({ length: 1000 }, (_, i) =>
        incidentBody({ sourceSystem: 'bench', externalId: `B${b}-${i}`, location: { lsoaCode: 'W01001700', label: `On or near Street ${i % 300}` } }),
      ),
    );
    const started = process.hrtime.bigint();
    for (const items of batches) {
      const res = await client(t, key).post('/api/v1/partnerships/cardiff/incidents').send({ items });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    say(
      `JSON push: ${PUSH_BATCHES * 1000} incidents in ${ms.toFixed(0)} ms (${(((PUSH_BATCHES * 1000) / ms) * 1000).toFixed(0)} incidents/s, ${(ms / PUSH_BATCHES).toFixed(0)} ms a batch of 1,000)`,
    );
    const replay = process.hrtime.bigint();
    await client(t, key).post('/api/v1/partnerships/cardiff/incidents').send({ items: batches[0] });
    say(`the same batch again (all unchanged): ${(Number(process.hrtime.bigint() - replay) / 1e6).toFixed(0)} ms`);
  });

  it(`runs each repeat scanner over ${INCIDENTS} incidents, against its bare SELECT`, async () => {
    const started = Date.now();
    // Arranged without the secondary indexes, which are then built again (far faster than writing them row by row).
    const indexes = await t.db.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
        WHERE i.tablename IN ('incidents', 'incident_subjects')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')`,
    );
    for (const { name } of indexes) await t.db.query(`DROP INDEX "${name}"`);
    // 24 months back from the clock's date, across every partnership; a third with a victim and an offender drawn from a small pool, so repeats exist.
    await t.db.query(
      `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, occurred_at, month_only, occurred_month, occurred_on,
                              lsoa_code, ward_code, location_label, location_key, lat, lng, content_hash)
       SELECT gen_random_uuid(), p.ids[1 + i % p.n], 'scale', 'S' || i,
              (ARRAY['anti-social-behaviour','burglary','criminal-damage-arson','other-theft','vehicle-crime','violent-crime','drugs','fly-tipping'])[1 + i % 8],
              NULL, true, date_trunc('month', d)::date, date_trunc('month', d)::date,
              'W01' || lpad((i % 1900)::text, 6, '0'), 'W05' || lpad((i % 800)::text, 6, '0'), 'On or near Street ' || (i % 5000),
              'W01' || lpad((i % 1900)::text, 6, '0') || '|on or near street ' || (i % 5000), 51.5, -3.2, 'x'
         FROM generate_series(1, $1::int) AS i
         CROSS JOIN (SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM partnerships) p
         CROSS JOIN LATERAL (SELECT ('2026-01-15'::date - ((i::bigint * 7919) % 730) * INTERVAL '1 day') AS d) x`,
      [INCIDENTS],
    );
    await t.db.query(
      `INSERT INTO incident_subjects (incident_id, role, subject_hash, partnership_id, occurred_on)
       SELECT i.id, r.role, md5(r.role || (abs(hashtext(i.external_id)) % 20000)::text), i.partnership_id, i.occurred_on
         FROM incidents i CROSS JOIN (VALUES ('victim'), ('offender')) r(role)
        WHERE i.source_system = 'scale' AND abs(hashtext(i.external_id)) % 3 = 0`,
    );
    await t.db.query(`SET maintenance_work_mem = '256MB'`);
    for (const { definition } of indexes) await t.db.query(definition);
    await t.db.query('RESET maintenance_work_mem');
    for (const table of ['incidents', 'incident_subjects']) await t.db.query(`VACUUM ANALYZE ${table}`);
    const sizes = firstOf(
      await t.db.query<{ incidents: number; subjects: number }>(
        'SELECT (SELECT count(*) FROM incidents)::int AS incidents, (SELECT count(*) FROM incident_subjects)::int AS subjects',
      ),
    );
    say(
      `arranged ${sizes.incidents} incidents and ${sizes.subjects} subject rows in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()[0]!.toFixed(1)}`,
    );
    const scans = w.app.get(NominationScanService);
    const timed = async (sql: string) => {
      const at = process.hrtime.bigint();
      const { n } = firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql.replace(/\$1::date/g, `'2026-01-15'::date`)}) s`));
      return { n, ms: Number(process.hrtime.bigint() - at) / 1e6 };
    };
    for (const kind of scans.kinds()) {
      const sql = scans.definition(kind).sql;
      // Bare: the SELECT alone, as the scan runs it (no JIT, and no parallel workers, which PostgreSQL never gives a
      // statement that writes).
      const bareRun = async () => {
        await t.db.query('SET jit = off');
        await t.db.query('SET max_parallel_workers_per_gather = 0');
        const run = await timed(sql);
        await t.db.query('RESET max_parallel_workers_per_gather');
        await t.db.query('RESET jit');
        return run;
      };
      const bare = await bareRun();
      const first = await scans.scan(kind);
      // The same SELECT once the first scan's nominations and evidence are held, as the next scan finds them.
      const bareAfter = await bareRun();
      const again = await scans.scan(kind);
      say(
        `${kind}: bare SELECT ${bare.ms.toFixed(0)} ms (${bare.n} due); scan raising ${first.raised} nominations with their evidence and events ${first.durationMs.toFixed(0)} ms (${(first.durationMs / bare.ms).toFixed(2)}x bare); bare SELECT again ${bareAfter.ms.toFixed(0)} ms (${bareAfter.n} due); scan again, nothing new, ${again.durationMs.toFixed(0)} ms (${(again.durationMs / bareAfter.ms).toFixed(2)}x that)`,
      );
      const plan = await scans.explain(kind);
      const read = [
        ...new Set(
          [...plan.matchAll(/(Seq Scan|Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using (\w+) )?on (\w+)/g)].map(
            (m) => `${m[1]}${m[2] ? ` ${m[2]}` : ''} on ${m[3]}`,
          ),
        ),
      ];
      say(`${kind} reads: ${read.join('; ')}`);
    }
  });

  it('reads lists, summaries and counts from an index bounded by their page or window', async () => {
    const { pid } = firstOf(await t.db.query<{ pid: string }>(`SELECT id AS pid FROM partnerships WHERE code = 'cardiff'`));
    const { n } = firstOf(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents WHERE partnership_id = $1', [pid]));
    say(`cardiff holds ${n} incidents`);
    // The statements of IncidentsRepository.list, IncidentSummaryRepository and AnnualReportRepository, with a first page of 50.
    const list = (where: string) => `SELECT i.* FROM incidents i WHERE i.partnership_id = $1 ${where} ORDER BY i.created_at DESC, i.id DESC LIMIT 51`;
    const reads: [string, string][] = [
      ['list', list('')],
      ['list category', list(`AND i.category = 'burglary'`)],
      ['list category held by none', list(`AND i.category = 'asb-personal'`)],
      ['list source', list(`AND i.source_system = 'police.uk'`)],
      ['list source held by none', list(`AND i.source_system = 'nobody'`)],
      ['list lsoa', list(`AND i.lsoa_code = 'W01000017'`)],
      ['list ward', list(`AND i.ward_code = 'W05000017'`)],
      ['list one month', list(`AND i.occurred_on >= '2025-11-01'::date AND i.occurred_on <= '2025-11-30'::date`)],
      [
        'summary by category, 3 months',
        `SELECT i.category AS key, count(*)::int FROM incidents i WHERE i.partnership_id = $1 AND i.occurred_on >= '2025-10-01'::date AND i.occurred_on <= '2025-12-31'::date GROUP BY 1`,
      ],
      [
        'count at LSOA or ward codes, 3 months',
        `SELECT count(*) FROM incidents i WHERE i.partnership_id = $1 AND (i.lsoa_code = ANY('{W01000017,W01000018}') OR i.ward_code = ANY('{W05000017}'))
           AND i.category = ANY('{burglary,vehicle-crime}') AND i.occurred_on BETWEEN '2025-10-01'::date AND '2025-12-31'::date`,
      ],
      [
        'annual report by month, 12 months',
        `SELECT to_char(occurred_month, 'YYYY-MM'), category, count(*)::int FROM incidents WHERE partnership_id = $1 AND occurred_month BETWEEN '2025-01-01'::date AND '2025-12-01'::date GROUP BY 1, 2`,
      ],
    ];
    for (const [what, sql] of reads) {
      const plan = (await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [pid])).map((r) => r['QUERY PLAN']).join('\n');
      const nodes = [
        ...new Set(
          [...plan.matchAll(/(Seq Scan|Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using (\w+) )?on (\w+)/g)].map(
            (m) => `${m[1]}${m[2] ? ` ${m[2]}` : ''}`,
          ),
        ),
      ];
      const buffers = /Buffers: shared hit=(\d+)(?: read=(\d+))?/.exec(plan);
      say(`${what}: ${nodes.join('; ')}; ${/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]} ms, ${Number(buffers?.[1] ?? 0) + Number(buffers?.[2] ?? 0)} pages`);
    }
  });
});
