import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { CrossPartnershipHost, uuidv7 } from '@app/core';
import { FiguresService } from '@app/domain/accountability';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { figure, type Json } from './support/accountability';
import { agencyOf, createUser, member, partnershipId, platformAdmin } from './support/identity';
import { arrangePartnership, type ArrangedPartnership } from './support/partnerships';
import { runCli } from './support/processes';
import { expectProblem } from './support/problem-details';
import { client, tokenNow } from './support/http';

const Q1 = 'from=2026-01-01&to=2026-03-31';

/**
 * A partnership of two councils like Cwm Taf (Rhondda Cynon Taf and Merthyr
 * Tydfil), Q1 2026, judged on 2026-04-10. Computed by hand:
 * - incidents in Q1: anti-social-behaviour 2 and public-order 1 (group
 *   anti-social-behaviour 3), burglary 2 (acquisitive-crime), other-crime 1
 *   (other): 6; one in December left out. Part of a repeat: the two ASB at
 *   location L1 inside the repeat_location nomination's window (the third at
 *   L1, on 10 March, is after it), and one burglary whose victim has a
 *   repeat_victim nomination: 3 of 6. Q1 2025: 5 incidents, so +20%.
 * - engagements in Q1: 3 (areas W05000001 x2, W05000002, W05000003); one in
 *   December left out. Issues raised at them: 6, answered 5, after 2, 4, 10,
 *   30 and 7 days: median 7.
 * - intelligence reported in Q1: P 1-A (community member), P 2-B
 *   (community member), P 2-B (no source): 3; and a C-coded 1-A that is
 *   never counted.
 */
async function arrange(t: TestApp, code: string): Promise<void> {
  const pid = await partnershipId(t, code);
  const council = await agencyOf(t, code, 'local_authority');
  const incident = async (category: string, on: string, locationKey: string | null = null, victim: string | null = null) => {
    const id = uuidv7();
    await t.db.query(
      `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, occurred_at, month_only, occurred_month, occurred_on, location_key, content_hash)
       VALUES ($1::uuid, $2, 'figures', $1::text, $3, ($4::date + time '12:00') AT TIME ZONE 'Europe/London', false, date_trunc('month', $4::date)::date, $4::date, $5, 'x')`,
      [id, pid, category, on, locationKey],
    );
    if (victim)
      await t.db.query(`INSERT INTO incident_subjects (incident_id, role, subject_hash, partnership_id, occurred_on) VALUES ($1, 'victim', $2, $3, $4)`, [
        id,
        victim,
        pid,
        on,
      ]);
  };
  await incident('anti-social-behaviour', '2026-01-05', 'L1');
  await incident('anti-social-behaviour', '2026-02-20', 'L1');
  await incident('public-order', '2026-03-10', 'L1');
  await incident('burglary', '2026-01-20', 'L2', 'V1');
  await incident('burglary', '2026-02-02', 'L3', 'V2');
  await incident('other-crime', '2026-03-31');
  await incident('burglary', '2025-12-31', 'L1');
  for (const on of ['2025-01-01', '2025-02-01', '2025-02-15', '2025-03-01', '2025-03-31']) await incident('drugs', on);
  const nomination = async (kind: string, cause: string, start: string, end: string) =>
    t.db.query(
      `INSERT INTO nominations (id, partnership_id, kind, cause_key, window_start, window_end, title, category, evidence_count) VALUES ($1, $2, $3, $4, $5, $6, 'Repeat', 'burglary', 3)`,
      [uuidv7(), pid, kind, cause, start, end],
    );
  await nomination('repeat_location', 'L1', '2025-12-01', '2026-02-20');
  await nomination('repeat_victim', 'V1', '2026-01-01', '2026-01-31');
  // A nomination of another location does not make V2's burglary a repeat.
  await nomination('repeat_location', 'L9', '2026-01-01', '2026-03-31');

  const engagement = async (heldOn: string, areas: string[]) => {
    const id = uuidv7();
    await t.db.query(
      `INSERT INTO engagements (id, partnership_id, held_on, kind, title, area_codes, created_by_type) VALUES ($1, $2, $3, 'pact_meeting', 'PACT meeting', $4::text[], 'system')`,
      [id, pid, heldOn, areas],
    );
    return id;
  };
  const e1 = await engagement('2026-01-10', ['W05000001', 'W05000002']);
  const e2 = await engagement('2026-02-14', ['W05000001']);
  const e3 = await engagement('2026-03-20', ['W05000003']);
  const e0 = await engagement('2025-12-15', ['W05000001']);
  const issue = async (engagementId: string, raisedOn: string, answeredAt: string | null) =>
    t.db.query(
      `INSERT INTO engagement_issues (id, partnership_id, engagement_id, raised_on, category, area_code, what_was_said, raised_by_count, created_by_type, answer_text, answered_at, answer_agency_id)
       VALUES ($1, $2, $3, $4, 'anti-social-behaviour', 'W05000001', 'Said at the meeting', 1, 'system', $5, $6, $7)`,
      [uuidv7(), pid, engagementId, raisedOn, answeredAt ? 'Patrols added' : null, answeredAt, answeredAt ? council : null],
    );
  await issue(e1, '2026-01-10', '2026-01-12T10:00:00Z');
  await issue(e1, '2026-01-10', '2026-01-14T10:00:00Z');
  await issue(e1, '2026-01-10', '2026-01-20T23:30:00Z'); // 20 January in London
  await issue(e2, '2026-02-14', '2026-03-16T10:00:00Z');
  await issue(e2, '2026-02-14', '2026-02-21T10:00:00Z');
  await issue(e3, '2026-03-20', null);
  await issue(e0, '2025-12-15', '2025-12-16T10:00:00Z');

  const source = uuidv7();
  await t.db.query(
    `INSERT INTO intelligence_sources (id, partnership_id, number, handle, kind, created_by_type) VALUES ($1, $2, 1, 'CT-S-0001', 'community_member', 'system')`,
    [source, pid],
  );
  const item = async (grade: [number, string], code: 'P' | 'C', sourceId: string | null) =>
    t.db.query(
      `INSERT INTO intelligence_items (id, partnership_id, reported_on, category, content, source_evaluation, intelligence_assessment, handling_code, handling_conditions, source_id, created_by_type)
       VALUES ($1, $2, '2026-02-01', 'drugs', 'Dealing seen near the park', $3, $4, $5, $6, $7, 'system')`,
      [uuidv7(), pid, grade[0], grade[1], code, code === 'C' ? JSON.stringify({ text: 'Police only', roles: ['admin'] }) : null, sourceId],
    );
  await item([1, 'A'], 'P', source);
  await item([2, 'B'], 'P', source);
  await item([2, 'B'], 'P', null);
  await item([1, 'A'], 'C', source);
}

/** A partnership of one council (like Bridgend) with 6 burglaries and 6 ASB in Q1, large enough to be shown outside the partnership. */
async function arrangeLarge(t: TestApp): Promise<ArrangedPartnership> {
  const large = await arrangePartnership(t, ['Bridgend']);
  for (const [i, category] of [...Array(6).fill('burglary'), ...Array(6).fill('anti-social-behaviour')].entries()) {
    await t.db.query(
      `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, occurred_at, month_only, occurred_month, occurred_on, content_hash)
       VALUES ($1::uuid, $2, 'figures', $1::text, $3, '2026-02-10T12:00:00Z', false, '2026-02-01', '2026-02-10', $4)`,
      [uuidv7(), large.id, category, `b${i}`],
    );
  }
  return large;
}

describe('incident and community figures among the hallmark figures', () => {
  let t: TestApp;
  let w: TestWorker;
  let admin: string;
  const file = join(tmpdir(), `populations-${process.pid}.csv`);

  const loadCsv = (csv: string) => client(t, admin).post('/api/v1/populations').set('content-type', 'text/csv').send(csv);
  const load = async (csv: string) => {
    const res = await loadCsv(csv);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res;
  };

  /** A two-council partnership of the test's own, arranged as above (no population loaded), and its chair. */
  const arrangeCwmTaf = async () => {
    const p = await arrangePartnership(t, ['Rhondda Cynon Taf', 'Merthyr Tydfil']);
    await arrange(t, p.code);
    const chair = await tokenNow(t, (await member(t, p.code, 'chair')).user.id);
    const [rct, merthyr] = p.councils as [string, string];
    const figures = async () => {
      const res = await client(t, chair).get(`/api/v1/partnerships/${p.code}/figures?${Q1}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as Json;
    };
    return { ...p, rct, merthyr, chair, figures };
  };
  type CwmTaf = Awaited<ReturnType<typeof arrangeCwmTaf>>;
  /** Rhondda Cynon Taf's estimates for 2025 and 2027, an English council's and another partnership's council's. */
  const firstEstimates = (p: CwmTaf, other: string) =>
    `code,name,year,population\n${p.rct},Rhondda Cynon Taf,2025,240000\nE06000001,Hartlepool,2025,92000\n${p.rct},Rhondda Cynon Taf,2027,250000\n${other},Bridgend,2025,150000\n`;
  /** RCT 2025 (240,000) and Merthyr 2024 (60,000): 300,000 residents in 2026. */
  const loadBothCouncils = (p: CwmTaf) => load(`code,name,year,population\n${p.rct},Rhondda Cynon Taf,2025,240000\n${p.merthyr},Merthyr Tydfil,2024,60000\n`);

  beforeAll(async () => {
    t = await createTestApp({ env: { FIGURES_REFRESH_MINUTES: '1440', PACK_SCAN_INTERVAL_SECONDS: '3600' } });
    w = await createTestWorker({ environment: t });
    t.clock.set('2026-04-10T10:00:00Z');
    admin = await tokenNow(t, (await platformAdmin(t)).user.id);
  });
  afterAll(async () => {
    await rm(file, { force: true });
    await w.close();
    await t.close();
  });

  it('counts incidents by category group, the repeat share and the change on last year', async () => {
    const body = await (await arrangeCwmTaf()).figures();
    const total = figure(body.hallmarks, 'incidents_recorded');
    assert.deepEqual([total.value, total.sufficientData, total.hallmark], [6, true, 'intelligence_led']);
    const group = (g: string) => figure(body.hallmarks, `incidents_by_group:${g}`).value;
    assert.deepEqual(['anti-social-behaviour', 'acquisitive-crime', 'other', 'substance-misuse'].map(group), [3, 2, 1, 0]);
    const repeat = figure(body.hallmarks, 'incidents_repeat_share');
    assert.deepEqual([repeat.value, repeat.numerator, repeat.denominator, repeat.sufficientData], [0.5, 3, 6, true]);
    const change = figure(body.hallmarks, 'incidents_change_on_last_year');
    assert.ok(Math.abs(change.value - 0.2) < 1e-9, String(change.value));
    assert.equal(change.sufficientData, true);
    assert.equal(figure(body.quarters[0].hallmarks, 'incidents_recorded').value, 6);
  });

  it('has no rate per 1,000 residents until every council has a population', async () => {
    const p = await arrangeCwmTaf();
    const other = await arrangePartnership(t, ['Bridgend']);
    const before = figure((await p.figures()).hallmarks, 'incidents_per_1000');
    assert.deepEqual([before.value, before.sufficientData, before.unit], [null, false, 'per_1000']);
    assert.match(before.definition, /mid-year estimate/);

    const res = await loadCsv(firstEstimates(p, other.councils[0]!));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { loaded: 3, skipped: 1, skippedCodes: ['E06000001'] });
    const half = figure((await p.figures()).hallmarks, 'incidents_per_1000');
    assert.deepEqual([half.value, half.sufficientData], [null, false], 'Merthyr Tydfil has no population yet');
  });

  it('loads populations from the CLI too, and then gives the rate from the latest estimate of the year or before', async () => {
    const p = await arrangeCwmTaf();
    const [other] = (await arrangePartnership(t, ['Bridgend'])).councils as [string];
    const { seq } = firstOf(await t.db.query<{ seq: string }>(`SELECT COALESCE(max(seq), 0) AS seq FROM audit_events`));
    await load(firstEstimates(p, other));
    await writeFile(file, `code,name,year,population\n${p.merthyr},Merthyr Tydfil,2024,60000\n`);
    const out = runCli(t, 'load-populations', file);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /loaded 1 population row\(s\)/);
    // RCT 2025 (240,000; its 2027 estimate is after the period) + Merthyr 2024 (60,000): 6 incidents per 300,000.
    const rate = figure((await p.figures()).hallmarks, 'incidents_per_1000');
    assert.deepEqual([rate.value, rate.numerator, rate.denominator, rate.sufficientData], [0.02, 6, 300000, true]);
    const audit = await t.db.query<{ action: string; details: Json }>(
      `SELECT action, details FROM audit_events WHERE action = 'populations.loaded' AND seq > $1 ORDER BY seq`,
      [seq],
    );
    assert.deepEqual(
      audit.map((a) => [a.details.loaded, a.details.skipped]),
      [
        [3, 1],
        [1, 0],
      ],
      'each load is audited',
    );
    const list = (await client(t, admin).get('/api/v1/populations').expect(200)).body.items;
    assert.deepEqual(
      list.filter((e: Json) => [p.rct, p.merthyr, other].includes(e.code)).map((e: Json) => [e.code, e.year, e.population]),
      [
        [p.rct, 2025, 240000],
        [p.rct, 2027, 250000],
        [p.merthyr, 2024, 60000],
        [other, 2025, 150000],
      ],
    );
  });

  it('refuses a bad population file whole, and anyone but a platform admin', async () => {
    const p = await arrangeCwmTaf();
    await load(`code,name,year,population\n${p.merthyr},Merthyr Tydfil,2024,60000\n`);
    const bad = await loadCsv(`code,name,year,population\n${p.merthyr},Merthyr Tydfil,2024,61000\n${p.rct},Rhondda Cynon Taf,20x5,240000\n`);
    expectProblem(bad, 400);
    assert.match(JSON.stringify(bad.body.errors), /line 3: year/);
    expectProblem(await loadCsv(`code,year\n${p.rct},2025\n`), 400);
    const { population } = firstOf(
      await t.db.query<{ population: number }>(`SELECT population FROM council_populations WHERE code = $1 AND year = 2024`, [p.merthyr]),
    );
    assert.equal(population, 60000, 'nothing of the refused file was written');
    expectProblem(await client(t, p.chair).post('/api/v1/populations').set('content-type', 'text/csv').send('code,name,year,population\n'), 403);
    expectProblem(await client(t, p.chair).get('/api/v1/populations'), 403);
  });

  it('surfaces the community figures under engaged communities, C-coded intelligence never counted', async () => {
    const body = await (await arrangeCwmTaf()).figures();
    const f = (key: string) => figure(body.hallmarks, key);
    assert.deepEqual([f('engagements_held').value, f('engagements_held').hallmark], [3, 'engaged_communities']);
    assert.deepEqual(
      ['W05000001', 'W05000002', 'W05000003'].map((a) => f(`engagements_held:area:${a}`).value),
      [2, 1, 1],
    );
    assert.equal(f('issues_raised').value, 6);
    assert.deepEqual([f('issues_answered_share').numerator, f('issues_answered_share').denominator, f('issues_answered_share').sufficientData], [5, 6, true]);
    assert.deepEqual([f('issues_answer_median_days').value, f('issues_answer_median_days').sufficientData], [7, true]);
    assert.equal(f('intelligence_items').value, 3);
    assert.deepEqual([f('intelligence_by_grade:1-A').value, f('intelligence_by_grade:2-B').value, f('intelligence_by_grade:3-E').value], [1, 2, 0]);
    assert.deepEqual([f('intelligence_by_source_kind:community_member').value, f('intelligence_by_source_kind:none').value], [2, 1]);
  });

  it('answers the new figures as CSV', async () => {
    const p = await arrangeCwmTaf();
    await loadBothCouncils(p);
    const res = await client(t, p.chair).get(`/api/v1/partnerships/${p.code}/figures?${Q1}`).set('accept', 'text/csv').expect(200);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    const row = (key: string) => rows.find((r) => r.period === 'period' && r.key === key)!;
    assert.deepEqual([row('incidents_per_1000').value, row('incidents_per_1000').unit, row('incidents_per_1000').denominator], ['0.02', 'per_1000', '300000']);
    assert.deepEqual([row('incidents_repeat_share').numerator, row('incidents_repeat_share').denominator], ['3', '6']);
    assert.deepEqual([row('issues_answer_median_days').value, row('intelligence_items').value], ['7', '3']);
    assert.ok(rows.some((r) => r.period === '2026-Q1' && r.key === 'incidents_by_group:acquisitive-crime' && r.value === '2'));
  });

  it('gives oversight the comparable figures only: suppressed small counts, no areas, no C-coded intelligence', async () => {
    const p = await arrangeCwmTaf();
    await loadBothCouncils(p);
    const large = await arrangeLarge(t);
    await load(`code,name,year,population\n${large.councils[0]},Bridgend,2025,150000\n`);
    await w.app.get(FiguresService).materialise(w.app.get(CrossPartnershipHost));
    const row = firstOf(
      await t.db.query<{ counts: Record<string, number> }>(`SELECT counts FROM figure_quarters WHERE partnership_id = $1 AND quarter_start = '2026-01-01'`, [
        p.id,
      ]),
    );
    assert.equal(row.counts['intelligence.items'], 3, 'the C-coded item is not materialised');
    assert.ok(!Object.keys(row.counts).some((k) => k.includes('@area:')), 'no aggregate below the partnership');
    assert.equal(row.counts['incidents.total'], 6);

    const board = await createUser(t);
    await client(t, admin).post('/api/v1/oversight-grants').send({ userId: board.id, allPartnerships: true }).expect(201);
    const body = (
      await client(t, await tokenNow(t, board.id))
        .get(`/api/v1/oversight/figures?${Q1}`)
        .expect(200)
    ).body;
    const mine = body.partnerships.find((o: Json) => o.code === p.code);
    const fig = (key: string) => mine.figures.find((f: Json) => f.key === key);
    const bridgend = body.partnerships.find((o: Json) => o.code === large.code).figures.find((f: Json) => f.key === 'incidents_per_1000');
    assert.deepEqual([bridgend.value, bridgend.numerator, bridgend.denominator, bridgend.rank, bridgend.rankOf], [0.08, 12, 150000, 1, 1]);
    assert.equal(bridgend.median, 0.08);
    // The incident groups (3, 2, 1) are all small, so whatever shows their total is suppressed too.
    for (const key of [
      'incidents_recorded',
      'incidents_per_1000',
      'incidents_change_on_last_year',
      'intelligence_items',
      'intelligence_by_grade:1-A',
      'intelligence_by_grade:2-B',
      'intelligence_by_source_kind:community_member',
      'engagements_held',
      'incidents_by_group:anti-social-behaviour',
      'incidents_repeat_share',
    ]) {
      assert.equal(fig(key).suppressed, true, key);
      assert.equal(fig(key).value, undefined, key);
    }
    assert.equal(fig('incidents_by_group:acquisitive-crime').suppressed, true);
    assert.equal(fig('incidents_by_group:other').suppressed, true);
    assert.equal(fig('incidents_by_group:substance-misuse').value, 0, 'zero is never suppressed');
    assert.equal(fig('issues_raised').value, 6);
    assert.ok(!mine.figures.some((f: Json) => f.key.startsWith('engagements_held:area:')), 'no figure per area');
    assert.ok(!JSON.stringify(body).includes('W05000001'));
  });
});
