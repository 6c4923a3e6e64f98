import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FixedClock, readTestSettings } from '@app/core';
import { NominationScanService } from '@app/domain/intake';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { apiKey, member } from '../support/identity';
import { incidentBody } from '../support/intake';
import { waitUntil } from '../support/wait';
import { client } from '../support/http';

/**
 * `npm run bench -- intake`: the intake's rates and the repeat scanners'
 * cost. Prints figures; asserts nothing about speed.
 * - BENCH_IMPORT_ROWS (default 200000) rows of a data.police.uk
 *   street-level file: the import (upload checked by the API, then stored
 *   by the worker) against PostgreSQL's COPY of the same file into an
 *   unindexed table, and the process's memory during the import; then a
 *   file of as many other rows imported by `cli import-incidents` as a
 *   process of its own (outside Jest, whose module sandbox makes csv-parse
 *   an order of magnitude slower than in a plain Node process: the CLI's
 *   figure is the one the worker's production process sees);
 * - BENCH_PUSH_BATCHES (default 20) JSON pushes of 1,000 incidents;
 * - BENCH_INCIDENTS (default 1000000) incidents over 24 months across the
 *   partnerships (a third with subjects): each repeat scanner's scan
 *   against its bare SELECT.
 */
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const PUSH_BATCHES = Number(process.env.BENCH_PUSH_BATCHES ?? 20);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000_000);
const say = (line: string) => process.stdout.write(`# bench ${line}\n`);
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

/** A street-level file as published: 30% ASB rows without an id, 3% of another council's area. */
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
      `${id},2025-${String(1 + (i % 12)).padStart(2, '0')},South Wales Police,South Wales Police,-3.${169800 + (i % 500)},51.${468600 + (i % 700)},On or near Street ${i % 900},W0100${lsoa},${area},${type},${asb ? '' : 'Investigation complete; no suspect identified'},\n`,
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

  it(`imports a ${IMPORT_ROWS}-row police.uk file, against COPY of the same file`, async () => {
    const size = await writeStreetFile(file, IMPORT_ROWS);
    await chmod(file, 0o644);
    say(`file: ${IMPORT_ROWS} rows, ${(size / 1e6).toFixed(1)} MB`);
    await t.db.query(`CREATE TABLE bench_copy (crime_id text, month text, reported_by text, falls_within text, longitude text, latitude text,
      location text, lsoa_code text, lsoa_name text, crime_type text, last_outcome text, context text)`);
    let started = process.hrtime.bigint();
    await t.db.query(`COPY bench_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`);
    const copyMs = Number(process.hrtime.bigint() - started) / 1e6;
    say(`COPY into an unindexed table: ${copyMs.toFixed(0)} ms (${((IMPORT_ROWS / copyMs) * 1000).toFixed(0)} rows/s)`);

    const body = await readFile(file);
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    started = process.hrtime.bigint();
    const res = await client(t, key).post('/api/v1/partnerships/cardiff/incident-imports?format=police-uk-street').set('content-type', 'text/csv').send(body);
    const acceptedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 202) throw new Error(JSON.stringify(res.body));
    let runningMs = 0;
    const done = await waitUntil(
      async () => {
        const r = await client(t, key).get(`/api/v1/partnerships/cardiff/incident-imports/${res.body.id}`);
        if (!runningMs && r.body.state !== 'queued') runningMs = Number(process.hrtime.bigint() - started) / 1e6;
        return ['completed', 'failed'].includes(r.body.state) ? r.body : null;
      },
      'the import',
      1_700_000,
      250,
    );
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(sampler);
    say(`import ${done.state}: ${JSON.stringify(done.counts)}${done.failure ? ` (${done.failure})` : ''}`);
    say(
      `upload streamed and checked by the API: ${acceptedMs.toFixed(0)} ms; in all until completed: ${totalMs.toFixed(0)} ms (${((IMPORT_ROWS / totalMs) * 1000).toFixed(0)} rows/s) = ${(copyMs / totalMs).toFixed(2)}x COPY`,
    );
    say(
      `process memory during the import (API + worker + this test's copy of the file, ${(body.length / 1e6).toFixed(0)} MB): rss +${((peakRss - baseline.rss) / 1e6).toFixed(0)} MB, heap +${((peakHeap - baseline.heapUsed) / 1e6).toFixed(0)} MB peak`,
    );
    const ran = totalMs - runningMs;
    say(
      `the worker's run (from seen running to completed, polled every 250 ms): ${ran.toFixed(0)} ms (${((IMPORT_ROWS / ran) * 1000).toFixed(0)} rows/s) = ${(copyMs / ran).toFixed(2)}x COPY`,
    );

    // What the table itself takes: the COPYed rows moved into incidents by one bare INSERT ... SELECT (its indexes,
    // foreign keys and checks, as the owner: no row-level security, no lookups, no revisions), then removed.
    started = process.hrtime.bigint();
    await t.db.query(
      `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, month_only, occurred_month, occurred_on, lsoa_code,
                              location_label, location_key, lat, lng, outcome, content_hash)
       SELECT gen_random_uuid(), p.id, 'bench-floor', coalesce(nullif(b.crime_id, ''), 'row-' || b.ctid::text), 'burglary', true, (b.month || '-01')::date,
              (b.month || '-01')::date, b.lsoa_code, b.location, b.lsoa_code || '|' || lower(b.location), b.latitude::float8, b.longitude::float8,
              nullif(b.last_outcome, ''), md5(b.ctid::text)
         FROM bench_copy b CROSS JOIN (SELECT id FROM partnerships WHERE code = 'cardiff') p`,
    );
    const floorMs = Number(process.hrtime.bigint() - started) / 1e6;
    await t.db.query(`DELETE FROM incidents WHERE source_system = 'bench-floor'`);
    say(
      `bare INSERT ... SELECT of the COPYed rows into incidents (the table's own cost): ${floorMs.toFixed(0)} ms (${((IMPORT_ROWS / floorMs) * 1000).toFixed(0)} rows/s) = ${(copyMs / floorMs).toFixed(2)}x COPY`,
    );

    // The same work in a plain Node process: the CLI checks the file, then imports it as the worker does.
    await writeStreetFile(file, IMPORT_ROWS, 'c1');
    const root = resolve(__dirname, '../../..');
    const cliStarted = process.hrtime.bigint();
    let checkedMs = 0;
    const output = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, [resolve(root, 'dist/apps/cli/src/main.js'), 'import-incidents', 'cardiff', file], {
        cwd: root,
        env: { PATH: process.env.PATH, ...readTestSettings().roleEnv, NODE_ENV: 'test', DATABASE_URL: t.config.database.url!, LOG_LEVEL: 'warn' },
      });
      let text = '';
      const read = (chunk: Buffer) => {
        text += chunk.toString();
        if (!checkedMs && text.includes('checked ')) checkedMs = Number(process.hrtime.bigint() - cliStarted) / 1e6;
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('error', fail);
      child.on('close', (code) => (code === 0 ? done(text) : fail(new Error(`cli import-incidents exited ${code}: ${text}`))));
    });
    const cliMs = Number(process.hrtime.bigint() - cliStarted) / 1e6;
    say(`cli import-incidents: ${output.split('\n').find((l) => l.startsWith('completed')) ?? output.slice(-300)}`);
    say(
      `cli import-incidents in all (process start, check, import): ${cliMs.toFixed(0)} ms (${((IMPORT_ROWS / cliMs) * 1000).toFixed(0)} rows/s) = ${(copyMs / cliMs).toFixed(2)}x COPY; of which checked ${checkedMs.toFixed(0)} ms, imported ${(cliMs - checkedMs).toFixed(0)} ms (${((IMPORT_ROWS / (cliMs - checkedMs)) * 1000).toFixed(0)} rows/s = ${(copyMs / (cliMs - checkedMs)).toFixed(2)}x COPY)`,
    );
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
    for (const table of ['incidents', 'incident_subjects']) await t.db.query(`VACUUM ANALYZE ${table}`);
    const sizes = firstOf(
      await t.db.query<{ incidents: number; subjects: number }>(
        'SELECT (SELECT count(*) FROM incidents)::int AS incidents, (SELECT count(*) FROM incident_subjects)::int AS subjects',
      ),
    );
    say(`arranged ${sizes.incidents} incidents and ${sizes.subjects} subject rows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const scans = w.app.get(NominationScanService);
    for (const kind of scans.kinds()) {
      const sql = scans.definition(kind).sql;
      const bare = process.hrtime.bigint();
      const { n } = firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql.replace(/\$1::date/g, `'2026-01-15'::date`)}) s`));
      const bareMs = Number(process.hrtime.bigint() - bare) / 1e6;
      const first = await scans.scan(kind);
      const again = await scans.scan(kind);
      say(
        `${kind}: bare SELECT ${bareMs.toFixed(0)} ms (${n} due); scan raising ${first.raised} nominations with their evidence and events ${first.durationMs.toFixed(0)} ms (${(first.durationMs / bareMs).toFixed(2)}x); scan again, nothing new, ${again.durationMs.toFixed(0)} ms (${(again.durationMs / bareMs).toFixed(2)}x)`,
      );
    }
    for (const line of (await scans.explain('repeat_location')).split('\n').slice(0, 25)) say(`plan: ${line}`);
  });
});
