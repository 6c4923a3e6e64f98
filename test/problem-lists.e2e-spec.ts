import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { firstOf } from '@app/testing';
import { agencyOf, apiKey, member, partnershipId } from './support/identity';
import { expectProblem } from './support/problem-details';
import { arrangeStrategy, createProblem, problemAt, problemsOf, TRIANGLE } from './support/problems';
import { client } from './support/http';
import { useArranged, useTestApp } from './support/app';

const CARDIFF = problemsOf('cardiff');
/** The partnership the list test arranges its own problems in: no other test writes there. */
const TORFAEN = problemsOf('torfaen');

describe('the problem list', () => {
  // Tokens that outlive the clock moves below.
  const t = useTestApp({ env: { AUTH_TOKEN_TTL_SECONDS: '86400' } });
  /**
   * Cardiff's analyst and viewer (bearer header values), an API key that reads
   * problems (unlike tokens, it does not expire when the clock jumps months),
   * its police agency and its control strategy.
   */
  const cardiff = useArranged(async () => {
    const police = await agencyOf(t, 'cardiff', 'police');
    const analyst = (await member(t, 'cardiff', 'analyst')).auth;
    const viewer = (await member(t, 'cardiff', 'viewer')).auth;
    const key = (await apiKey(t, 'cardiff', (await member(t, 'cardiff', 'admin')).auth, ['problems:read'])).key;
    return { police, analyst, viewer, key, strategy: await arrangeStrategy(t, 'cardiff') };
  });
  /** Title -> id of the problems arranged in before(). */
  const ids: Record<string, string> = {};

  const titles = async (query: string, auth = cardiff.viewer): Promise<string[]> => {
    const res = await client(t, auth).get(`${CARDIFF}?limit=100&${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as { title: string }[]).map((p) => p.title).sort();
  };

  beforeAll(async () => {
    const arrange = async (title: string, overrides: Record<string, unknown>) => {
      ids[title] = (await createProblem(t, 'cardiff', cardiff.analyst, { title, ...overrides })).id;
    };
    await arrange('Shop shutters damaged on the parade', {
      description: 'Criminal damage to shutters most weekends',
      category: 'criminal-damage-and-arson',
      source: 'complaint',
      locations: [{ code: 'W05001289', label: 'Butetown' }],
      controlStrategyPriorityId: cardiff.strategy.current[0],
    });
    await arrange('Drug litter in the park', {
      description: 'Needles found near the play area',
      category: 'substance-misuse',
      source: 'environmental_visual_audit',
      locations: [
        { code: 'W05001290', label: 'Grangetown' },
        { code: 'CDF-PARK-3', label: 'Grange Gardens' },
      ],
      plannedAssessmentDate: '2026-01-14',
    });
    await arrange('Speeding outside the primary school', {
      description: 'Parents report cars racing at pick-up time',
      category: 'road-safety',
      source: 'community_engagement',
      locations: [{ label: 'Ninian Park Road' }],
      plannedAssessmentDate: '2026-01-15',
      controlStrategyPriorityId: cardiff.strategy.current[1],
    });
    await arrange('Hate graffiti on the community centre', {
      description: 'Repeated racist graffiti',
      category: 'hate-crime',
      source: 'community_intelligence',
      locations: [{ code: 'W05001289', label: 'Butetown community centre' }],
      plannedAssessmentDate: '2026-01-16',
    });
    const { problem } = await problemAt(t, 'cardiff', cardiff.analyst, 'closed', cardiff.police, {
      title: 'Closed with an evaluation, date passed',
      description: 'Bike thefts from the station racks',
      plannedAssessmentDate: '2026-01-10',
    });
    ids['Closed with an evaluation, date passed'] = problem.id;
    const { problem: analysed } = await problemAt(t, 'cardiff', cardiff.analyst, 'analysis', cardiff.police, {
      title: 'At analysis, triangle written',
      description: 'Fly-posting on the arcade',
      plannedAssessmentDate: null,
    });
    ids['At analysis, triangle written'] = analysed.id;
    // A legacy record imported as closed, with no evaluation.
    const legacy = await createProblem(t, 'cardiff', cardiff.analyst, {
      title: 'Legacy record closed without evaluation',
      description: 'Imported from the previous system',
    });
    ids['Legacy record closed without evaluation'] = legacy.id;
    await t.db.query(`UPDATE problems SET stage = 'closed' WHERE id = $1`, [legacy.id]);
    // Another partnership's problem never shows.
    await createProblem(t, 'newport', (await member(t, 'newport', 'analyst')).auth, { title: 'Newport problem about shutters' });
  });

  it("lists the partnership's problems newest first, without the triangle, responses or evaluation", async () => {
    const own = { analyst: (await member(t, 'torfaen', 'analyst')).auth, viewer: (await member(t, 'torfaen', 'viewer')).auth };
    const agency = await agencyOf(t, 'torfaen', 'police');
    for (const title of ['Shutters damaged', 'Drug litter', 'Speeding', 'Graffiti', 'Fly-tipping'])
      await createProblem(t, 'torfaen', own.analyst, { title, plannedAssessmentDate: '2026-01-16' });
    await problemAt(t, 'torfaen', own.analyst, 'analysis', agency, { title: 'At analysis, triangle written' });
    const { problem: closedOne } = await problemAt(t, 'torfaen', own.analyst, 'closed', agency, { title: 'Closed with an evaluation' });
    const res = await client(t, own.viewer).get(`${TORFAEN}?limit=100`).expect(200);
    const refs = (res.body.items as { reference: string }[]).map((p) => Number(p.reference.slice(-4)));
    assert.deepEqual(
      refs,
      [...refs].sort((a, b) => b - a),
    );
    assert.equal(res.body.items.length, 7);
    assert.equal(res.body.nextCursor, null);
    const closed = res.body.items.find((p: { id: string }) => p.id === closedOne.id);
    assert.equal(closed.evaluated, true);
    for (const item of res.body.items) {
      for (const key of ['analysis', 'responses', 'evaluation', 'triangle']) assert.ok(!(key in item), `the list carries no ${key}`);
    }
    const text = JSON.stringify(res.body);
    for (const secret of Object.values(TRIANGLE)) assert.ok(!text.includes(secret), 'no triangle text in the list');
    // Analysts get the same list: the triangle is never in it.
    assert.ok(!JSON.stringify((await client(t, own.analyst).get(`${TORFAEN}?limit=100`)).body).includes(TRIANGLE.offender));
  });

  it('filters by stage, category, source, priority and location code', async () => {
    assert.deepEqual(await titles('stage=analysis'), ['At analysis, triangle written']);
    assert.deepEqual(await titles('stage=closed'), ['Closed with an evaluation, date passed', 'Legacy record closed without evaluation']);
    assert.deepEqual(await titles('category=road-safety'), ['Speeding outside the primary school']);
    assert.deepEqual(await titles('source=environmental_visual_audit'), ['Drug litter in the park']);
    assert.deepEqual(await titles(`priorityId=${cardiff.strategy.current[0]}`), ['Shop shutters damaged on the parade']);
    assert.deepEqual(await titles(`priorityId=${cardiff.strategy.current[1]}`), ['Speeding outside the primary school']);
    assert.deepEqual(await titles(`priorityId=${cardiff.strategy.old}`), []);
    assert.deepEqual(await titles('locationCode=W05001289'), ['Hate graffiti on the community centre', 'Shop shutters damaged on the parade']);
    assert.deepEqual(await titles('locationCode=cdf-park-3'), ['Drug litter in the park']);
    assert.deepEqual(await titles('locationCode=W05001289&category=hate-crime'), ['Hate graffiti on the community centre']);
    assert.deepEqual(await titles('stage=scanning&source=complaint&category=road-safety'), []);
    for (const bad of ['stage=archived', 'source=rumour', 'priorityId=nope', 'unevaluated=yes', 'limit=101', 'cursor=%%%', 'colour=red']) {
      expectProblem(await client(t, cardiff.viewer).get(`${CARDIFF}?${bad}`), 400, 'validation');
    }
  });

  it('finds unevaluated problems: planned assessment date passed (Europe/London) with no evaluation, or closed without one', async () => {
    // 2026-01-15T10:00Z: the 14th has passed, the 15th has not.
    assert.deepEqual(await titles('unevaluated=true'), ['Drug litter in the park', 'Legacy record closed without evaluation']);
    try {
      const flags = Object.fromEntries(
        ((await client(t, cardiff.viewer).get(`${CARDIFF}?limit=100`)).body.items as { title: string; unevaluated: boolean }[]).map((p) => [
          p.title,
          p.unevaluated,
        ]),
      );
      assert.equal(flags['Drug litter in the park'], true);
      assert.equal(flags['Speeding outside the primary school'], false);
      assert.equal(flags['Closed with an evaluation, date passed'], false);
      assert.equal((await titles('unevaluated=false')).length, 5);
      // Midnight in London on the 16th (00:30 GMT): the 15th has passed.
      t.clock.set('2026-01-16T00:30:00Z');
      assert.deepEqual(await titles('unevaluated=true'), [
        'Drug litter in the park',
        'Legacy record closed without evaluation',
        'Speeding outside the primary school',
      ]);
      const one = await client(t, cardiff.viewer).get(`${CARDIFF}/${ids['Speeding outside the primary school']}`).expect(200);
      assert.equal(one.body.unevaluated, true);
    } finally {
      t.clock.set('2026-01-15T10:00:00Z');
    }
  });

  it('judges "passed" on the London date in summer time too', async () => {
    const problem = await createProblem(t, 'cardiff', cardiff.analyst, { title: 'Summer problem', plannedAssessmentDate: '2026-07-01' });
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    t.clock.set('2026-07-01T23:30:00Z');
    try {
      assert.ok((await titles('unevaluated=true', cardiff.key)).includes('Summer problem'));
      t.clock.set('2026-07-01T22:30:00Z');
      assert.ok(!(await titles('unevaluated=true', cardiff.key)).includes('Summer problem'));
    } finally {
      t.clock.set('2026-01-15T10:00:00Z');
      await t.db.query('DELETE FROM problems WHERE id = $1', [problem.id]);
    }
  });

  it('searches title and description as English text, or finds a reference', async () => {
    assert.deepEqual(await titles('q=shutter'), ['Shop shutters damaged on the parade']);
    assert.deepEqual(await titles('q=needle'), ['Drug litter in the park']);
    assert.deepEqual(await titles('q=racing%20cars'), ['Speeding outside the primary school']);
    assert.deepEqual(await titles(`q=${encodeURIComponent('"primary school" -graffiti')}`), ['Speeding outside the primary school']);
    assert.deepEqual(await titles('q=graffiti%20or%20litter'), ['Drug litter in the park', 'Hate graffiti on the community centre']);
    assert.deepEqual(await titles('q=burglary'), []);
    assert.deepEqual(await titles(`q=${encodeURIComponent(TRIANGLE.manager)}`), [], 'the triangle is not searched');
    const { reference } = firstOf(await t.db.query<{ reference: string }>('SELECT reference FROM problems WHERE id = $1', [ids['Drug litter in the park']]));
    assert.deepEqual(await titles(`q=${reference.toLowerCase()}`), ['Drug litter in the park']);
    assert.deepEqual(await titles('q=shutter&category=hate-crime'), []);
  });

  it('pages by keyset: pages stay stable while problems are added between them', async () => {
    const first = await client(t, cardiff.viewer).get(`${CARDIFF}?limit=3`).expect(200);
    assert.equal(first.body.items.length, 3);
    assert.ok(first.body.nextCursor);
    // New problems arrive while the reader pages (removed at the end: the other tests count the arranged problems).
    const arrived = [
      (await createProblem(t, 'cardiff', cardiff.analyst, { title: 'Arrived between pages one' })).id,
      (await createProblem(t, 'cardiff', cardiff.analyst, { title: 'Arrived between pages two' })).id,
    ];
    try {
      const second = await client(t, cardiff.viewer).get(`${CARDIFF}?limit=3&cursor=${first.body.nextCursor}`).expect(200);
      const third = await client(t, cardiff.viewer).get(`${CARDIFF}?limit=3&cursor=${second.body.nextCursor}`).expect(200);
      assert.equal(third.body.nextCursor, null);
      const seen = [...first.body.items, ...second.body.items, ...third.body.items].map((p: { id: string }) => p.id);
      assert.equal(new Set(seen).size, seen.length, 'no problem twice');
      assert.deepEqual(new Set(seen), new Set(Object.values(ids)), 'every problem that existed when paging began, none that arrived since');
      // Filters page the same way.
      const a = await client(t, cardiff.viewer).get(`${CARDIFF}?limit=1&locationCode=W05001289`).expect(200);
      const b = await client(t, cardiff.viewer).get(`${CARDIFF}?limit=1&locationCode=W05001289&cursor=${a.body.nextCursor}`).expect(200);
      assert.deepEqual(
        [a.body.items[0].title, b.body.items[0].title, b.body.nextCursor],
        ['Hate graffiti on the community centre', 'Shop shutters damaged on the parade', null],
      );
    } finally {
      await t.db.query('DELETE FROM problems WHERE id = ANY($1)', [arrived]);
    }
  });

  it('backs every filter with an index (query plans over 5,000 problems of another partnership)', async () => {
    // Realistic volumes, so the planner's choices mean something: most problems
    // are evaluated or not yet due, few are linked to a given priority or place.
    const pid = await partnershipId(t, 'swansea');
    const priority = '018f0000-0000-7000-8000-00000000abcd';
    await t.db.query(
      `INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, control_strategy_priority_id, stage, stage_changed_at, planned_assessment_date, evaluated_at)
       SELECT gen_random_uuid(), $1, g, 'SWA-P-' || lpad(g::text, 4, '0'), 'Problem ' || g,
              CASE WHEN g % 500 = 0 THEN 'Shutters damaged again' ELSE 'Reports of nuisance' END,
              (ARRAY['anti-social-behaviour','vawdasv','substance-misuse','acquisitive-crime','criminal-damage-and-arson','hate-crime','serious-violence','exploitation','road-safety','environmental'])[g % 10 + 1],
              (ARRAY['community_engagement','monitoring','referral','strategic_assessment','community_intelligence','partner_intelligence','environmental_visual_audit','complaint','asb_case_review'])[g % 9 + 1],
              CASE WHEN g % 50 = 0 THEN $2::uuid END,
              (ARRAY['scanning','analysis','response','assessment','closed'])[g % 5 + 1], now(),
              CASE WHEN g % 100 = 0 THEN DATE '2025-12-01' ELSE DATE '2026-12-01' END,
              CASE WHEN g % 100 = 0 OR (g % 5 = 4 AND g % 7 = 0) THEN NULL ELSE now() END
       FROM generate_series(1, 5000) g`,
      [pid, priority],
    );
    await t.db.query(
      `INSERT INTO problem_locations (id, partnership_id, problem_id, position, code, label)
       SELECT gen_random_uuid(), partnership_id, id, 1, 'W05' || lpad((number % 400)::text, 6, '0'), 'Ward' FROM problems WHERE partnership_id = $1`,
      [pid],
    );
    // As autovacuum would (it also moves the GIN index's pending entries into the index).
    await t.db.query('VACUUM ANALYZE problems');
    await t.db.query('ANALYZE problem_locations');
    const list = (where: string) => `SELECT p.id FROM problems p WHERE p.partnership_id = $1 AND ${where} ORDER BY p.number DESC LIMIT 26`;
    const plans: [string, string, unknown[]][] = [
      ['ix_problems_partnership_stage_number', list(`p.stage = 'analysis'`), [pid]],
      ['ix_problems_partnership_category_number', list(`p.category = 'road-safety'`), [pid]],
      ['ix_problems_partnership_source_number', list(`p.source = 'complaint'`), [pid]],
      ['ix_problems_partnership_priority_number', list('p.control_strategy_priority_id = $2'), [pid, priority]],
      [
        'ix_problem_locations_partnership_code',
        list(`EXISTS (SELECT 1 FROM problem_locations l WHERE l.partnership_id = p.partnership_id AND l.code = 'W05000123' AND l.problem_id = p.id)`),
        [pid],
      ],
      ['ix_problems_unevaluated', list(`p.evaluated_at IS NULL AND (p.stage = 'closed' OR p.planned_assessment_date < '2026-01-15')`), [pid]],
      ['ix_problems_search', list(`p.search @@ websearch_to_tsquery('english', 'shutters')`), [pid]],
      ['uq_problems_partnership_number', list('p.number < 2500'), [pid]],
    ];
    for (const [index, sql, params] of plans) {
      const plan = (await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      assert.ok(plan.includes(index), `${index} backs: ${sql}\n${plan}`);
      assert.ok(!/Seq Scan on problems\b/.test(plan), `no sequential scan: ${sql}\n${plan}`);
    }
  });
});
