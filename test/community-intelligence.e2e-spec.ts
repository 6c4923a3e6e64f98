import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { entryOf, firstOf } from '@app/testing';
import { approvedAssessment, draftStrategy } from './support/assessments';
import { community, intelligenceBody, recordEngagement, recordIntelligence, recordSource, raiseIssue } from './support/community';
import { agenciesOf, agencyOf, apiKey, member, type Member, membersOf, platformAdmin } from './support/identity';
import { expectProblem } from './support/problem-details';
import { createProblem } from './support/problems';
import { createGroup, getMeeting, scheduleMeeting } from './support/tasking';
import { client, type Json } from './support/http';
import { useArranged, useTestApp } from './support/app';

describe('community intelligence: 3x5x2 grades, handling codes enforced, sources held apart', () => {
  const t = useTestApp();
  let police: string;
  let council: string;
  const cardiff = community('cardiff');

  beforeAll(async () => {
    ({ police, local_authority: council } = await agenciesOf(t, 'cardiff', ['police', 'local_authority']));
  });
  /** Cardiff's people by role, with a partner of the police and one of the council; and a platform admin. */
  const people = useArranged(async () => ({
    ...(await membersOf(t, 'cardiff', ['admin', 'analyst', 'chair'])),
    policePartner: await member(t, 'cardiff', 'partner', police),
    councilPartner: await member(t, 'cardiff', 'partner', council),
    viewer: await member(t, 'cardiff', 'viewer'),
    pAdmin: await platformAdmin(t),
  }));

  describe('grading', () => {
    it('refuses grades outside the 3x5x2 scheme with 400, naming the field', async () => {
      for (const [field, value] of [
        ['sourceEvaluation', 4],
        ['sourceEvaluation', 0],
        ['sourceEvaluation', '1'],
        ['intelligenceAssessment', 'F'],
        ['intelligenceAssessment', 'a'],
        ['handlingCode', 'H'],
        ['handlingCode', 3],
      ] as const) {
        const res = await client(t, people.analyst.auth)
          .post(`${cardiff}/intelligence`)
          .send(intelligenceBody({ [field]: value }));
        const body = expectProblem(res, 400, 'validation');
        assert.ok(
          (body.errors as { path: string }[]).some((e) => e.path === field),
          `${field}=${JSON.stringify(value)}: ${JSON.stringify(body.errors)}`,
        );
      }
    });

    it('holds the grades in the database too (CHECK constraints)', async () => {
      const rows = await t.db.query<{ conname: string }>(
        `SELECT conname FROM pg_constraint WHERE conrelid = 'intelligence_items'::regclass AND contype = 'c' ORDER BY conname`,
      );
      const names = rows.map((r) => r.conname);
      for (const c of [
        'ck_intelligence_items_source_evaluation',
        'ck_intelligence_items_assessment',
        'ck_intelligence_items_handling_code',
        'ck_intelligence_items_handling_conditions',
      ]) {
        assert.ok(names.includes(c), c);
      }
      const item = await recordIntelligence(t, 'cardiff', people.analyst.auth);
      await assert.rejects(
        t.db.query(`UPDATE intelligence_items SET source_evaluation = 5 WHERE id = $1`, [item.id]),
        /ck_intelligence_items_source_evaluation/,
      );
      await assert.rejects(
        t.db.query(`UPDATE intelligence_items SET handling_code = 'C' WHERE id = $1`, [item.id]),
        /ck_intelligence_items_handling_conditions/,
      );
    });

    it('refuses a C code without conditions (422) and a P code with them', async () => {
      expectProblem(
        await client(t, people.analyst.auth)
          .post(`${cardiff}/intelligence`)
          .send(intelligenceBody({ handlingCode: 'C' })),
        422,
        'handling-conditions-required',
      );
      expectProblem(
        await client(t, people.analyst.auth)
          .post(`${cardiff}/intelligence`)
          .send(intelligenceBody({ handlingCode: 'P', handlingConditions: { text: 'Not to be shared' } })),
        422,
        'handling-conditions-not-allowed',
      );
      expectProblem(
        await client(t, people.analyst.auth)
          .post(`${cardiff}/intelligence`)
          .send(intelligenceBody({ handlingCode: 'C', handlingConditions: { text: 'Police only', agencyIds: [await agencyOf(t, 'newport')] } })),
        422,
        'agency-not-in-partnership',
      );
    });

    it('answers the grades with their meaning written together', async () => {
      const item = await recordIntelligence(t, 'cardiff', people.analyst.auth, { sourceEvaluation: 1, intelligenceAssessment: 'A' });
      assert.equal(item.grade, '1-A-P');
      assert.equal(item.handlingConditions, null);
    });
  });

  describe('handling codes', () => {
    let police: string;
    let policeOnly: Json;
    let custodiansOnly: Json;
    let chairs: Json;
    let open: Json;
    let problemId: string;

    beforeAll(async () => {
      police = await agencyOf(t, 'cardiff', 'police');
      problemId = (await createProblem(t, 'cardiff', people.analyst.auth)).id;
      const link = { problemId, category: 'hate-crime' };
      policeOnly = await recordIntelligence(t, 'cardiff', people.analyst.auth, {
        ...link,
        handlingCode: 'C',
        handlingConditions: { text: 'Police eyes only: live investigation.', agencyIds: [police] },
      });
      custodiansOnly = await recordIntelligence(t, 'cardiff', people.analyst.auth, {
        ...link,
        handlingCode: 'C',
        handlingConditions: { text: 'Not to be disclosed outside the analysts.' },
      });
      chairs = await recordIntelligence(t, 'cardiff', people.analyst.auth, {
        ...link,
        handlingCode: 'C',
        handlingConditions: { text: 'Chairs only.', roles: ['chair'] },
      });
      open = await recordIntelligence(t, 'cardiff', people.analyst.auth, { ...link, handlingCode: 'P' });
    });

    const idsIn = async (auth: string, query = '?category=hate-crime&limit=100') => {
      const res = await client(t, auth).get(`${cardiff}/intelligence${query}`).expect(200);
      return new Set((res.body.items as Json[]).map((i) => i.id as string));
    };

    it('shows each caller exactly the items its conditions allow, in the list and one by one', async () => {
      const cases: [string, Member | typeof people.pAdmin, Json[]][] = [
        ['admin', people.admin, [policeOnly, custodiansOnly, chairs, open]],
        ['analyst', people.analyst, [policeOnly, custodiansOnly, chairs, open]],
        ['chair', people.chair, [chairs, open]],
        ['police partner', people.policePartner, [policeOnly, open]],
        ['council partner', people.councilPartner, [open]],
        ['viewer', people.viewer, [open]],
        ['platform admin (not a member)', people.pAdmin, [open]],
      ];
      const all = [policeOnly, custodiansOnly, chairs, open];
      for (const [who, caller, visible] of cases) {
        const seen = await idsIn(caller.auth);
        assert.deepEqual([...seen].sort(), visible.map((i) => i.id).sort(), who);
        for (const item of all) {
          const res = await client(t, caller.auth).get(`${cardiff}/intelligence/${item.id}`);
          if (visible.includes(item)) assert.equal(res.status, 200, `${who} reads ${item.handlingConditions?.text ?? 'P'}`);
          else expectProblem(res, 404, 'not-found');
        }
      }
    });

    it('keeps them out of filtered lists too (handlingCode=C)', async () => {
      assert.deepEqual([...(await idsIn(people.viewer.auth, '?handlingCode=C&limit=100'))], []);
      assert.deepEqual([...(await idsIn(people.councilPartner.auth, `?problemId=${problemId}&handlingCode=C`))], []);
    });

    it("shows a problem's intelligence as sanitised summaries: grade, category, area, date, and the id only where readable", async () => {
      const res = await client(t, people.viewer.auth).get(`${cardiff}/problems/${problemId}/intelligence`).expect(200);
      const items = res.body.items as Json[];
      assert.equal(items.length, 4);
      for (const s of items) {
        assert.deepEqual(Object.keys(s).sort(), [
          'areaCode',
          'category',
          'grade',
          'handlingCode',
          'id',
          'intelligenceAssessment',
          'readable',
          'reportedOn',
          'sourceEvaluation',
        ]);
        assert.equal(s.readable, s.handlingCode === 'P');
        assert.equal(s.id, s.readable ? open.id : null);
      }
      assert.ok(!JSON.stringify(res.body).includes('Police eyes only'));
      assert.ok(!JSON.stringify(res.body).includes(open.content));
      const asPolice = await client(t, people.policePartner.auth).get(`${cardiff}/problems/${problemId}/intelligence`).expect(200);
      assert.deepEqual(
        (asPolice.body.items as Json[])
          .filter((s) => s.readable)
          .map((s) => s.id)
          .sort(),
        [policeOnly.id, open.id].sort(),
      );
      expectProblem(await client(t, people.viewer.auth).get(`${cardiff}/problems/0190a000-0000-7000-8000-000000000000/intelligence`), 404);
      // An item recorded by the system (no recorder) is judged the same way: unreadable, never "unknown".
      const other = await createProblem(t, 'cardiff', people.analyst.auth);
      await t.db.query(
        `INSERT INTO intelligence_items (id, partnership_id, reported_on, category, content, source_evaluation, intelligence_assessment, handling_code, handling_conditions, problem_id, created_by_type)
         VALUES (gen_random_uuid(), (SELECT id FROM partnerships WHERE code = 'cardiff'), '2026-01-10', 'hate-crime', 'Imported', 2, 'C', 'C', 'custodians', $1, 'system')`,
        [other.id],
      );
      const imported = await client(t, people.viewer.auth).get(`${cardiff}/problems/${other.id}/intelligence`).expect(200);
      assert.deepEqual(
        imported.body.items.map((i: Json) => [i.readable, i.id]),
        [[false, null]],
      );
    });

    it('counts in the figures only what the caller may read', async () => {
      const count = async (auth: string) => {
        const res = await client(t, auth).get(`${cardiff}/community-figures?from=2026-01-01&to=2026-01-15`).expect(200);
        return (res.body.figures as Json[]).find((f) => f.key === 'intelligence_items')!.value as number;
      };
      const inPeriod = async (where: string) =>
        firstOf(
          await t.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM intelligence_items WHERE partnership_id = (SELECT id FROM partnerships WHERE code = 'cardiff') AND reported_on BETWEEN '2026-01-01' AND '2026-01-15' AND (${where})`,
            [police],
          ),
        ).n;
      assert.equal(await count(people.analyst.auth), await inPeriod('true OR $1::uuid IS NULL'));
      assert.equal(await count(people.viewer.auth), await inPeriod(`handling_code = 'P' OR $1::uuid IS NULL`));
      assert.equal(
        await count(people.policePartner.auth),
        await inPeriod(`handling_code = 'P' OR (cardinality(handling_roles) = 0 AND $1::uuid = ANY(handling_agency_ids))`),
      );
      assert.ok((await count(people.analyst.auth)) - (await count(people.viewer.auth)) >= 3);
    });

    it('sends nothing of an item to the outbox (no webhook carries intelligence)', async () => {
      const rows = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_events WHERE data::text LIKE $1 OR data::text LIKE $2 OR subject_id = ANY($3::uuid[])`,
        [`%${policeOnly.id}%`, '%eyes only%', [policeOnly.id, custodiansOnly.id, chairs.id, open.id]],
      );
      assert.equal(firstOf(rows).n, 0);
    });

    it('audits every read of an item, and of a list', async () => {
      await client(t, people.policePartner.auth).get(`${cardiff}/intelligence/${policeOnly.id}`).expect(200);
      const reads = await t.db.query<{ actor_id: string }>(`SELECT actor_id FROM audit_events WHERE action = 'intelligence.read' AND target_id = $1`, [
        policeOnly.id,
      ]);
      assert.ok(reads.some((r) => r.actor_id === people.policePartner.user.id));
      await client(t, people.viewer.auth).get(`${cardiff}/intelligence?category=hate-crime`).expect(200);
      const lists = await t.db.query<{ details: { ids: string[] } }>(
        `SELECT details FROM audit_events WHERE action = 'intelligence.listed' AND actor_id = $1`,
        [people.viewer.user.id],
      );
      assert.ok(lists.some((l) => l.details.ids.includes(open.id) && !l.details.ids.includes(chairs.id)));
    });

    it('never lets an API key read a C-coded item, whatever its conditions name; it reads P-coded items and their summaries', async () => {
      const { key, id: keyId } = await apiKey(t, 'cardiff', people.admin.auth, ['intelligence:write', 'engagements:read']);
      const asKey = (path: string) => t.http.get(`${cardiff}${path}`).set('x-api-key', key);
      const listed = await asKey('/intelligence?category=hate-crime&limit=100').expect(200);
      assert.deepEqual(
        (listed.body.items as Json[]).map((i) => i.id),
        [open.id],
      );
      for (const item of [policeOnly, custodiansOnly, chairs]) expectProblem(await asKey(`/intelligence/${item.id}`), 404, 'not-found');
      assert.equal((await asKey(`/intelligence/${open.id}`).expect(200)).body.content, open.content);
      assert.deepEqual([...(await asKey('/intelligence?handlingCode=C&limit=100').expect(200)).body.items], []);
      const summaries = (await asKey(`/problems/${problemId}/intelligence`).expect(200)).body;
      assert.deepEqual((summaries.items as Json[]).map((s) => [s.handlingCode, s.readable, s.id]).sort(), [
        ['C', false, null],
        ['C', false, null],
        ['C', false, null],
        ['P', true, open.id],
      ]);
      assert.ok(!JSON.stringify(summaries).includes('eyes only'));
      const figures = (await asKey('/community-figures?from=2026-01-01&to=2026-01-15').expect(200)).body;
      const viewerFigures = (await client(t, people.viewer.auth).get(`${cardiff}/community-figures?from=2026-01-01&to=2026-01-15`).expect(200)).body;
      const items = (b: Json) => (b.figures as Json[]).find((f) => f.key === 'intelligence_items')!.value;
      assert.equal(items(figures), items(viewerFigures));
      // A key records P-coded items only: a C code from it is refused, and nothing is stored.
      const before = firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM intelligence_items WHERE created_by_id = $1`, [keyId])).n;
      const refused = await t.http
        .post(`${cardiff}/intelligence`)
        .set('x-api-key', key)
        .send(intelligenceBody({ handlingCode: 'C', handlingConditions: { text: 'Police only.', agencyIds: [police] } }));
      expectProblem(refused, 403);
      assert.equal(firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM intelligence_items WHERE created_by_id = $1`, [keyId])).n, before);
      const recorded = await t.http
        .post(`${cardiff}/intelligence`)
        .set('x-api-key', key)
        .send(intelligenceBody({ content: 'Reported through the council contact centre.' }))
        .expect(201);
      assert.deepEqual([recorded.body.handlingCode, recorded.body.recordedBy], ['P', { type: 'api_key', id: keyId }]);
      const reads = await t.db.query<{ actor_type: string }>(
        `SELECT actor_type FROM audit_events WHERE action = 'intelligence.read' AND target_id = $1 AND actor_id = $2`,
        [open.id, keyId],
      );
      assert.deepEqual(
        reads.map((r) => r.actor_type),
        ['api_key'],
      );
    });
  });

  describe('API key scopes', () => {
    it('admits keys to the community routes by their scopes, and refuses the rest with 403', async () => {
      const problem = await createProblem(t, 'cardiff', people.analyst.auth);
      const engagement = await recordEngagement(t, 'cardiff', people.analyst.auth);
      const issue = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id);
      const item = await recordIntelligence(t, 'cardiff', people.analyst.auth, { problemId: problem.id });
      const keys = {
        none: (await apiKey(t, 'cardiff', people.admin.auth, ['problems:read', 'incidents:write'])).key,
        engagementsRead: (await apiKey(t, 'cardiff', people.admin.auth, ['engagements:read'])).key,
        engagementsWrite: (await apiKey(t, 'cardiff', people.admin.auth, ['engagements:write'])).key,
        intelligenceRead: (await apiKey(t, 'cardiff', people.admin.auth, ['intelligence:read'])).key,
        all: (await apiKey(t, 'cardiff', people.admin.auth, ['engagements:write', 'intelligence:write'])).key,
      };
      const engagementBody = { heldOn: '2026-01-12', kind: 'survey', title: 'Online survey', areaCodes: ['W05001289'], responseCount: 40 };
      const calls: [string, string, object | undefined][] = [
        ['GET', '/engagements', undefined],
        ['GET', `/engagements/${engagement.id}`, undefined],
        ['GET', '/engagement-issues', undefined],
        ['GET', `/engagement-issues/${issue.id}`, undefined],
        ['POST', '/engagements', engagementBody],
        ['PATCH', `/engagements/${engagement.id}`, { attendance: 30 }],
        ['POST', `/engagements/${engagement.id}/issues`, { category: 'anti-social-behaviour', whatWasSaid: 'Noise at night' }],
        ['POST', `/engagement-issues/${issue.id}/answer`, { text: 'Patrols increased.', agencyId: police, publish: true }],
        ['GET', '/intelligence', undefined],
        ['GET', `/intelligence/${item.id}`, undefined],
        ['GET', `/problems/${problem.id}/intelligence`, undefined],
        ['POST', '/intelligence', intelligenceBody()],
        ['GET', '/intelligence-sources', undefined],
        ['POST', '/intelligence-sources', { kind: 'anonymous' }],
        ['GET', '/community-figures', undefined],
      ];
      // The status each key gets, call by call (in the order above).
      const expected: Record<keyof typeof keys, number[]> = {
        none: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
        engagementsRead: [200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
        engagementsWrite: [200, 200, 200, 200, 201, 200, 201, 403, 403, 403, 403, 403, 403, 403, 403],
        intelligenceRead: [403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 403, 403, 403, 403],
        all: [200, 200, 200, 200, 201, 200, 201, 403, 200, 200, 200, 201, 403, 403, 200],
      };
      const wrong: string[] = [];
      for (const [name, key] of Object.entries(keys) as [keyof typeof keys, string][]) {
        for (const [i, [method, path, body]] of calls.entries()) {
          const req = t.http[method.toLowerCase() as 'get' | 'post' | 'patch'](`${cardiff}${path}`).set('x-api-key', key);
          const res = await (body ? req.send(body) : req);
          if (res.status !== expected[name][i]) wrong.push(`${name}: ${method} ${path}: expected ${expected[name][i]}, got ${res.status}`);
          if (res.status === 403) assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        }
      }
      assert.deepEqual(wrong, []);
      // A key with engagements:write nominates an issue: the nomination is the key's.
      const fresh = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id);
      const nominated = await t.http.post(`${cardiff}/engagement-issues/${fresh.id}/nominate`).set('x-api-key', keys.engagementsWrite).send({}).expect(200);
      assert.equal(nominated.body.status, 'nominated');
    });

    it('lists the community scopes among those a key may be given', async () => {
      const doc = (await t.http.get('/docs/openapi.json').expect(200)).body as {
        components: { schemas: Record<string, { properties: Record<string, Json> }> };
      };
      const scopes = entryOf(entryOf(doc.components.schemas, 'CreateApiKeyDto').properties, 'scopes').items.enum as string[];
      for (const s of ['engagements:read', 'engagements:write', 'intelligence:read', 'intelligence:write']) assert.ok(scopes.includes(s), s);
      expectProblem(
        await t.http
          .post(`${cardiff}/api-keys`)
          .set('authorization', people.admin.auth)
          .send({ name: 'Bad', scopes: ['intelligence:admin'] }),
        400,
      );
    });
  });

  describe('sources', () => {
    it("are read and recorded by the partnership's admins and analysts only", async () => {
      const source = await recordSource(t, 'cardiff', people.analyst.auth);
      assert.match(source.handle, /^CDF-S-\d{4}$/);
      assert.equal(source.identity, 'Gareth Williams, shopkeeper, 12 Bute Street');
      for (const caller of [people.admin, people.analyst]) {
        await client(t, caller.auth).get(`${cardiff}/intelligence-sources/${source.id}`).expect(200);
        assert.ok((await client(t, caller.auth).get(`${cardiff}/intelligence-sources?limit=100`).expect(200)).body.items.some((s: Json) => s.id === source.id));
      }
      for (const caller of [people.chair, people.policePartner, people.viewer, people.pAdmin]) {
        expectProblem(await client(t, caller.auth).get(`${cardiff}/intelligence-sources/${source.id}`), 403);
        expectProblem(await client(t, caller.auth).get(`${cardiff}/intelligence-sources`), 403);
        expectProblem(await client(t, caller.auth).post(`${cardiff}/intelligence-sources`).send({ kind: 'anonymous' }), 403);
      }
      const audited = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'intelligence_source.read' AND target_id = $1`, [source.id]);
      assert.ok(audited.length >= 2);
    });

    it('never puts the identity in an item; only custodians see which source an item came from', async () => {
      const source = await recordSource(t, 'cardiff', people.analyst.auth, { identity: 'Councillor Rhian Morgan', kind: 'elected_member' });
      const item = await recordIntelligence(t, 'cardiff', people.analyst.auth, { sourceId: source.id });
      const row = firstOf(await t.db.query<Record<string, unknown>>(`SELECT * FROM intelligence_items WHERE id = $1`, [item.id]));
      assert.ok(!JSON.stringify(row).includes('Rhian Morgan'));
      assert.equal(row.source_id, source.id);
      const asAnalyst = await client(t, people.analyst.auth).get(`${cardiff}/intelligence/${item.id}`).expect(200);
      assert.deepEqual([asAnalyst.body.sourceId, asAnalyst.body.sourceHandle, asAnalyst.body.sourceKind], [source.id, source.handle, 'elected_member']);
      for (const caller of [people.chair, people.viewer, people.policePartner]) {
        const res = await client(t, caller.auth).get(`${cardiff}/intelligence/${item.id}`).expect(200);
        assert.deepEqual([res.body.sourceId, res.body.sourceHandle, res.body.sourceKind], [null, null, null]);
        assert.ok(!JSON.stringify(res.body).includes('Rhian Morgan'));
      }
      const kinds = (await client(t, people.analyst.auth).get(`${cardiff}/community-figures?from=2026-01-01&to=2026-01-15`).expect(200)).body
        .intelligenceBySourceKind as Json[];
      assert.ok(kinds.find((k) => k.sourceKind === 'elected_member')!.count >= 1);
    });

    it('refuses a source of another partnership', async () => {
      const bAnalyst = await member(t, 'newport', 'analyst');
      const theirs = await recordSource(t, 'newport', bAnalyst.auth);
      expectProblem(
        await client(t, people.analyst.auth)
          .post(`${cardiff}/intelligence`)
          .send(intelligenceBody({ sourceId: theirs.id })),
        422,
        'unknown-source',
      );
    });
  });

  describe('links', () => {
    it('links an item to a priority of the current control strategy, and filters by it; refuses links it cannot resolve', async () => {
      const wAdmin = await member(t, 'wrexham', 'admin');
      const wPolice = await agencyOf(t, 'wrexham', 'police');
      const base = community('wrexham');
      const report = (fields: Json) => client(t, wAdmin.auth).post(`${base}/intelligence`).send(intelligenceBody(fields));
      expectProblem(await report({ requirementIndex: 0 }), 422, 'no-approved-assessment');
      const assessment = await approvedAssessment(t, 'wrexham', wAdmin.auth, wAdmin.auth, undefined, {
        intelligenceRequirement: ['Where are the county lines?'],
      });
      const strategy = await draftStrategy(t, 'wrexham', wAdmin.auth, assessment, wPolice);
      await client(t, wAdmin.auth).post(`${base}/control-strategies/${strategy.id}/publish`).expect(200);
      const priorityId = strategy.priorities[0].id as string;
      const linked = await recordIntelligence(t, 'wrexham', wAdmin.auth, { priorityId, requirementIndex: 0, strategicAssessmentId: assessment.id });
      assert.deepEqual([linked.controlStrategyPriorityId, linked.strategicAssessmentId, linked.requirementIndex], [priorityId, assessment.id, 0]);
      await recordIntelligence(t, 'wrexham', wAdmin.auth);
      const listed = await client(t, wAdmin.auth).get(`${base}/intelligence?priorityId=${priorityId}`).expect(200);
      assert.deepEqual(
        listed.body.items.map((i: Json) => i.id),
        [linked.id],
      );
      expectProblem(await report({ priorityId: '0190a000-0000-7000-8000-000000000000' }), 422, 'priority-not-current');
      expectProblem(await report({ problemId: '0190a000-0000-7000-8000-000000000000' }), 422, 'unknown-problem');
      expectProblem(await report({ category: 'knitting' }), 422, 'unknown-category');
      expectProblem(await report({ reportedOn: '2026-01-16' }), 422, 'date-in-future');
      expectProblem(await report({ areaCode: 'W0100' }), 400, 'validation');
    });
  });

  describe('the intelligence requirement', () => {
    it('shows what was received against each item, flags the gaps, and puts the gaps on the strategic agenda', async () => {
      const assessment = await approvedAssessment(t, 'cardiff', people.admin.auth, people.admin.auth, undefined, {
        intelligenceRequirement: [
          'Where is cannabis cultivated?',
          'Who supplies the knives seized in the city centre?',
          'What drives hate incidents in Cathays?',
        ],
      });
      const item = await recordIntelligence(t, 'cardiff', people.analyst.auth, { reportedOn: '2026-01-15', requirementIndex: 0 });
      const hidden = await recordIntelligence(t, 'cardiff', people.analyst.auth, {
        reportedOn: '2026-01-15',
        requirementIndex: 0,
        handlingCode: 'C',
        handlingConditions: { text: 'custodians' },
      });
      const engagement = await recordEngagement(t, 'cardiff', people.analyst.auth, { heldOn: '2026-01-15' });
      const issue = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id, { requirementIndex: 2, category: 'hate-crime' });
      expectProblem(
        await client(t, people.analyst.auth)
          .post(`${cardiff}/intelligence`)
          .send(intelligenceBody({ requirementIndex: 3 })),
        422,
        'unknown-requirement',
      );

      const res = await client(t, people.viewer.auth).get(`${cardiff}/strategic-assessments/${assessment.id}/intelligence-requirement`).expect(200);
      assert.deepEqual(res.body.period, { from: '2026-01-15', to: '2026-01-15' });
      assert.deepEqual(
        (res.body.items as Json[]).map((i) => [i.index, i.received, i.gap]),
        [
          [0, 2, false],
          [1, 0, true],
          [2, 1, false],
        ],
      );
      assert.equal(res.body.gaps, 1);
      const first = res.body.items[0];
      assert.deepEqual((first.intelligence as Json[]).map((s) => s.id).sort(), [item.id, null].sort());
      assert.ok(!JSON.stringify(res.body).includes(hidden.id));
      assert.equal(res.body.items[2].engagementIssues[0].id, issue.id);

      const group = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police], level: 'strategic' });
      const meeting = await scheduleMeeting(t, 'cardiff', people.chair.auth, group.id, '2026-01-29T10:00:00Z');
      const agenda = (await getMeeting(t, 'cardiff', people.viewer.auth, meeting.id)).agenda;
      assert.deepEqual(agenda.strategicReview.intelligenceRequirementGaps, [{ index: 1, requirement: 'Who supplies the knives seized in the city centre?' }]);
      // The agenda names gaps, never items: nothing of a C-coded item is on it.
      assert.ok(!JSON.stringify(agenda).includes(hidden.id) && !JSON.stringify(agenda).includes(hidden.content));
    });
  });

  describe('the OpenAPI document', () => {
    it("describes every field the intelligence routes answer with, and the contract's names", async () => {
      const doc = (await t.http.get('/docs/openapi.json').expect(200)).body as {
        components: { schemas: Record<string, { properties: Record<string, Json> }> };
      };
      const fields = (schema: string) => Object.keys(doc.components.schemas[schema]?.properties ?? {}).sort();
      const covers = (schema: string, body: Json) =>
        assert.deepEqual(
          Object.keys(body).filter((k) => !fields(schema).includes(k)),
          [],
          `${schema} documents every field`,
        );
      const source = await recordSource(t, 'cardiff', people.analyst.auth);
      const problem = await createProblem(t, 'cardiff', people.analyst.auth);
      const item = await recordIntelligence(t, 'cardiff', people.analyst.auth, {
        sourceId: source.id,
        problemId: problem.id,
        handlingCode: 'C',
        handlingConditions: { text: 'Chairs', roles: ['chair'] },
      });
      covers('IntelligenceItemDto', item);
      covers('HandlingConditionsOutDto', item.handlingConditions);
      covers('IntelligenceSourceDto', source);
      const summaries = (await client(t, people.viewer.auth).get(`${cardiff}/problems/${problem.id}/intelligence`).expect(200)).body;
      covers('IntelligenceSummaryListDto', summaries);
      covers('IntelligenceSummaryDto', summaries.items[0]);
      for (const field of [
        'sourceEvaluation',
        'intelligenceAssessment',
        'handlingCode',
        'handlingConditions',
        'sourceId',
        'problemId',
        'priorityId',
        'requirementIndex',
      ]) {
        assert.ok(fields('CreateIntelligenceDto').includes(field), field);
      }
      assert.deepEqual(entryOf(entryOf(doc.components.schemas, 'CreateIntelligenceDto').properties, 'sourceEvaluation').enum, [1, 2, 3]);
      assert.deepEqual(entryOf(entryOf(doc.components.schemas, 'CreateIntelligenceDto').properties, 'intelligenceAssessment').enum, ['A', 'B', 'C', 'D', 'E']);
      assert.deepEqual(entryOf(entryOf(doc.components.schemas, 'CreateIntelligenceDto').properties, 'handlingCode').enum, ['P', 'C']);
      for (const schema of ['IntelligenceRequirementDto', 'RequirementAnswerDto']) assert.ok(fields(schema).length > 0, schema);
      assert.ok(fields('RequirementAnswerDto').includes('gap'));
    });
  });
});
