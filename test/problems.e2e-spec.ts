import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { DEFAULT_PROBLEM_CATEGORIES } from '@app/domain/problems';
import { entryOf, firstOf, nth } from '@app/testing';
import { agencyOf, apiKey, bearersOf, member, partnershipId, platformAdmin } from './support/identity';
import { expectProblem } from './support/problem-details';
import { arrangeStrategy, createProblem, problemAt, problemBody, problemsOf, TRIANGLE } from './support/problems';
import { auditOf, count, outboxOf } from './support/database';
import { client, type Json } from './support/http';
import { useArranged, useTestApp } from './support/app';

const CARDIFF = problemsOf('cardiff');

describe('problem records', () => {
  const t = useTestApp();
  /** Cardiff's people (bearer header values), API keys, police agency and control strategy. */
  const cardiff = useArranged(async () => {
    const police = await agencyOf(t, 'cardiff', 'police');
    const people = await bearersOf(t, 'cardiff', ['analyst', 'chair', 'viewer']);
    const partner = (await member(t, 'cardiff', 'partner', police)).auth;
    const admin = (await member(t, 'cardiff', 'admin')).auth;
    const readKey = (await apiKey(t, 'cardiff', admin, ['problems:read'])).key;
    const writeKey = (await apiKey(t, 'cardiff', admin, ['problems:write'])).key;
    return { ...people, partner, admin, readKey, writeKey, police, strategy: await arrangeStrategy(t, 'cardiff') };
  });
  /** Newport's analyst (a bearer header value) and control strategy. */
  const newport = useArranged(async () => ({ analyst: (await member(t, 'newport', 'analyst')).auth, strategy: await arrangeStrategy(t, 'newport') }));

  describe('creating', () => {
    it("logs a problem at scanning with the partnership's next reference, an ETag, its locations and a history row", async () => {
      const first = await client(t, cardiff.analyst)
        .post(CARDIFF)
        .send(
          problemBody({
            locations: [
              { code: 'w05001289', label: ' Loudoun Square ' },
              { code: 'cdf-beat-12', label: 'Beat 12', lat: 51.47, lng: -3.17 },
            ],
          }),
        );
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const second = await createProblem(t, 'cardiff', cardiff.writeKey);
      const [a, b] = [first.body, second];
      assert.match(a.reference, /^CDF-P-\d{4}$/);
      assert.equal(Number(b.reference.slice(-4)), Number(a.reference.slice(-4)) + 1);
      assert.equal(first.headers.etag, `"${a.id}.1"`);
      assert.equal(a.stage, 'scanning');
      assert.equal(a.title, 'Youth ASB around Loudoun Square shops');
      assert.deepEqual(a.locations, [
        { code: 'W05001289', label: 'Loudoun Square', lat: null, lng: null },
        { code: 'CDF-BEAT-12', label: 'Beat 12', lat: 51.47, lng: -3.17 },
      ]);
      assert.deepEqual([a.analysis, a.evaluation, a.responses, a.unevaluated, a.controlStrategyPriority], [null, null, [], false, null]);
      const row = firstOf(
        await t.db.query<{ reference: string; number: number; partnership_id: string }>(
          'SELECT reference, number, partnership_id FROM problems WHERE id = $1',
          [a.id],
        ),
      );
      assert.equal(row.reference, a.reference);
      assert.equal(row.partnership_id, await partnershipId(t, 'cardiff'));
      const history = await client(t, cardiff.viewer).get(`${CARDIFF}/${a.id}/history`).expect(200);
      assert.equal(history.body.items.length, 1);
      assert.equal(history.body.items[0].kind, 'created');
      assert.equal(history.body.items[0].to, 'scanning');
      assert.equal(history.body.items[0].from, null);
      assert.equal(history.body.items[0].changedBy.type, 'user');
      assert.equal(history.body.items[0].changedAt, '2026-01-15T10:00:00.000Z');
    });

    it('refuses invalid input with 400 and the path of each bad field, storing nothing', async () => {
      const before = await count(t, 'problems');
      const cases: [Record<string, unknown>, string[]][] = [
        [{ locations: [] }, ['locations']],
        [{ locations: [{ code: 'W050012', label: 'Ward' }] }, ['locations[0].code']],
        [{ locations: [{ code: 'W05 001289', label: 'Ward' }] }, ['locations[0].code']],
        [{ locations: [{ label: 'Somewhere', lat: 91, lng: 0 }] }, ['locations[0].lat']],
        [{ locations: [{ label: 'Somewhere', lat: 0, lng: -181 }] }, ['locations[0].lng']],
        [{ locations: [{ label: 'Somewhere', lat: 51.4 }] }, ['locations[0]']],
        [{ locations: [{ label: '' }] }, ['locations[0].label']],
        [{ source: 'gossip' }, ['source']],
        [{ title: 'x' }, ['title']],
        [{ plannedAssessmentDate: '2026-02-30' }, ['plannedAssessmentDate']],
        [{ controlStrategyPriorityId: 'not-a-uuid' }, ['controlStrategyPriorityId']],
        [{ category: 'Anti Social' }, ['category']],
        [{ reference: 'CDF-P-9999' }, ['reference']],
      ];
      for (const [overrides, paths] of cases) {
        const res = await client(t, cardiff.analyst).post(CARDIFF).send(problemBody(overrides));
        const body = expectProblem(res, 400, 'validation');
        assert.deepEqual(
          [...new Set((body.errors as { path: string }[]).map((e) => e.path))],
          paths,
          `${JSON.stringify(overrides)}: ${JSON.stringify(body.errors)}`,
        );
      }
      assert.equal(await count(t, 'problems'), before);
    });

    it("files problems under the partnership's categories: seeded for every partnership, extended by admins", async () => {
      const list = await client(t, cardiff.viewer).get('/api/v1/partnerships/cardiff/problem-categories?limit=100').expect(200);
      assert.deepEqual(
        list.body.items.map((c: { slug: string; name: string }) => ({ slug: c.slug, name: c.name })),
        DEFAULT_PROBLEM_CATEGORIES.map((c) => ({ slug: c.slug, name: c.name })),
      );
      // Keyset pages of the list.
      const page1 = await client(t, cardiff.viewer).get('/api/v1/partnerships/cardiff/problem-categories?limit=4').expect(200);
      const page2 = await client(t, cardiff.viewer).get(`/api/v1/partnerships/cardiff/problem-categories?limit=4&cursor=${page1.body.nextCursor}`).expect(200);
      assert.deepEqual(
        [...page1.body.items, ...page2.body.items].map((c: { slug: string }) => c.slug),
        DEFAULT_PROBLEM_CATEGORIES.slice(0, 8).map((c) => c.slug),
      );

      expectProblem(
        await client(t, cardiff.analyst)
          .post(CARDIFF)
          .send(problemBody({ category: 'fly-tipping' })),
        422,
        'unknown-category',
      );
      const added = await client(t, cardiff.admin).post('/api/v1/partnerships/cardiff/problem-categories').send({ slug: 'fly-tipping', name: 'Fly-tipping' });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.deepEqual(added.body, { slug: 'fly-tipping', name: 'Fly-tipping', position: DEFAULT_PROBLEM_CATEGORIES.length + 1 });
      expectProblem(
        await client(t, cardiff.admin).post('/api/v1/partnerships/cardiff/problem-categories').send({ slug: 'fly-tipping', name: 'Again' }),
        409,
        'category-exists',
      );
      const filed = await createProblem(t, 'cardiff', cardiff.analyst, { category: 'fly-tipping' });
      assert.equal(filed.category, 'fly-tipping');
      // Another partnership's own list does not have it.
      expectProblem(
        await client(t, newport.analyst)
          .post(problemsOf('newport'))
          .send(problemBody({ category: 'fly-tipping' })),
        422,
        'unknown-category',
      );
      // Every seeded partnership has the default list.
      assert.equal(await count(t, 'problem_categories WHERE slug = $1', ['road-safety']), 19);
    });

    it('seeds the default categories for a partnership created later', async () => {
      const pa = await platformAdmin(t);
      const created = await client(t, pa.auth)
        .post('/api/v1/partnerships')
        .send({ code: 'north-wales-regional', name: 'North Wales Regional CSP', referencePrefix: 'NWR' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const list = await client(t, pa.auth).get('/api/v1/partnerships/north-wales-regional/problem-categories?limit=100').expect(200);
      assert.deepEqual(
        list.body.items.map((c: { slug: string }) => c.slug),
        DEFAULT_PROBLEM_CATEGORIES.map((c) => c.slug),
      );
      const problem = await createProblem(t, 'north-wales-regional', pa.auth);
      assert.equal(problem.reference, 'NWR-P-0001');
    });
  });

  describe('the control strategy priority it serves', () => {
    it('accepts a priority of the current control strategy and shows it', async () => {
      const problem = await createProblem(t, 'cardiff', cardiff.analyst, { controlStrategyPriorityId: cardiff.strategy.current[0] });
      assert.equal(problem.controlStrategyPriorityId, cardiff.strategy.current[0]);
      assert.deepEqual(problem.controlStrategyPriority, { id: cardiff.strategy.current[0], title: 'ASB hotspots', current: true });
    });

    it('refuses a priority of an earlier version only, or of another partnership, with 422 (on create and on change)', async () => {
      const before = await count(t, 'problems');
      for (const controlStrategyPriorityId of [cardiff.strategy.old, newport.strategy.current[0], '018f0000-0000-7000-8000-000000000000']) {
        expectProblem(await client(t, cardiff.analyst).post(CARDIFF).send(problemBody({ controlStrategyPriorityId })), 422, 'priority-not-current');
      }
      assert.equal(await count(t, 'problems'), before);
      const problem = await createProblem(t, 'cardiff', cardiff.analyst);
      expectProblem(
        await client(t, cardiff.analyst).patch(`${CARDIFF}/${problem.id}`).send({ controlStrategyPriorityId: cardiff.strategy.old }),
        422,
        'priority-not-current',
      );
      const linked = await client(t, cardiff.analyst)
        .patch(`${CARDIFF}/${problem.id}`)
        .send({ controlStrategyPriorityId: cardiff.strategy.current[1] })
        .expect(200);
      assert.equal(linked.body.controlStrategyPriority.title, 'Violence in the night-time economy');
      const unlinked = await client(t, cardiff.analyst).patch(`${CARDIFF}/${problem.id}`).send({ controlStrategyPriorityId: null }).expect(200);
      assert.equal(unlinked.body.controlStrategyPriority, null);
    });
  });

  describe('reading one problem', () => {
    it('writes a problem.read audit row for every read, naming the reader and the view', async () => {
      const problem = await createProblem(t, 'cardiff', cardiff.analyst);
      const reader = await member(t, 'cardiff', 'viewer');
      await client(t, reader.auth).get(`${CARDIFF}/${problem.id}`).expect(200);
      await client(t, cardiff.analyst).get(`${CARDIFF}/${problem.id}?view=proctor`).expect(200);
      const reads = (await auditOf(t, problem.id)).filter((r) => r.action === 'problem.read');
      assert.equal(reads.length, 2);
      assert.equal(firstOf(reads).actor_id, reader.user.id);
      assert.deepEqual(firstOf(reads).details, { reference: problem.reference, view: 'record', personalData: false });
      assert.deepEqual(nth(reads, 1).details, { reference: problem.reference, view: 'proctor', personalData: true });
      // A refused read writes nothing.
      await client(t, newport.analyst).get(`${CARDIFF}/${problem.id}`).expect(404);
      assert.equal((await auditOf(t, problem.id)).filter((r) => r.action === 'problem.read').length, 2);
    });

    it('shows the triangle and the evaluation text only to admins, analysts, chairs and API keys', async () => {
      const { problem } = await problemAt(t, 'cardiff', cardiff.analyst, 'closed', cardiff.police);
      const url = `${CARDIFF}/${problem.id}`;
      const pa = await platformAdmin(t);
      for (const [who, auth] of [
        ['analyst', cardiff.analyst],
        ['chair', cardiff.chair],
        ['admin', cardiff.admin],
        ['API key', cardiff.readKey],
      ] as const) {
        const res = await client(t, auth).get(url).expect(200);
        assert.deepEqual(res.body.analysis.triangle, TRIANGLE, who);
        assert.equal(res.body.evaluation.lessons, 'Start with the shop managers; the named youths responded to diversion.', who);
        assert.equal(res.body.personalDataWithheld, false, who);
      }
      for (const [who, auth] of [
        ['viewer', cardiff.viewer],
        ['partner', cardiff.partner],
        ['platform admin', pa.auth],
      ] as const) {
        const res = await client(t, auth).get(url).expect(200);
        assert.equal(res.body.personalDataWithheld, true, who);
        assert.equal(res.body.analysis.triangle, null, who);
        assert.deepEqual(res.body.analysis.sidesAnalysed, ['offender', 'victim', 'location'], who);
        assert.deepEqual(res.body.analysis.baseline.value, 40, who);
        assert.equal(res.body.evaluation.lessons, null, who);
        assert.equal(res.body.evaluation.diffusionOfBenefits, null, who);
        assert.deepEqual(
          res.body.evaluation.process.map((p: { note: string | null }) => p.note),
          [null],
          who,
        );
        assert.equal(res.body.evaluation.impact.result, 'reduced', who);
        const text = JSON.stringify(res.body);
        for (const secret of ['teenagers', 'Shop managers', 'PC Jones', 'named youths']) assert.ok(!text.includes(secret), `${who} sees ${secret}`);
        for (const model of ['osara', 'proctor', 'capra', '5is']) {
          const view = JSON.stringify((await client(t, auth).get(`${url}?view=${model}`).expect(200)).body);
          for (const secret of ['teenagers', 'Staff of the three shops', 'PC Jones', 'named youths'])
            assert.ok(!view.includes(secret), `${who} sees ${secret} in ${model}`);
        }
      }
    });

    it("answers 404 for another partnership's problem, whichever way it is asked for", async () => {
      const theirs = await createProblem(t, 'newport', newport.analyst);
      const before = await t.db.query('SELECT version, title FROM problems WHERE id = $1', [theirs.id]);
      expectProblem(await client(t, cardiff.analyst).get(`${CARDIFF}/${theirs.id}`), 404);
      expectProblem(await client(t, cardiff.analyst).patch(`${CARDIFF}/${theirs.id}`).send({ title: 'Hijacked title' }), 404);
      expectProblem(await client(t, cardiff.analyst).post(`${CARDIFF}/${theirs.id}/advance`).send({ to: 'analysis' }), 404);
      expectProblem(await client(t, cardiff.analyst).put(`${CARDIFF}/${theirs.id}/analysis`).send({ triangle: TRIANGLE }), 404);
      expectProblem(await client(t, cardiff.analyst).get(`${CARDIFF}/${theirs.id}/history`), 404);
      expectProblem(await client(t, cardiff.analyst).get(`${problemsOf('newport')}/${theirs.id}`), 404);
      expectProblem(await client(t, cardiff.readKey).get(`${problemsOf('newport')}/${theirs.id}`), 404);
      expectProblem(await client(t, cardiff.analyst).get(`${CARDIFF}/not-a-uuid`), 404);
      assert.deepEqual(await t.db.query('SELECT version, title FROM problems WHERE id = $1', [theirs.id]), before);
      const list = await client(t, cardiff.analyst).get(`${CARDIFF}?limit=100`).expect(200);
      assert.ok(!list.body.items.some((p: { id: string }) => p.id === theirs.id));
    });
  });

  describe('views', () => {
    it('arranges the same record under OSARA, PROCTOR, CAPRA and the 5Is headings', async () => {
      const { problem, responseId } = await problemAt(t, 'cardiff', cardiff.analyst, 'closed', cardiff.police, {
        objective: 'Halve reports at the shops',
        controlStrategyPriorityId: cardiff.strategy.current[0],
      });
      const view = async (model: string) => {
        const res = await client(t, cardiff.analyst).get(`${CARDIFF}/${problem.id}?view=${model}`).expect(200);
        assert.equal(res.headers.etag, `"${problem.id}.${problem.version}"`);
        assert.equal(res.body.model, model);
        assert.equal(res.body.reference, problem.reference);
        return Object.fromEntries((res.body.sections as { key: string; heading: string; content: Json }[]).map((s) => [s.heading, s.content]));
      };
      const osara = await view('osara');
      assert.deepEqual(Object.keys(osara), ['Objective', 'Scanning', 'Analysis', 'Response', 'Assessment']);
      assert.equal(entryOf(osara, 'Objective').objective, 'Halve reports at the shops');
      assert.deepEqual(entryOf(osara, 'Objective').controlStrategyPriority, { id: cardiff.strategy.current[0], title: 'ASB hotspots', current: true });
      assert.equal(entryOf(osara, 'Objective').measure, 'ASB incidents reported to police');
      assert.deepEqual(entryOf(osara, 'Analysis').triangle, TRIANGLE);
      assert.equal(entryOf(osara, 'Assessment').evaluation.impact.result, 'reduced');

      const proctor = await view('proctor');
      assert.deepEqual(Object.keys(proctor), ['Problem', 'Cause', 'Tactic/Treatment', 'Output', 'Result']);
      assert.equal(entryOf(proctor, 'Problem').title, problem.title);
      assert.deepEqual(entryOf(proctor, 'Cause').repeatPatterns, ['repeat_location']);
      assert.deepEqual(
        entryOf(proctor, 'Tactic/Treatment').responses.map((r: { id: string }) => r.id),
        [responseId],
      );
      assert.deepEqual(
        entryOf(proctor, 'Output').responses.map((r: { delivered: boolean }) => r.delivered),
        [true],
      );
      assert.deepEqual(entryOf(proctor, 'Result').change, {
        measure: 'ASB incidents reported to police',
        baseline: 40,
        impact: 30,
        absolute: -10,
        percent: -25,
        baselineDays: 92,
        impactDays: 91,
      });

      const capra = await view('capra');
      assert.deepEqual(Object.keys(capra), ['Clients', 'Acquire/Analyse information', 'Partnerships', 'Response', 'Assessment']);
      assert.equal(entryOf(capra, 'Clients').victim, TRIANGLE.victim);
      assert.deepEqual(entryOf(capra, 'Partnerships').agencyIds, [cardiff.police]);

      const fiveIs = await view('5is');
      assert.deepEqual(Object.keys(fiveIs), ['Intelligence', 'Intervention', 'Implementation', 'Involvement', 'Impact']);
      assert.deepEqual(entryOf(fiveIs, 'Intelligence').baseline.value, 40);
      assert.deepEqual(
        entryOf(fiveIs, 'Intervention').responses.map((r: { type: string }) => r.type),
        ['enforcement'],
      );
      assert.equal(entryOf(fiveIs, 'Impact').result, 'reduced');

      const sara = await view('sara');
      assert.deepEqual(Object.keys(sara), ['Scanning', 'Analysis', 'Response', 'Assessment']);
      expectProblem(await client(t, cardiff.analyst).get(`${CARDIFF}/${problem.id}?view=pdca`), 400, 'validation');
    });
  });

  describe('changing', () => {
    it('changes only the fields sent, moves the ETag and audits the field names', async () => {
      const problem = await createProblem(t, 'cardiff', cardiff.analyst);
      const res = await client(t, cardiff.analyst)
        .patch(`${CARDIFF}/${problem.id}`)
        .set('if-match', `"${problem.id}.1"`)
        .send({
          title: 'Youth ASB and criminal damage, Loudoun Square',
          plannedAssessmentDate: '2026-06-30',
          locations: [{ code: 'W01001870', label: 'LSOA Butetown 3' }],
        });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.headers.etag, `"${problem.id}.2"`);
      assert.equal(res.body.title, 'Youth ASB and criminal damage, Loudoun Square');
      assert.equal(res.body.description, problem.description);
      assert.equal(res.body.plannedAssessmentDate, '2026-06-30');
      assert.deepEqual(res.body.locations, [{ code: 'W01001870', label: 'LSOA Butetown 3', lat: null, lng: null }]);
      const updated = (await auditOf(t, problem.id)).find((r) => r.action === 'problem.updated');
      assert.deepEqual(updated?.details, { reference: problem.reference, fields: ['locations', 'plannedAssessmentDate', 'title'] });
      // Sending the same values again changes nothing.
      const same = await client(t, cardiff.analyst)
        .patch(`${CARDIFF}/${problem.id}`)
        .send({ title: 'Youth ASB and criminal damage, Loudoun Square' })
        .expect(200);
      assert.equal(same.headers.etag, `"${problem.id}.2"`);
    });

    it('answers 412 to a stale If-Match and changes nothing', async () => {
      const problem = await createProblem(t, 'cardiff', cardiff.analyst);
      await client(t, cardiff.analyst).patch(`${CARDIFF}/${problem.id}`).send({ title: 'First change wins' }).expect(200);
      expectProblem(
        await client(t, cardiff.chair).patch(`${CARDIFF}/${problem.id}`).set('if-match', `"${problem.id}.1"`).send({ title: 'Second change loses' }),
        412,
      );
      expectProblem(
        await client(t, cardiff.chair)
          .patch(`${CARDIFF}/${problem.id}`)
          .set('if-match', `"${cardiff.strategy.current[0]}.2"`)
          .send({ title: 'Wrong resource' }),
        412,
      );
      expectProblem(await client(t, cardiff.chair).post(`${CARDIFF}/${problem.id}/advance`).set('if-match', `"${problem.id}.1"`).send({ to: 'analysis' }), 412);
      const [row] = await t.db.query<{ title: string; version: number; stage: string }>('SELECT title, version, stage FROM problems WHERE id = $1', [
        problem.id,
      ]);
      assert.deepEqual(row, { title: 'First change wins', version: 2, stage: 'scanning' });
      await client(t, cardiff.chair).post(`${CARDIFF}/${problem.id}/advance`).set('if-match', `"${problem.id}.2"`).send({ to: 'analysis' }).expect(200);
      expectProblem(
        await client(t, cardiff.chair).put(`${CARDIFF}/${problem.id}/analysis`).set('if-match', `"${problem.id}.2"`).send({ triangle: TRIANGLE }),
        412,
      );
      assert.equal(await count(t, 'problem_analyses WHERE problem_id = $1', [problem.id]), 0);
      await client(t, cardiff.chair).put(`${CARDIFF}/${problem.id}/analysis`).set('if-match', `"${problem.id}.3"`).send({ triangle: TRIANGLE }).expect(200);
    });

    it('refuses to remove what a later stage needs', async () => {
      const { problem } = await problemAt(t, 'cardiff', cardiff.analyst, 'assessment', cardiff.police);
      expectProblem(
        await client(t, cardiff.analyst).patch(`${CARDIFF}/${problem.id}`).send({ plannedAssessmentDate: null }),
        422,
        'planned-assessment-date-required',
      );
      expectProblem(await client(t, cardiff.analyst).patch(`${CARDIFF}/${problem.id}`).send({ description: null }), 422, 'scanning-incomplete');
      expectProblem(await client(t, cardiff.analyst).patch(`${CARDIFF}/${problem.id}`).send({ locations: [] }), 400, 'validation');
      expectProblem(await client(t, cardiff.analyst).patch(`${CARDIFF}/${problem.id}`).send({ title: null }), 400, 'validation');
    });
  });

  describe('documentation', () => {
    it('describes the problem API in the OpenAPI document', async () => {
      const doc = (await t.http.get('/docs/openapi.json').expect(200)).body as {
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>; parameters?: { name: string }[] }>
        >;
        components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
      };
      const base = '/api/v1/partnerships/{partnershipId}/problems';
      for (const path of [
        base,
        `${base}/{problemId}`,
        `${base}/{problemId}/advance`,
        `${base}/{problemId}/reopen`,
        `${base}/{problemId}/analysis`,
        `${base}/{problemId}/evaluation`,
        `${base}/{problemId}/responses`,
        `${base}/{problemId}/responses/{responseId}`,
        `${base}/{problemId}/history`,
      ]) {
        assert.ok(doc.paths[path], path);
      }
      const get = entryOf(entryOf(doc.paths, `${base}/{problemId}`), 'get');
      assert.deepEqual(entryOf(entryOf(get.responses, '200').content ?? {}, 'application/json').schema, {
        oneOf: [{ $ref: '#/components/schemas/ProblemDto' }, { $ref: '#/components/schemas/ProblemModelViewDto' }],
      });
      assert.ok(get.parameters?.some((p) => p.name === 'view'));
      const list = entryOf(entryOf(doc.paths, base), 'get').parameters!.map((p) => p.name);
      for (const filter of ['stage', 'category', 'source', 'priorityId', 'locationCode', 'unevaluated', 'q', 'limit', 'cursor'])
        assert.ok(list.includes(filter), filter);
      const problem = entryOf(doc.components.schemas, 'ProblemDto').properties;
      for (const field of [
        'reference',
        'title',
        'description',
        'category',
        'source',
        'locations',
        'controlStrategyPriorityId',
        'stage',
        'plannedAssessmentDate',
        'analysis',
        'responses',
        'evaluation',
        'personalDataWithheld',
      ]) {
        assert.ok(field in problem, field);
      }
      assert.ok('change' in entryOf(doc.components.schemas, 'EvaluationOutDto').properties);
      assert.ok(entryOf(entryOf(doc.paths, `${base}/{problemId}/advance`), 'post').responses['422']);
    });
  });

  describe('events', () => {
    it('puts a thin problem.created event in the outbox with the problem, and none for a refused create', async () => {
      const before = await count(t, `outbox_events WHERE type = 'problem.created'`);
      const problem = await createProblem(t, 'cardiff', cardiff.analyst, { controlStrategyPriorityId: cardiff.strategy.current[0] });
      const events = await outboxOf(t, problem.id);
      assert.equal(events.length, 1);
      assert.equal(firstOf(events).type, 'problem.created');
      assert.deepEqual(firstOf(events).data, {
        problemId: problem.id,
        reference: problem.reference,
        stage: 'scanning',
        category: 'anti-social-behaviour',
        source: 'complaint',
        controlStrategyPriorityId: cardiff.strategy.current[0],
        link: `/api/v1/partnerships/${await partnershipId(t, 'cardiff')}/problems/${problem.id}`,
      });
      assert.ok(!JSON.stringify(firstOf(events).data).includes('Loudoun'), 'no text in the payload');
      expectProblem(
        await client(t, cardiff.analyst)
          .post(CARDIFF)
          .send(problemBody({ category: 'nonsense' })),
        422,
      );
      expectProblem(
        await client(t, cardiff.analyst)
          .post(CARDIFF)
          .send(problemBody({ locations: [] })),
        400,
      );
      expectProblem(await client(t, cardiff.viewer).post(CARDIFF).send(problemBody()), 403);
      assert.equal(await count(t, `outbox_events WHERE type = 'problem.created'`), before + 1);
    });
  });
});
