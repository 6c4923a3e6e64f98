import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { NominationScanService } from '@app/domain/intake';
import { createTestApp, createTestWorker, firstN, firstOf, nth, type TestApp, type TestWorker } from '@app/testing';
import { agencyOf, apiKey, member } from './support/identity';
import { allStrings, incidentBody, intakeOf, pushIncidents } from './support/intake';
import { createGroup, getMeeting, openMeeting, scheduleMeeting } from './support/tasking';
import { client, type Json } from './support/http';
import { expectProblem } from './support/problem-details';

type Caller = Awaited<ReturnType<typeof member>>;

/**
 * The repeat scanners and nominations, end to end: incidents pushed through
 * the API, scans run by two workers at once, nominations on the agenda and
 * decided by the chair in a meeting. Test clock: 2026-01-15T10:00Z, so the
 * rolling six months start on 2025-07-15 and the last complete month is
 * December 2025.
 */
describe('repeat scanners and nominations', () => {
  let t: TestApp;
  let workers: TestWorker[];
  let key: string;
  let chair: Caller;
  let analyst: Caller;
  const answers: Json[] = [];

  const scan = (kind: string, worker = 0) => nth(workers, worker).app.get(NominationScanService).scan(kind);
  const scanBoth = (kind: string) => Promise.all([scan(kind, 0), scan(kind, 1)]);
  const api = (auth: string) => client(t, auth);
  const keep = <R extends { body: Json }>(res: R): R => {
    answers.push(res.body);
    return res;
  };
  const nominationsOf = async (kind: string, code = 'cardiff') =>
    t.db.query<{
      id: string;
      kind: string;
      state: string;
      window_start: string;
      evidence_count: number;
      cause_key: string;
      location: Json | null;
      problem_id: string | null;
    }>(
      `SELECT n.id, n.kind, n.state, to_char(n.window_start, 'YYYY-MM-DD') AS window_start, n.evidence_count, n.cause_key, n.location, n.problem_id
         FROM nominations n JOIN partnerships p ON p.id = n.partnership_id WHERE p.code = $2 AND n.kind = $1 ORDER BY n.created_at, n.id`,
      [kind, code],
    );
  const at = (lsoaCode: string, label: string) => ({ lsoaCode, wardCode: 'W05000868', label });

  beforeAll(async () => {
    t = await createTestApp();
    workers = [await createTestWorker({ environment: t }), await createTestWorker({ environment: t })];
    const admin = await member(t, 'cardiff', 'admin');
    key = (await apiKey(t, 'cardiff', admin.auth, ['incidents:write'])).key;
    chair = await member(t, 'cardiff', 'chair');
    analyst = await member(t, 'cardiff', 'analyst');
  });
  afterAll(async () => {
    const hashes = (await t.db.query<{ cause_key: string }>(`SELECT cause_key FROM nominations WHERE kind IN ('repeat_victim', 'repeat_offender')`)).map(
      (r) => r.cause_key,
    );
    // None when only tests without subjects ran (-t); the first test nominates a victim and an offender.
    const strings = new Set(answers.flatMap(allStrings));
    for (const h of hashes) assert.ok(![...strings].some((s) => s.includes(h)), 'a subject hash appeared in an answer');
    for (const s of strings) assert.ok(!/PERSON-/.test(s), `a subject key appeared in an answer: ${s}`);
    for (const w of workers) await w.close();
    await t.close();
  });

  it('raises each repeat kind exactly once under two concurrent scans, and again after new incidents in a later window', async () => {
    const place = at('W01001700', 'On or near Loudoun Square');
    const people = [
      { role: 'victim', key: 'PERSON-DUCK-1' },
      { role: 'offender', key: 'PERSON-WOLF-1' },
    ];
    await pushIncidents(t, 'cardiff', key, [
      incidentBody({ occurredAt: '2025-11-02T20:00:00Z', location: place, subjects: people }),
      incidentBody({ occurredAt: '2025-12-05T21:00:00Z', location: { ...place, label: 'on or near  LOUDOUN Square' }, subjects: people }),
      // Two incidents: below the threshold of three until the third arrives.
    ]);
    for (const kind of ['repeat_location', 'repeat_victim', 'repeat_offender']) {
      assert.deepEqual(
        (await scanBoth(kind)).map((r) => r.raised),
        [0, 0],
        kind,
      );
    }
    await pushIncidents(t, 'cardiff', key, [
      incidentBody({ occurredAt: '2026-01-09T22:00:00Z', category: 'criminal-damage-arson', location: place, subjects: people }),
    ]);
    // Its own place (other tests nominate other places) and its own people.
    const here = async (kind: string) => (await nominationsOf(kind)).filter((n) => kind !== 'repeat_location' || n.location?.lsoaCode === place.lsoaCode);
    for (const kind of ['repeat_location', 'repeat_victim', 'repeat_offender']) {
      const results = await scanBoth(kind);
      assert.equal(results[0].raised + results[1].raised, 1, `${kind} raised once`);
      const rows = await here(kind);
      assert.equal(rows.length, 1, kind);
      assert.equal(firstOf(rows).evidence_count, 3);
      assert.equal(firstOf(rows).window_start, '2025-11-02');
    }
    const location = firstOf(await here('repeat_location'));
    assert.equal(location.location?.label, 'On or near Loudoun Square');
    // A fourth incident alone is not a new cause.
    await pushIncidents(t, 'cardiff', key, [incidentBody({ occurredAt: '2026-01-10T22:00:00Z', location: place, subjects: people })]);
    assert.equal((await scan('repeat_location')).raised, 0);
    assert.equal((await scan('repeat_victim')).raised, 0);
    // Two more make three not yet nominated: a later window.
    await pushIncidents(t, 'cardiff', key, [
      incidentBody({ occurredAt: '2026-01-12T22:00:00Z', location: place, subjects: people }),
      incidentBody({ occurredAt: '2026-01-13T22:00:00Z', location: place, subjects: people }),
    ]);
    const again = await scanBoth('repeat_location');
    assert.equal(again[0].raised + again[1].raised, 1);
    const both = await here('repeat_location');
    assert.deepEqual(
      both.map((n) => n.window_start),
      ['2025-11-02', '2026-01-10'],
    );
    assert.equal((await scan('repeat_victim')).raised, 1);

    const events = await t.db.query<{ type: string; data: Json }>(
      `SELECT type, data FROM outbox_events WHERE type = 'nomination.created' AND subject_id = ANY($1::uuid[])`,
      [both.map((n) => n.id)],
    );
    assert.equal(events.length, 2);
    assert.equal(firstOf(events).data.kind, 'repeat_location');
    assert.equal(firstOf(events).data.evidenceCount, 3);
  });

  it('counts months-only incidents by month: a month overlapping the window counts, an instant before it does not', async () => {
    await pushIncidents(t, 'cardiff', key, [
      incidentBody({ occurredAt: '2025-12-01T12:00:00Z', location: at('W01001710', 'On or near Month Street'), subjects: [] }),
      incidentBody({ occurredAt: '2025-12-02T12:00:00Z', location: at('W01001710', 'On or near Month Street'), subjects: [] }),
      incidentBody({ occurredAt: undefined, occurredMonth: '2025-07', location: at('W01001710', 'On or near Month Street'), subjects: [] }),
      incidentBody({ occurredAt: '2025-12-01T12:00:00Z', location: at('W01001711', 'On or near Instant Street'), subjects: [] }),
      incidentBody({ occurredAt: '2025-12-02T12:00:00Z', location: at('W01001711', 'On or near Instant Street'), subjects: [] }),
      incidentBody({ occurredAt: '2025-07-10T12:00:00Z', location: at('W01001711', 'On or near Instant Street'), subjects: [] }),
      // No label: counts towards no location.
      incidentBody({ occurredAt: '2025-12-03T12:00:00Z', location: { lsoaCode: 'W01001711' }, subjects: [] }),
    ]);
    assert.equal((await scan('repeat_location')).raised, 1);
    const keys = (await nominationsOf('repeat_location')).map((n) => n.location?.label);
    assert.ok(keys.includes('On or near Month Street'));
    assert.ok(!keys.includes('On or near Instant Street'));
  });

  it("raises an exception when an LSOA and category's last month scores 3 or more against its previous 12 months, once", async () => {
    const month = (m: string, lsoaCode: string, n: number) =>
      Array.from({ length: n }, () => incidentBody({ occurredAt: undefined, occurredMonth: m, category: 'burglary', location: { lsoaCode }, subjects: [] }));
    await pushIncidents(t, 'cardiff', key, [
      // W01001800: 6 in the 12 baseline months (mean 0.5), 6 in December: 2(sqrt 6 - sqrt 0.5) = 3.48.
      ...['2024-12', '2025-02', '2025-04', '2025-06', '2025-08', '2025-10'].flatMap((m) => month(m, 'W01001800', 1)),
      ...month('2025-12', 'W01001800', 6),
      // W01001801: 1 a month (mean 1), 3 in December: 2(sqrt 3 - 1) = 1.46.
      ...['2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11'].flatMap((m) =>
        month(m, 'W01001801', 1),
      ),
      ...month('2025-12', 'W01001801', 3),
      // January 2026 is not complete: not judged yet.
      ...month('2026-01', 'W01001802', 9),
    ]);
    // Counted in these areas: the scans also judge what other tests pushed elsewhere.
    await scanBoth('exception');
    await scanBoth('exception');
    const judged = (await nominationsOf('exception')).filter((n) => ['W01001800', 'W01001801', 'W01001802'].includes(n.location?.lsoaCode as string));
    assert.deepEqual(
      judged.map((n) => n.location?.lsoaCode),
      ['W01001800'],
      'one exception, raised once however often and however concurrently it is scanned',
    );
    const row = firstOf(judged);
    assert.equal(row.window_start, '2025-12-01');
    assert.equal(row.evidence_count, 6);
    const res = keep(await api(analyst.auth).get(`${intakeOf('cardiff')}/nominations/${row.id}`));
    assert.equal(res.status, 200);
    assert.equal(res.body.kind, 'exception');
    assert.equal(res.body.detection.current, 6);
    assert.equal(res.body.detection.baselineMean, 0.5);
    assert.equal(res.body.detection.score, 3.485);
    assert.deepEqual(res.body.evidence, { incidentCount: 6, byCategory: { burglary: 6 } });
  });

  it('reads the index each scanner names, never the whole history, once incidents go back years', async () => {
    const scans = firstOf(workers).app.get(NominationScanService);
    // Five years of incidents across the partnerships (a third with subjects), in a transaction rolled back:
    // the planner chooses on the statistics of a table with history, as in production.
    await t.db.query('BEGIN');
    try {
      await t.db.query(
        `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, month_only, occurred_month, occurred_on,
                                lsoa_code, location_label, location_key, lat, lng, content_hash)
         SELECT gen_random_uuid(), p.ids[1 + i % p.n], 'history', 'H' || i, 'burglary', true, date_trunc('month', d)::date, date_trunc('month', d)::date,
                'W01' || lpad((i % 300)::text, 6, '0'), 'Street ' || (i % 900), 'W01' || lpad((i % 300)::text, 6, '0') || '|street ' || (i % 900),
                CASE WHEN i % 2 = 0 THEN 51.5 + (i % 97) / 1e4 END, CASE WHEN i % 2 = 0 THEN -3.2 END, 'x'
           FROM generate_series(1, 60000) AS i
          CROSS JOIN (SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM partnerships) p
          CROSS JOIN LATERAL (SELECT '2026-01-15'::date - (i % 1826) AS d) x`,
      );
      await t.db.query(
        `INSERT INTO incident_subjects (incident_id, role, subject_hash, partnership_id, occurred_on)
         SELECT i.id, r.role, md5(r.role || (abs(hashtext(i.external_id)) % 5000)::text), i.partnership_id, i.occurred_on
           FROM incidents i CROSS JOIN (VALUES ('victim'), ('offender')) r(role)
          WHERE i.source_system = 'history' AND abs(hashtext(i.external_id)) % 3 = 0`,
      );
      for (const table of ['incidents', 'incident_subjects', 'partnerships', 'intake_settings', 'nominations', 'nomination_incidents'])
        await t.db.query(`ANALYZE ${table}`);
      for (const kind of scans.kinds()) {
        const sql = scans.definition(kind).sql.replace(/\$1::date/g, `'2026-01-15'::date`);
        const plan = (await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`)).map((r) => r['QUERY PLAN']).join('\n');
        for (const index of scans.definition(kind).index) {
          assert.ok(plan.includes(index), `${kind} uses ${index}:\n${plan}`);
          // The table the window is read from is never read whole.
          const { table } = firstOf(await t.db.query<{ table: string }>('SELECT tablename AS table FROM pg_indexes WHERE indexname = $1', [index]));
          assert.doesNotMatch(plan, new RegExp(`Seq Scan on ${table} `), `${kind} reads no whole ${table}:\n${plan}`);
        }
        // Nor is any table that holds the history read whole (a join to the incidents included).
        for (const table of ['incidents', 'incident_subjects'])
          assert.doesNotMatch(plan, new RegExp(`Seq Scan on ${table} `), `${kind} reads no whole ${table}:\n${plan}`);
      }
    } finally {
      await t.db.query('ROLLBACK');
    }
  });

  it('lists nominations by kind and state, with evidence counts, and shows another partnership none of them', async () => {
    // Two places of its own, three incidents each this month (a month not yet judged for exceptions).
    const places = [at('W01001730', 'On or near List Street'), at('W01001731', 'On or near Page Street')];
    await pushIncidents(
      t,
      'cardiff',
      key,
      places.flatMap((place) => ['05', '06', '07'].map((day) => incidentBody({ occurredAt: `2026-01-${day}T12:00:00Z`, location: place, subjects: [] }))),
    );
    await scan('repeat_location');
    const mine = (await nominationsOf('repeat_location')).filter((n) => places.some((p) => p.lsoaCode === n.location?.lsoaCode)).map((n) => n.id);
    assert.equal(mine.length, 2);
    const res = keep(await api(analyst.auth).get(`${intakeOf('cardiff')}/nominations?kind=repeat_location&state=open&limit=100`));
    assert.equal(res.status, 200);
    assert.ok(mine.every((id) => res.body.items.some((n: { id: string }) => n.id === id)));
    for (const n of res.body.items) {
      assert.equal(n.kind, 'repeat_location');
      assert.equal(n.state, 'open');
      assert.equal(
        n.evidence.incidentCount,
        Object.values(n.evidence.byCategory as Record<string, number>).reduce((a, b) => a + b, 0),
      );
      assert.equal(n.causeKey, undefined);
    }
    const evidence = keep(await api(analyst.auth).get(`${intakeOf('cardiff')}/incidents?nominationId=${firstOf(mine)}`));
    assert.equal(evidence.body.items.length, 3);
    const other = await member(t, 'newport', 'admin');
    const theirs = await api(other.auth).get(`${intakeOf('newport')}/nominations`);
    const theirIds = (
      await t.db.query<{ id: string }>(`SELECT n.id FROM nominations n JOIN partnerships p ON p.id = n.partnership_id WHERE p.code = 'newport'`)
    ).map((n) => n.id);
    assert.deepEqual(theirs.body.items.map((n: { id: string }) => n.id).sort(), theirIds.sort(), "newport's own nominations only");
    assert.ok(!theirs.body.items.some((n: { id: string }) => mine.includes(n.id)));
    assert.equal((await api(other.auth).get(`${intakeOf('newport')}/nominations/${res.body.items[0].id}`)).status, 404);
    assert.equal((await api(other.auth).get(`${intakeOf('newport')}/incidents?nominationId=${res.body.items[0].id}`)).body.items.length, 0);
    assert.equal((await api(analyst.auth).get(`${intakeOf('cardiff')}/nominations?state=nonsense`)).status, 400);

    // By id, repeated: just those (another partnership's left out), however they are spelt.
    const [first, second] = firstN(res.body.items as { id: string }[], 2);
    const byId = keep(await api(analyst.auth).get(`${intakeOf('cardiff')}/nominations?id=${first.id.toUpperCase()}&id=${second.id}`));
    assert.equal(byId.status, 200);
    assert.deepEqual(byId.body.items.map((n: { id: string }) => n.id).sort(), [first.id, second.id].sort());
    const one = keep(await api(analyst.auth).get(`${intakeOf('cardiff')}/nominations?id=${first.id}`));
    assert.deepEqual(
      one.body.items.map((n: { id: string }) => n.id),
      [first.id],
    );
    assert.deepEqual((await api(other.auth).get(`${intakeOf('newport')}/nominations?id=${first.id}`)).body.items, []);
    const notUuid = await api(analyst.auth).get(`${intakeOf('cardiff')}/nominations?id=${first.id}&id=nonsense`);
    assert.equal(notUuid.status, 400);
    assert.match(String(notUuid.headers['content-type']), /application\/problem\+json/);
    const tooMany = Array.from({ length: 101 }, () => `id=${first.id}`).join('&');
    assert.equal((await api(analyst.auth).get(`${intakeOf('cardiff')}/nominations?${tooMany}`)).status, 400);
  });

  it("takes the thresholds and windows from the partnership's settings (PATCH {pid}), validated", async () => {
    const admin = await member(t, 'newport', 'admin');
    const newportKey = (await apiKey(t, 'newport', admin.auth, ['incidents:write'])).key;
    const defaults = await api(admin.auth).get('/api/v1/partnerships/newport');
    assert.equal(defaults.body.intakeSettings.repeatLocationThreshold, 3);
    assert.equal(defaults.body.intakeSettings.exceptionScore, 3);
    const bad = await api(admin.auth)
      .patch('/api/v1/partnerships/newport')
      .send({ intakeSettings: { repeatLocationThreshold: 1, repeatLocationMonths: 30 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: Json) => e.path).sort(), ['intakeSettings.repeatLocationMonths', 'intakeSettings.repeatLocationThreshold']);
    const changed = await api(admin.auth)
      .patch('/api/v1/partnerships/newport')
      .send({ intakeSettings: { repeatLocationThreshold: 5, repeatLocationMonths: 3 } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.intakeSettings.repeatLocationThreshold, 5);
    assert.equal(changed.body.intakeSettings.repeatVictimThreshold, 3);
    const place = { lsoaCode: 'W01001600', label: 'On or near Commercial Street' };
    const push = (dates: string[]) =>
      pushIncidents(
        t,
        'newport',
        newportKey,
        dates.map((d) => incidentBody({ occurredAt: d, location: place, subjects: [] })),
      );
    // Four in the last three months and one before them: not five in three months.
    await push(['2025-10-01T10:00:00Z', '2025-11-01T10:00:00Z', '2025-12-01T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-02T10:00:00Z']);
    await scan('repeat_location');
    assert.equal((await nominationsOf('repeat_location', 'newport')).length, 0);
    await push(['2026-01-03T10:00:00Z']);
    await scan('repeat_location');
    const n = firstOf(await nominationsOf('repeat_location', 'newport'));
    assert.equal(n.evidence_count, 5);
    assert.equal(n.window_start, '2025-11-01');
  });

  it("groups incidents with coordinates within the partnership's distance into one location, and not one 200 m away", async () => {
    const admin = await member(t, 'cwm-taf', 'admin');
    const cwmKey = (await apiKey(t, 'cwm-taf', admin.auth, ['incidents:write'])).key;
    // A and B are 30 m apart (north-south); C is 200 m east of A.
    const A = { lat: 51.6, lng: -3.37 };
    const B = { lat: 51.6 + 30 / 111195, lng: -3.37 };
    const C = { lat: 51.6, lng: -3.37 + 200 / (111195 * Math.cos((51.6 * Math.PI) / 180)) };
    const placed = (point: { lat: number; lng: number }, label: string | null, day: string) =>
      incidentBody({ occurredAt: `2025-12-${day}T12:00:00Z`, category: 'fly-tipping', location: { lsoaCode: 'W01001100', label, ...point }, subjects: [] });
    const pushed = await pushIncidents(t, 'cwm-taf', cwmKey, [
      placed(A, null, '01'),
      placed(A, null, '02'),
      placed(B, 'On or near Taff Street', '03'),
      placed(C, null, '04'),
      placed(C, null, '05'),
    ]);
    const ids = (pushed.items as Json[]).map((i) => i.id as string);
    assert.equal(
      (
        await api(admin.auth)
          .patch('/api/v1/partnerships/cwm-taf')
          .send({ intakeSettings: { repeatLocationMetres: 5000 } })
      ).status,
      400,
    );
    // Within 20 m, A's two and B's one are apart: no location holds three.
    assert.equal(
      (
        await api(admin.auth)
          .patch('/api/v1/partnerships/cwm-taf')
          .send({ intakeSettings: { repeatLocationMetres: 20 } })
      ).body.intakeSettings.repeatLocationMetres,
      20,
    );
    await scan('repeat_location');
    assert.equal((await nominationsOf('repeat_location', 'cwm-taf')).length, 0);
    const restored = await api(admin.auth)
      .patch('/api/v1/partnerships/cwm-taf')
      .send({ intakeSettings: { repeatLocationMetres: 50 } });
    assert.equal(restored.body.intakeSettings.repeatLocationMetres, 50);
    await scan('repeat_location');
    const found = await nominationsOf('repeat_location', 'cwm-taf');
    assert.equal(found.length, 1);
    const n = firstOf(found);
    assert.equal(n.evidence_count, 3);
    assert.equal(n.location?.label, 'On or near Taff Street');
    const evidence = (await t.db.query<{ incident_id: string }>('SELECT incident_id FROM nomination_incidents WHERE nomination_id = $1', [n.id]))
      .map((r) => r.incident_id)
      .sort();
    assert.deepEqual(evidence, ids.slice(0, 3).sort());
    const listed = keep(await api(admin.auth).get(`${intakeOf('cwm-taf')}/nominations?kind=repeat_location`));
    assert.equal(listed.body.items[0].detection.withinMetres, 50);
    assert.equal((await scan('repeat_location')).raised, 0);
  });

  describe('in a meeting', () => {
    let places = 0;
    /** An open repeat_location nomination of the test's own: a place of its own, three incidents this month, a scan. */
    const nominated = async () => {
      const place = at(`W0102${String(++places).padStart(4, '0')}`, `On or near Meeting Street ${places}`);
      await pushIncidents(
        t,
        'cardiff',
        key,
        ['05', '06', '07'].map((day) => incidentBody({ occurredAt: `2026-01-${day}T12:00:00Z`, location: place, subjects: [] })),
      );
      await scan('repeat_location');
      return firstOf((await nominationsOf('repeat_location')).filter((n) => n.location?.lsoaCode === place.lsoaCode));
    };
    /** A tasking group of the test's own, chaired by the chair, and its meeting (opened unless told otherwise). */
    const meetingOfItsOwn = async (open = true) => {
      const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [await agencyOf(t, 'cardiff')] });
      const meetingId = (await scheduleMeeting(t, 'cardiff', chair.auth, group.id, '2026-01-20T18:00:00Z')).id as string;
      if (open) await openMeeting(t, 'cardiff', chair.auth, meetingId);
      return { group, meetingId };
    };
    const stateOf = async (id: string) => firstOf(await t.db.query<{ state: string }>('SELECT state FROM nominations WHERE id = $1', [id])).state;

    it('puts the open nominations on the agenda with their evidence counts', async () => {
      const mine = await nominated();
      const { meetingId } = await meetingOfItsOwn(false);
      const meeting = await getMeeting(t, 'cardiff', chair.auth, meetingId);
      const open = await t.db.query<{ id: string; evidence_count: number }>(
        `SELECT n.id, n.evidence_count FROM nominations n JOIN partnerships p ON p.id = n.partnership_id WHERE p.code = 'cardiff' AND n.state = 'open' ORDER BY n.created_at, n.id`,
      );
      const listed = meeting.agenda.newNominations.filter((e: Json) => e.type === 'nomination');
      assert.ok(listed.some((e: Json) => e.id === mine.id && e.evidenceCount === 3));
      assert.deepEqual(
        listed.map((e: Json) => e.id),
        open.map((n) => n.id),
      );
      assert.deepEqual(
        listed.map((e: Json) => e.evidenceCount),
        open.map((n) => n.evidence_count),
      );
      assert.ok(listed.every((e: Json) => e.kind && e.title && e.windowStart));
      answers.push(meeting);
    });

    it('refuses a decision while the meeting is scheduled, and from people other than chairs', async () => {
      const n = await nominated();
      const { group, meetingId } = await meetingOfItsOwn(false);
      const early = await api(chair.auth)
        .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${n.id}/decision`)
        .send({ decision: 'decline', reason: 'Not yet' });
      expectProblem(early, 409, '/meeting-not-open');
      assert.equal(await stateOf(n.id), 'open');
      await openMeeting(t, 'cardiff', chair.auth, meetingId);
      const byAnalyst = await api(analyst.auth)
        .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${n.id}/decision`)
        .send({ decision: 'decline', reason: 'x' });
      assert.equal(byAnalyst.status, 403);
      // A chair, but of another group: not this meeting's chair.
      const otherChair = await member(t, 'cardiff', 'chair');
      await createGroup(t, 'cardiff', otherChair.auth, { chairUserId: otherChair.user.id, agencyIds: [await agencyOf(t, 'cardiff')] });
      const decisions = async () =>
        firstOf(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM meeting_decisions WHERE meeting_id = $1', [meetingId])).n;
      const before = await decisions();
      for (const decision of [{ decision: 'accept' }, { decision: 'decline', reason: 'Not ours' }]) {
        const byOtherChair = await api(otherChair.auth)
          .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${n.id}/decision`)
          .send(decision);
        assert.match(String(expectProblem(byOtherChair, 403).detail), new RegExp(`the chair or deputy chair of ${group.name}`));
      }
      assert.equal(await stateOf(n.id), 'open');
      assert.equal(await decisions(), before);
    });

    it('accepts a nomination into a problem at scanning with its location and evidence, in the minutes, with nomination.decided', async () => {
      const n = await nominated();
      const { meetingId } = await meetingOfItsOwn();
      const res = keep(
        await api(chair.auth)
          .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${n.id}/decision`)
          .send({ decision: 'accept' }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.nomination.state, 'accepted');
      const problem = keep(await api(chair.auth).get(`/api/v1/partnerships/cardiff/problems/${res.body.problemId}`));
      assert.equal(problem.body.stage, 'scanning');
      assert.equal(problem.body.source, 'monitoring');
      assert.equal(problem.body.category, 'anti-social-behaviour');
      assert.equal(problem.body.locations[0].code, n.location?.lsoaCode);
      const evidence = keep(await api(chair.auth).get(`${intakeOf('cardiff')}/incidents?nominationId=${n.id}`));
      assert.equal(evidence.body.items.length, 3);
      const meeting = await getMeeting(t, 'cardiff', chair.auth, meetingId);
      const decision = meeting.decisions.find((d: Json) => d.id === res.body.meetingDecisionId);
      assert.equal(decision.problemId, res.body.problemId);
      assert.match(decision.text, /^Nomination accepted as CDF-P-\d{4}: Repeat location/);
      const event = firstOf(await t.db.query<{ data: Json }>(`SELECT data FROM outbox_events WHERE type = 'nomination.decided' AND subject_id = $1`, [n.id]));
      assert.equal(event.data.decision, 'accept');
      assert.equal(event.data.problemId, res.body.problemId);
      const twice = await api(chair.auth)
        .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${n.id}/decision`)
        .send({ decision: 'decline', reason: 'Changed our minds' });
      expectProblem(twice, 409, '/nomination-decided');
    });

    it('declines with a reason only', async () => {
      const n = await nominated();
      const { meetingId } = await meetingOfItsOwn();
      const bare = await api(chair.auth)
        .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${n.id}/decision`)
        .send({ decision: 'decline' });
      assert.equal(bare.status, 400);
      assert.equal(bare.body.errors[0].path, 'reason');
      const res = keep(
        await api(chair.auth)
          .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${n.id}/decision`)
          .send({ decision: 'decline', reason: 'Already tasked to the neighbourhood team' }),
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.nomination.state, 'declined');
      assert.equal(res.body.nomination.decision.reason, 'Already tasked to the neighbourhood team');
      const meeting = await getMeeting(t, 'cardiff', chair.auth, meetingId);
      assert.ok(meeting.decisions.some((d: Json) => d.text.includes('Nomination declined') && d.text.includes('Already tasked')));
    });

    it('merges a nomination into an open problem', async () => {
      const { meetingId } = await meetingOfItsOwn();
      const first = await nominated();
      const accepted = await api(chair.auth)
        .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${first.id}/decision`)
        .send({ decision: 'accept' });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      const problemId = accepted.body.problemId as string;
      const second = await nominated();
      const res = keep(
        await api(chair.auth)
          .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${second.id}/decision`)
          .send({ decision: 'merge', problemId }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.nomination.state, 'merged');
      assert.equal(res.body.nomination.problemId, problemId);
      const victim = await nominated();
      const unknown = await api(chair.auth)
        .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${victim.id}/decision`)
        .send({ decision: 'merge', problemId: '0190a000-0000-7000-8000-000000000000' });
      assert.equal(unknown.status, 422);
    });

    it('takes referrals as nominations of kind referral, accepted as problems of source referral', async () => {
      const { meetingId } = await meetingOfItsOwn();
      const created = keep(
        await api(analyst.auth)
          .post(`${intakeOf('cardiff')}/referrals`)
          .send({
            referrerKind: 'elected_member',
            description: 'Residents report fly-tipping behind the flats every weekend',
            category: 'fly-tipping',
            location: { lsoaCode: 'W01001720', label: 'Rear of Bute Terrace' },
          }),
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.ok(created.body.nominationId);
      assert.equal(created.body.nominationState, 'open');
      const missingAgency = await api(analyst.auth)
        .post(`${intakeOf('cardiff')}/referrals`)
        .send({ referrerKind: 'agency', description: 'x', category: 'drugs' });
      assert.equal(missingAgency.status, 400);
      const list = keep(await api(analyst.auth).get(`${intakeOf('cardiff')}/referrals`));
      assert.equal(list.body.items[0].id, created.body.id);
      const res = keep(
        await api(chair.auth)
          .post(`${intakeOf('cardiff')}/meetings/${meetingId}/nominations/${created.body.nominationId}/decision`)
          .send({ decision: 'accept' }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const problem = await api(chair.auth).get(`/api/v1/partnerships/cardiff/problems/${res.body.problemId}`);
      assert.equal(problem.body.source, 'referral');
      assert.equal(problem.body.category, 'environmental');
      assert.equal(problem.body.locations[0].label, 'Rear of Bute Terrace');
      const other = await member(t, 'newport', 'admin');
      assert.equal((await api(other.auth).get(`${intakeOf('newport')}/referrals/${created.body.id}`)).status, 404);
    });

    it("lets the deputy chair decide in a meeting they opened in the chair's absence, recorded as theirs; another chair still gets 403", async () => {
      const deputy = await member(t, 'cardiff', 'chair');
      const bystander = await member(t, 'cardiff', 'chair');
      const created = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [await agencyOf(t, 'cardiff')] });
      const chaired = (
        await api(chair.auth).patch(`/api/v1/partnerships/cardiff/tasking-groups/${created.id}`).send({ deputyChairUserId: deputy.user.id }).expect(200)
      ).body;
      assert.equal(chaired.deputyChairUserId, deputy.user.id);
      const meeting = (await scheduleMeeting(t, 'cardiff', analyst.auth, chaired.id, '2026-01-22T18:00:00Z')).id;
      await openMeeting(t, 'cardiff', deputy.auth, meeting);
      const referral = keep(
        await api(analyst.auth)
          .post(`${intakeOf('cardiff')}/referrals`)
          .send({ referrerKind: 'elected_member', description: 'Graffiti on the underpass every week', category: 'criminal-damage-arson' }),
      );
      assert.equal(referral.status, 201, JSON.stringify(referral.body));
      const decide = (auth: string) =>
        api(auth)
          .post(`${intakeOf('cardiff')}/meetings/${meeting}/nominations/${referral.body.nominationId}/decision`)
          .send({ decision: 'decline', reason: 'The council cleans it weekly already' });
      assert.match(String(expectProblem(await decide(bystander.auth), 403).detail), new RegExp(`the chair or deputy chair of ${chaired.name}`));
      const res = keep(await decide(deputy.auth));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.nomination.state, 'declined');
      assert.deepEqual(res.body.nomination.decision.decidedBy, { type: 'user', id: deputy.user.id });
      const stored = firstOf(
        await t.db.query<{ state: string; decided_by_id: string; recorded_by_id: string }>(
          `SELECT n.state, n.decided_by_id, d.recorded_by_id FROM nominations n JOIN meeting_decisions d ON d.id = $2 WHERE n.id = $1`,
          [referral.body.nominationId, res.body.meetingDecisionId],
        ),
      );
      assert.deepEqual(stored, { state: 'declined', decided_by_id: deputy.user.id, recorded_by_id: deputy.user.id });
    });

    it("refuses another partnership's meeting or nomination with 404", async () => {
      const victim = await nominated();
      const otherChair = await member(t, 'newport', 'chair');
      const otherGroup = await createGroup(t, 'newport', otherChair.auth, { chairUserId: otherChair.user.id, agencyIds: [await agencyOf(t, 'newport')] });
      const otherMeeting = (await scheduleMeeting(t, 'newport', otherChair.auth, otherGroup.id, '2026-01-21T18:00:00Z')).id;
      await openMeeting(t, 'newport', otherChair.auth, otherMeeting);
      const res = await api(otherChair.auth)
        .post(`${intakeOf('newport')}/meetings/${otherMeeting}/nominations/${victim.id}/decision`)
        .send({ decision: 'decline', reason: 'Not ours' });
      assert.equal(res.status, 404);
      const cross = await api(chair.auth)
        .post(`${intakeOf('cardiff')}/meetings/${otherMeeting}/nominations/${victim.id}/decision`)
        .send({ decision: 'decline', reason: 'Wrong meeting' });
      assert.equal(cross.status, 404);
      assert.equal(await stateOf(victim.id), 'open');
    });
  });
});
