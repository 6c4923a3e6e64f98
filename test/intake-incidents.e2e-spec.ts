import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestApp, entryOf, firstOf, type TestApp } from '@app/testing';
import { agencyOf, apiKey, member } from './support/identity';
import { allStrings, incidentBody, intakeOf, pushIncidents } from './support/intake';
import { evaluationBody, insertProblem, TRIANGLE } from './support/problems';
import { client, type Json } from './support/http';
import { expectProblem } from './support/problem-details';

type Caller = Awaited<ReturnType<typeof member>>;

/** Incidents pushed by police and council systems: single, batch, replay, change with history, lists, isolation. */
describe('incidents', () => {
  let t: TestApp;
  let analyst: Caller;
  let admin: Caller;
  let key: string;
  const seen: Json[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await member(t, 'cardiff', 'analyst');
    admin = await member(t, 'cardiff', 'admin');
    key = (await apiKey(t, 'cardiff', admin.auth, ['incidents:write'])).key;
  });
  afterAll(async () => {
    // No answer of this suite ever carried a subject key or its hash.
    const hashes = (await t.db.query<{ subject_hash: string }>('SELECT subject_hash FROM incident_subjects')).map((r) => r.subject_hash);
    assert.ok(hashes.length > 0);
    const strings = new Set(seen.flatMap(allStrings));
    for (const s of strings) assert.ok(!/PERSON-/.test(s), `a subject key appeared in an answer: ${s}`);
    for (const h of hashes) assert.ok(!strings.has(h), 'a subject hash appeared in an answer');
    await t.close();
  });

  const api = (auth: string) => client(t, auth);
  const keep = <R extends { body: Json }>(res: R): R => {
    seen.push(res.body);
    return res;
  };

  it('creates one incident (201), stores subjects only as keyed hashes, and answers an identical push as a replay', async () => {
    const body = incidentBody();
    const created = keep(
      await api(key)
        .post(`${intakeOf('cardiff')}/incidents`)
        .send(body),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.category, 'anti-social-behaviour');
    assert.equal(created.body.occurredMonth, '2026-01');
    assert.equal(created.body.location.lsoaCode, 'W01001700');
    assert.equal(created.body.subjects, undefined);
    assert.equal(created.body.version, 1);
    const stored = await t.db.query<{ role: string; subject_hash: string }>(
      'SELECT role, subject_hash FROM incident_subjects WHERE incident_id = $1 ORDER BY role',
      [created.body.id],
    );
    assert.deepEqual(
      stored.map((s) => s.role),
      ['offender', 'victim'],
    );
    for (const s of stored) assert.match(s.subject_hash, /^[0-9a-f]{64}$/);
    const raw = JSON.stringify(await t.db.query('SELECT * FROM incidents WHERE id = $1', [created.body.id]));
    assert.ok(!raw.includes('PERSON-'));

    const replay = keep(
      await api(key)
        .post(`${intakeOf('cardiff')}/incidents`)
        .send(body),
    );
    assert.equal(replay.status, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.body.id, created.body.id);
    assert.equal(replay.body.version, 1);
    const { n } = firstOf(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_revisions WHERE incident_id = $1', [created.body.id]));
    assert.equal(n, 0);
  });

  it('updates a changed record (200), keeps the earlier state as a revision, and replaces its subjects', async () => {
    const body = incidentBody({ category: 'criminal-damage-arson' });
    const first = keep(
      await api(analyst.auth)
        .post(`${intakeOf('cardiff')}/incidents`)
        .send(body),
    );
    assert.equal(first.status, 201);
    const changed = keep(
      await api(analyst.auth)
        .post(`${intakeOf('cardiff')}/incidents`)
        .send({ ...body, outcome: 'Charged', subjects: [{ role: 'offender', key: 'PERSON-OFFENDER-2' }] }),
    );
    assert.equal(changed.status, 200);
    assert.equal(changed.headers['idempotent-replayed'], undefined);
    assert.equal(changed.body.outcome, 'Charged');
    assert.equal(changed.body.version, 2);
    const detail = keep(await api(analyst.auth).get(`${intakeOf('cardiff')}/incidents/${first.body.id}`));
    assert.equal(detail.status, 200);
    assert.equal(detail.headers.etag, `"${first.body.id}.2"`);
    assert.equal(detail.body.revisions.length, 1);
    assert.equal(detail.body.revisions[0].version, 1);
    assert.equal(detail.body.revisions[0].data.outcome, 'Words of advice');
    assert.equal(detail.body.revisions[0].data.subjects, 2);
    const subjects = await t.db.query<{ role: string }>('SELECT role FROM incident_subjects WHERE incident_id = $1', [first.body.id]);
    assert.deepEqual(
      subjects.map((s) => s.role),
      ['offender'],
    );
  });

  it('stores a batch in one go, each record with its result', async () => {
    const existing = incidentBody();
    await pushIncidents(t, 'cardiff', key, [existing]);
    const fresh = [
      incidentBody({ occurredAt: undefined, occurredMonth: '2025-12', subjects: [] }),
      incidentBody({ category: 'fly-tipping', sourceSystem: 'council-flytipping' }),
    ];
    const summary = await pushIncidents(
      t,
      'cardiff',
      key,
      [existing, ...fresh, { ...existing, externalId: existing.externalId, outcome: 'Changed' }].slice(0, 3),
    );
    seen.push(summary);
    assert.deepEqual(summary.counts, { created: 2, updated: 0, unchanged: 1 });
    assert.deepEqual(
      summary.items.map((i: Json) => i.result),
      ['unchanged', 'created', 'created'],
    );
    const monthOnly = keep(await api(key).get(`${intakeOf('cardiff')}/incidents/${summary.items[1].id}`));
    assert.equal(monthOnly.body.occurredAt, null);
    assert.equal(monthOnly.body.occurredMonth, '2025-12');
  });

  it('refuses a batch with one bad item whole (400 naming it), adding nothing', async () => {
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents');
    const bad = [incidentBody(), incidentBody({ occurredMonth: '2026-01' }), incidentBody({ location: { lsoaCode: 'X1' } })];
    const res = await api(key)
      .post(`${intakeOf('cardiff')}/incidents`)
      .send({ items: bad });
    expectProblem(res, 400);
    const paths = res.body.errors.map((e: Json) => e.path);
    assert.deepEqual(paths, ['items[1].occurredAt', 'items[2].location.lsoaCode']);
    const category = await api(key)
      .post(`${intakeOf('cardiff')}/incidents`)
      .send({ items: [incidentBody(), incidentBody({ category: 'littering' })] });
    assert.equal(category.status, 400);
    assert.deepEqual(
      category.body.errors.map((e: Json) => e.path),
      ['items[1].category'],
    );
    const twice = incidentBody();
    const dup = await api(key)
      .post(`${intakeOf('cardiff')}/incidents`)
      .send({ items: [twice, twice] });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.errors[0].path, 'items[1].externalId');
    const tooMany = await api(key)
      .post(`${intakeOf('cardiff')}/incidents`)
      .send({ items: Array.from({ length: 1001 }, () => ({})) });
    assert.equal(tooMany.status, 400);
    const unknown = await api(key)
      .post(`${intakeOf('cardiff')}/incidents`)
      .send({ ...incidentBody(), name: 'Jane Doe' });
    assert.equal(unknown.status, 400);
    const afterCount = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents');
    assert.equal(firstOf(afterCount).n, firstOf(before).n);
  });

  it('stores a batch of 1,000 in one request', async () => {
    const items = Array.from({ length: 1000 }, (_, i) =>
      incidentBody({ sourceSystem: 'bulk', externalId: `B-${i}`, location: { lsoaCode: 'W01001701', label: `On or near Street ${i % 50}` } }),
    );
    const summary = await pushIncidents(t, 'cardiff', key, items);
    assert.equal(summary.counts.created, 1000);
    const again = await pushIncidents(t, 'cardiff', key, items);
    assert.equal(again.counts.unchanged, 1000);
  });

  it('lists with filters and keyset pages', async () => {
    const marker = `filter-${process.pid}`;
    await pushIncidents(t, 'cardiff', key, [
      incidentBody({
        sourceSystem: marker,
        category: 'burglary',
        occurredAt: '2025-11-03T10:00:00Z',
        location: { lsoaCode: 'W01001750', wardCode: 'W05000870', label: 'A' },
      }),
      incidentBody({
        sourceSystem: marker,
        category: 'burglary',
        occurredAt: '2025-12-03T10:00:00Z',
        location: { lsoaCode: 'W01001751', wardCode: 'W05000871', label: 'B' },
      }),
      incidentBody({
        sourceSystem: marker,
        category: 'drugs',
        occurredAt: '2026-01-03T10:00:00Z',
        location: { lsoaCode: 'W01001750', wardCode: 'W05000870', label: 'C' },
      }),
    ]);
    const list = async (q: string) => {
      const res = keep(await api(analyst.auth).get(`${intakeOf('cardiff')}/incidents?sourceSystem=${marker}&${q}`));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { items: Json[]; nextCursor: string | null };
    };
    assert.equal((await list('')).items.length, 3);
    assert.equal((await list('category=burglary')).items.length, 2);
    assert.equal((await list('lsoaCode=W01001750')).items.length, 2);
    assert.equal((await list('wardCode=w05000871')).items.length, 1);
    assert.deepEqual(
      (await list('from=2025-12&to=2025-12')).items.map((i) => i.location.label),
      ['B'],
    );
    assert.equal((await list('from=2025-12-04')).items.length, 1);
    const page1 = await list('limit=2');
    assert.equal(page1.items.length, 2);
    assert.ok(page1.nextCursor);
    const page2 = await list(`limit=2&cursor=${page1.nextCursor}`);
    assert.equal(page2.items.length, 1);
    assert.equal(page2.nextCursor, null);
    const ids = new Set([...page1.items, ...page2.items].map((i) => i.id));
    assert.equal(ids.size, 3);
    const bad = await api(analyst.auth).get(`${intakeOf('cardiff')}/incidents?category=nonsense`);
    assert.equal(bad.status, 400);
  });

  it('sums incidents by LSOA, ward, month and category, and as GeoJSON points, without subjects or labels', async () => {
    const other = await member(t, 'cwm-taf', 'admin');
    const cwmKey = (await apiKey(t, 'cwm-taf', other.auth, ['incidents:write'])).key;
    const at = (lsoaCode: string, lat: number) => ({ lsoaCode, wardCode: 'W05000700', label: `On or near ${lsoaCode}`, lat, lng: -3.37 });
    await pushIncidents(t, 'cwm-taf', cwmKey, [
      incidentBody({ category: 'burglary', occurredAt: '2025-11-03T10:00:00Z', location: at('W01001100', 51.6) }),
      incidentBody({ category: 'burglary', occurredAt: '2025-12-03T10:00:00Z', location: at('W01001100', 51.6) }),
      incidentBody({ category: 'drugs', occurredAt: '2025-12-04T10:00:00Z', location: at('W01001101', 51.61) }),
      incidentBody({ category: 'drugs', occurredAt: undefined, occurredMonth: '2025-10', location: null }),
    ]);
    const get = (q: string, accept = 'application/json') =>
      api(other.auth)
        .get(`${intakeOf('cwm-taf')}/incident-summary?${q}`)
        .set('accept', accept);
    const byLsoa = keep(await get('by=lsoa'));
    assert.equal(byLsoa.status, 200, JSON.stringify(byLsoa.body));
    assert.deepEqual(byLsoa.body.items, [
      { key: 'W01001100', count: 2 },
      { key: 'W01001101', count: 1 },
      { key: null, count: 1 },
    ]);
    assert.equal(byLsoa.body.total, 4);
    assert.deepEqual(keep(await get('by=month&from=2025-11')).body.items, [
      { key: '2025-11', count: 1 },
      { key: '2025-12', count: 2 },
    ]);
    assert.deepEqual(keep(await get('by=category&to=2025-11')).body.items, [
      { key: 'burglary', count: 1 },
      { key: 'drugs', count: 1 },
    ]);
    assert.deepEqual(keep(await get('by=ward&category=drugs')).body.items, [
      { key: 'W05000700', count: 1 },
      { key: null, count: 1 },
    ]);
    const geo = keep(await get('by=lsoa', 'application/geo+json'));
    assert.match(entryOf(geo.headers, 'content-type'), /^application\/geo\+json/);
    assert.equal(geo.body.type, 'FeatureCollection');
    assert.equal(geo.body.features.length, 2);
    assert.deepEqual(geo.body.features[0].geometry, { type: 'Point', coordinates: [-3.37, 51.6] });
    assert.deepEqual(geo.body.features[0].properties, { lsoaCode: 'W01001100', wardCode: 'W05000700', count: 2, byCategory: { burglary: 2 } });
    assert.ok(!JSON.stringify(geo.body).includes('On or near'));
    assert.equal((await get('by=street')).status, 400);
  });

  it("counts a problem's baseline and impact from the incidents at its locations, refusing periods of different lengths", async () => {
    const ward = { wardCode: 'W05000999', label: 'Somewhere in the ward' };
    await pushIncidents(t, 'cardiff', key, [
      ...['2025-08-05', '2025-09-05', '2025-10-05'].map((d) =>
        incidentBody({ category: 'burglary', occurredAt: `${d}T10:00:00Z`, location: ward, subjects: [] }),
      ),
      incidentBody({ category: 'burglary', occurredAt: undefined, occurredMonth: '2025-12', location: ward, subjects: [] }),
      incidentBody({ category: 'drugs', occurredAt: '2025-12-20T10:00:00Z', location: ward, subjects: [] }),
      incidentBody({ category: 'burglary', occurredAt: '2025-12-21T10:00:00Z', location: { wardCode: 'W05000998' }, subjects: [] }),
    ]);
    const { id, responseId } = await insertProblem(t, 'cardiff', 'assessment', { agencyId: await agencyOf(t, 'cardiff') });
    const problems = `/api/v1/partnerships/cardiff/problems/${id}`;
    const counted = { categories: ['burglary'] };
    const analysis = keep(
      await api(analyst.auth)
        .put(`${problems}/analysis`)
        .send({ triangle: TRIANGLE, baseline: { measure: 'Burglaries in the ward', periodStart: '2025-08-01', periodEnd: '2025-10-31', counted } }),
    );
    assert.equal(analysis.status, 200, JSON.stringify(analysis.body));
    assert.deepEqual(analysis.body.analysis.baseline, {
      measure: 'Burglaries in the ward',
      periodStart: '2025-08-01',
      periodEnd: '2025-10-31',
      value: 3,
      counted,
    });
    const impact = (periodEnd: string) => ({ measure: 'Burglaries in the ward', periodStart: '2025-11-01', periodEnd, counted, result: 'reduced' });
    const shorter = await api(analyst.auth)
      .put(`${problems}/evaluation`)
      .send(evaluationBody([responseId!], { impact: impact('2026-01-30') }));
    expectProblem(shorter, 422, '/counted-period-mismatch');
    assert.deepEqual([shorter.body.baselineDays, shorter.body.impactDays], [92, 91]);
    const other = await api(analyst.auth)
      .put(`${problems}/evaluation`)
      .send(evaluationBody([responseId!], { impact: { ...impact('2026-01-31'), counted: { categories: ['drugs'] } } }));
    expectProblem(other, 422, '/counted-measure-mismatch');
    const evaluated = keep(
      await api(analyst.auth)
        .put(`${problems}/evaluation`)
        .send(evaluationBody([responseId!], { impact: impact('2026-01-31') })),
    );
    assert.equal(evaluated.status, 200, JSON.stringify(evaluated.body));
    assert.equal(evaluated.body.evaluation.impact.value, 1);
    assert.deepEqual(evaluated.body.evaluation.impact.counted, counted);
    assert.equal(evaluated.body.evaluation.change.absolute, -2);
    assert.equal(evaluated.body.evaluation.change.baselineDays, evaluated.body.evaluation.change.impactDays);
    // A counted impact needs a counted baseline.
    const plain = await insertProblem(t, 'cardiff', 'assessment', { agencyId: await agencyOf(t, 'cardiff') });
    await api(analyst.auth)
      .put(`/api/v1/partnerships/cardiff/problems/${plain.id}/analysis`)
      .send({ triangle: TRIANGLE, baseline: { measure: 'Burglaries', periodStart: '2025-08-01', periodEnd: '2025-10-31', value: 7 } });
    const uncounted = await api(analyst.auth)
      .put(`/api/v1/partnerships/cardiff/problems/${plain.id}/evaluation`)
      .send(evaluationBody([plain.responseId!], { impact: impact('2026-01-31') }));
    expectProblem(uncounted, 422, '/baseline-not-counted');
  });

  it('shows another partnership none of it: 404 for the incident, empty lists', async () => {
    const created = keep(
      await api(key)
        .post(`${intakeOf('cardiff')}/incidents`)
        .send(incidentBody({ sourceSystem: 'isolated' })),
    );
    const other = await member(t, 'newport', 'admin');
    const res = await api(other.auth).get(`${intakeOf('newport')}/incidents/${created.body.id}`);
    assert.equal(res.status, 404);
    const list = await api(other.auth).get(`${intakeOf('newport')}/incidents?sourceSystem=isolated`);
    assert.deepEqual(list.body.items, []);
    const cross = await api(other.auth).get(`${intakeOf('cardiff')}/incidents`);
    assert.equal(cross.status, 404);
    // The same external id in another partnership is another incident.
    const otherKey = (await apiKey(t, 'newport', other.auth, ['incidents:write'])).key;
    const same = await api(otherKey)
      .post(`${intakeOf('newport')}/incidents`)
      .send({ ...incidentBody({ sourceSystem: 'isolated' }), externalId: created.body.externalId });
    assert.equal(same.status, 201);
    assert.notEqual(same.body.id, created.body.id);
  });

  it('refuses callers without the scope or role', async () => {
    const reader = (await apiKey(t, 'cardiff', admin.auth, ['incidents:read'])).key;
    assert.equal(
      (
        await api(reader)
          .post(`${intakeOf('cardiff')}/incidents`)
          .send(incidentBody())
      ).status,
      403,
    );
    assert.equal((await api(reader).get(`${intakeOf('cardiff')}/incidents`)).status, 200);
    const problemsKey = (await apiKey(t, 'cardiff', admin.auth, ['problems:read'])).key;
    assert.equal((await api(problemsKey).get(`${intakeOf('cardiff')}/incidents`)).status, 403);
    const viewer = await member(t, 'cardiff', 'viewer');
    assert.equal(
      (
        await api(viewer.auth)
          .post(`${intakeOf('cardiff')}/incidents`)
          .send(incidentBody())
      ).status,
      403,
    );
  });
});
