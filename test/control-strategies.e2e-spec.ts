import assert from 'node:assert/strict';
import { beforeEach, describe, it } from '@jest/globals';
import { TransactionHost } from '@app/core';
import { ControlStrategiesService } from '@app/domain/strategy';
import { entryOf, firstN, firstOf } from '@app/testing';
import { addPriority, approvedBy, base, draftAssessment, draftStrategy, type PriorityBody } from './support/assessments';
import { agencyOf, apiKey, member, partnershipId, partnershipPeople } from './support/identity';
import { expectProblem } from './support/problem-details';
import { client, type Json, tokenNow } from './support/http';
import { auditOf, count, outboxOf } from './support/database';
import { useTestApp } from './support/app';

const plan = (objective = 'Reduce repeat locations') => ({ prevention: { objectives: [objective], measures: ['Incidents per month'] } });

/** Control strategies: versions built from the approved assessment, publishing, and resting on a stale assessment. */
describe('control strategies', () => {
  const t = useTestApp();
  const who = partnershipPeople(() => t);
  const approve = (code: string, priorities?: PriorityBody[]) => approvedBy(t, who, code, priorities);
  const draft = async (code: string, assessment: Json) => draftStrategy(t, code, (await who(code)).analyst, assessment, await agencyOf(t, code));
  const publish = async (code: string, id: string) => client(t, (await who(code)).chair).post(`${base(code)}/control-strategies/${id}/publish`);
  const current = async (code: string) => client(t, (await who(code)).analyst).get(`${base(code)}/control-strategies/current`);

  beforeEach(() => {
    t.clock.set('2026-01-15T10:00:00Z');
  });

  describe('drafting versions', () => {
    it("builds numbered draft versions from the approved assessment, keeping each priority's id across versions", async () => {
      const a = await approve('cardiff', [
        { title: 'Violence in the night-time economy', impact: 4, likelihood: 3 },
        { title: 'Exploitation', impact: 4, likelihood: 2 },
      ]);
      const [violence, exploitation] = firstN(a.priorities as Json[], 2);
      const police = await agencyOf(t, 'cardiff', 'police');
      const council = await agencyOf(t, 'cardiff', 'local_authority');
      const { analyst } = await who('cardiff');
      const body = {
        strategicAssessmentId: a.id,
        notes: 'First control strategy under the new assessment.',
        priorities: [
          {
            assessmentPriorityId: exploitation.id,
            leadAgencyId: police,
            strands: {
              intelligence: { objectives: ['Map supply routes'], measures: ['Submissions per month'] },
              enforcement: { objectives: ['Disrupt two lines a quarter'], measures: ['Lines closed'] },
            },
          },
          { assessmentPriorityId: violence.id, leadAgencyId: council, strands: plan() },
        ],
      };
      const v1 = await client(t, analyst)
        .post(`${base('cardiff')}/control-strategies`)
        .send(body);
      assert.equal(v1.status, 201, JSON.stringify(v1.body));
      assert.equal(v1.headers.etag, `"${v1.body.id}.1"`);
      assert.equal(v1.body.versionNumber, 1);
      assert.equal(v1.body.status, 'draft');
      assert.equal(v1.body.strategicAssessmentId, a.id);
      assert.equal(v1.body.staleAssessment, false);
      assert.deepEqual(
        v1.body.priorities.map((p: Json) => [p.position, p.assessmentPriorityId, p.title, p.leadAgencyId]),
        [
          [1, exploitation.id, 'Exploitation', police],
          [2, violence.id, 'Violence in the night-time economy', council],
        ],
      );
      assert.deepEqual(v1.body.priorities[0].strands.enforcement, { objectives: ['Disrupt two lines a quarter'], measures: ['Lines closed'] });

      const v2 = await client(t, analyst)
        .post(`${base('cardiff')}/control-strategies`)
        .send({ ...body, priorities: [{ ...body.priorities[1], strands: plan('Safer streets at weekends') }] });
      assert.equal(v2.status, 201);
      assert.equal(v2.body.versionNumber, 2);
      assert.equal(v2.body.priorities[0].id, v1.body.priorities[1].id, 'the same assessment priority keeps its control strategy priority id');
      assert.notEqual(v2.body.id, v1.body.id);

      // Both versions stay readable, newest first.
      const list = await client(t, analyst)
        .get(`${base('cardiff')}/control-strategies`)
        .expect(200);
      assert.deepEqual(
        list.body.items.map((s: Json) => s.versionNumber),
        [2, 1],
      );
      const page = await client(t, analyst)
        .get(`${base('cardiff')}/control-strategies?limit=1`)
        .expect(200);
      const rest = await client(t, analyst)
        .get(`${base('cardiff')}/control-strategies?limit=1&cursor=${page.body.nextCursor}`)
        .expect(200);
      assert.deepEqual([page.body.items[0].versionNumber, rest.body.items[0].versionNumber, rest.body.nextCursor], [2, 1, null]);
      const old = await client(t, analyst)
        .get(`${base('cardiff')}/control-strategies/${v1.body.id}`)
        .expect(200);
      assert.equal(old.body.priorities.length, 2);
      assert.deepEqual(
        (await auditOf(t, v1.body.id)).map((e) => e.action),
        ['control_strategy.created'],
      );
      assert.deepEqual(await outboxOf(t, v1.body.id), [], 'a draft publishes no event');
    });

    it('lets a version continue an earlier priority under its id explicitly', async () => {
      const first = await approve('newport', [{ title: 'Burglary', impact: 3, likelihood: 3 }]);
      const v1 = await draft('newport', first);
      const second = await approve('newport', [{ title: 'Burglary (refreshed)', impact: 3, likelihood: 4 }]);
      // Without continuity, a new assessment's priority gets a new id.
      const fresh = await draft('newport', second);
      assert.notEqual(fresh.priorities[0].id, v1.priorities[0].id);
      const agency = await agencyOf(t, 'newport');
      const res = await client(t, (await who('newport')).analyst)
        .post(`${base('newport')}/control-strategies`)
        .send({
          strategicAssessmentId: second.id,
          priorities: [{ id: v1.priorities[0].id, assessmentPriorityId: second.priorities[0].id, leadAgencyId: agency, strands: plan() }],
        });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.priorities[0].id, v1.priorities[0].id);
      // Later versions acting on that priority keep the continued id.
      assert.equal((await draft('newport', second)).priorities[0].id, v1.priorities[0].id);
      const unknown = await client(t, (await who('newport')).analyst)
        .post(`${base('newport')}/control-strategies`)
        .send({
          strategicAssessmentId: second.id,
          priorities: [{ id: '01900000-0000-7000-8000-000000000001', assessmentPriorityId: second.priorities[0].id, leadAgencyId: agency, strands: plan() }],
        });
      expectProblem(unknown, 422, 'unknown-control-strategy-priority');
    });

    it('refuses versions the rules forbid, with 422 naming the rule, and writes nothing', async () => {
      const a = await approve('torfaen', [{ title: 'ASB', impact: 2, likelihood: 4 }]);
      const otherDraft = await draftAssessment(t, 'torfaen', (await who('torfaen')).analyst);
      const stray = await addPriority(t, 'torfaen', (await who('torfaen')).analyst, otherDraft.id, { title: 'Stray', impact: 1, likelihood: 1 });
      const newportAssessment = await approve('newport');
      const agency = await agencyOf(t, 'torfaen');
      const foreignAgency = await agencyOf(t, 'newport');
      const good = { assessmentPriorityId: a.priorities[0].id, leadAgencyId: agency, strands: plan() };
      const { analyst } = await who('torfaen');
      const post = (body: unknown) =>
        client(t, analyst)
          .post(`${base('torfaen')}/control-strategies`)
          .send(body as object);
      const before = [await count(t, 'control_strategies'), await count(t, 'control_strategy_priorities'), await count(t, 'audit_events')];

      expectProblem(
        await post({ strategicAssessmentId: otherDraft.id, priorities: [{ ...good, assessmentPriorityId: stray.id }] }),
        422,
        'assessment-not-approved',
      );
      expectProblem(await post({ strategicAssessmentId: newportAssessment.id, priorities: [good] }), 422, 'unknown-assessment');
      expectProblem(await post({ strategicAssessmentId: '01900000-0000-7000-8000-000000000002', priorities: [good] }), 422, 'unknown-assessment');
      expectProblem(await post({ strategicAssessmentId: a.id, priorities: [{ ...good, assessmentPriorityId: stray.id }] }), 422, 'priority-not-in-assessment');
      expectProblem(
        await post({ strategicAssessmentId: a.id, priorities: [{ ...good, assessmentPriorityId: newportAssessment.priorities[0].id }] }),
        422,
        'priority-not-in-assessment',
      );
      expectProblem(await post({ strategicAssessmentId: a.id, priorities: [good, good] }), 422, 'duplicate-priority');
      const strand = expectProblem(
        await post({ strategicAssessmentId: a.id, priorities: [{ ...good, strands: { diversion: { objectives: [], measures: [] } } }] }),
        422,
        'unknown-strand',
      );
      assert.deepEqual(strand.strands, ['diversion']);
      expectProblem(await post({ strategicAssessmentId: a.id, priorities: [{ ...good, leadAgencyId: foreignAgency }] }), 422, 'agency-not-in-partnership');

      // Malformed input is a 400 with the field named.
      for (const strands of [
        {},
        [],
        { prevention: { objectives: ['x'] } },
        { prevention: { objectives: [], measures: [], owner: 'me' } },
        { prevention: { objectives: [7], measures: [] } },
        { 'Not A Strand': { objectives: [], measures: [] } },
      ]) {
        const errors = expectProblem(await post({ strategicAssessmentId: a.id, priorities: [{ ...good, strands }] }), 400, 'validation').errors as {
          path: string;
        }[];
        assert.deepEqual(
          errors.map((e) => e.path),
          ['priorities[0].strands'],
          JSON.stringify(strands),
        );
      }
      expectProblem(await post({ strategicAssessmentId: a.id, priorities: [] }), 400, 'validation');
      expectProblem(await post({ strategicAssessmentId: a.id, priorities: [{ ...good, leadAgencyId: 'police' }] }), 400, 'validation');
      expectProblem(await post({ strategicAssessmentId: a.id, priorities: [good], title: 'extra' }), 400, 'validation');

      assert.deepEqual([await count(t, 'control_strategies'), await count(t, 'control_strategy_priorities'), await count(t, 'audit_events')], before);
    });

    it("takes the strands from the partnership's settings", async () => {
      const { admin, analyst } = await who('powys');
      await client(t, admin)
        .patch(base('powys'))
        .send({ controlStrategyStrands: ['intelligence', 'prevention', 'diversion'] })
        .expect(200);
      const a = await approve('powys');
      const agency = await agencyOf(t, 'powys');
      const post = (strands: object) =>
        client(t, analyst)
          .post(`${base('powys')}/control-strategies`)
          .send({ strategicAssessmentId: a.id, priorities: [{ assessmentPriorityId: a.priorities[0].id, leadAgencyId: agency, strands }] });
      assert.equal((await post({ diversion: { objectives: ['Youth diversion scheme'], measures: ['Referrals'] } })).status, 201);
      expectProblem(await post({ enforcement: { objectives: ['Arrests'], measures: ['Charges'] } }), 422, 'unknown-strand');
    });
  });

  describe('publishing', () => {
    it('has no current strategy until one is published (404)', async () => {
      expectProblem(await current('ceredigion'), 404, 'not-found');
    });

    it('makes a draft current, supersedes the previous one, and records it', async () => {
      const a = await approve('swansea');
      const v1 = await draft('swansea', a);
      const v2 = await draft('swansea', a);
      const { chair, chairId } = await who('swansea');
      const published = await client(t, chair)
        .post(`${base('swansea')}/control-strategies/${v1.id}/publish`)
        .set('if-match', `"${v1.id}.1"`);
      assert.equal(published.status, 200, JSON.stringify(published.body));
      assert.equal(published.body.status, 'current');
      assert.equal(published.body.publishedBy, chairId);
      assert.equal(published.body.publishedAt, '2026-01-15T10:00:00.000Z');
      const cur = await current('swansea');
      assert.equal(cur.status, 200);
      assert.equal(cur.body.id, v1.id);
      assert.equal(cur.body.staleAssessment, false);
      assert.equal(cur.body.assessmentReviewState, 'not_due');
      assert.equal(cur.body.assessmentNextReviewDue, '2026-04-15');
      assert.ok(cur.headers.etag);

      await (
        await publish('swansea', v2.id)
      ).body;
      const rows = await t.db.query<{ version_number: number; status: string; superseded_by_id: string | null }>(
        `SELECT version_number, status, superseded_by_id FROM control_strategies WHERE partnership_id = $1 ORDER BY version_number`,
        [await partnershipId(t, 'swansea')],
      );
      assert.deepEqual(rows, [
        { version_number: 1, status: 'superseded', superseded_by_id: v2.id },
        { version_number: 2, status: 'current', superseded_by_id: null },
      ]);
      assert.equal((await current('swansea')).body.id, v2.id);
      assert.deepEqual(
        (await outboxOf(t, v2.id)).map((e) => [e.type, e.data.versionNumber, e.data.supersededControlStrategyId, e.data.strategicAssessmentId]),
        [['control_strategy.published', 2, v1.id, a.id]],
      );
      assert.deepEqual(
        (await auditOf(t, v1.id)).map((e) => e.action),
        ['control_strategy.created', 'control_strategy.published', 'control_strategy.superseded'],
      );
      // Publishing again is an illegal transition; nothing more is written.
      const outbox = await count(t, 'outbox_events');
      expectProblem(await publish('swansea', v1.id), 409, 'control-strategy-not-draft');
      expectProblem(await publish('swansea', v2.id), 409, 'control-strategy-not-draft');
      assert.equal(await count(t, 'outbox_events'), outbox);
    });

    it('refuses to publish on an overdue assessment until a review is recorded, and flips staleAssessment', async () => {
      const a = await approve('wrexham');
      const v1 = await draft('wrexham', a);
      assert.equal((await publish('wrexham', v1.id)).status, 200);
      const v2 = await draft('wrexham', a);

      t.clock.set('2026-04-15T12:00:00Z');
      assert.equal((await current('wrexham')).body.staleAssessment, false, 'due today is not yet overdue');
      t.clock.set('2026-04-16T08:00:00Z');
      const stale = await current('wrexham');
      assert.equal(stale.body.staleAssessment, true);
      assert.equal(stale.body.assessmentReviewState, 'overdue');
      const outbox = await count(t, 'outbox_events');
      const refused = expectProblem(await publish('wrexham', v2.id), 422, 'assessment-review-overdue');
      assert.equal(refused.nextReviewDue, '2026-04-15');
      assert.equal(await count(t, 'outbox_events'), outbox, 'no event for a refused publication');
      const row = firstOf(await t.db.query<{ status: string }>('SELECT status FROM control_strategies WHERE id = $1', [v2.id]));
      assert.equal(row.status, 'draft');

      await client(t, (await who('wrexham')).chair)
        .post(`${base('wrexham')}/strategic-assessments/${a.id}/reviews`)
        .send({ summary: 'Late review' })
        .expect(201);
      assert.equal((await current('wrexham')).body.staleAssessment, false);
      assert.equal((await publish('wrexham', v2.id)).status, 200);
      assert.equal((await current('wrexham')).body.id, v2.id);
    });

    it('marks the current strategy stale when a newer assessment is approved, and refuses drafts built on the old one', async () => {
      const a = await approve('flintshire');
      const v1 = await draft('flintshire', a);
      const v2 = await draft('flintshire', a);
      await publish('flintshire', v1.id);
      const b = await approve('flintshire');
      const cur = await current('flintshire');
      assert.equal(cur.body.id, v1.id);
      assert.equal(cur.body.staleAssessment, true);
      assert.equal(cur.body.assessmentStatus, 'superseded');
      assert.equal(cur.body.assessmentReviewState, null);
      expectProblem(await publish('flintshire', v2.id), 422, 'assessment-superseded');
      const v3 = await draft('flintshire', b);
      assert.equal((await publish('flintshire', v3.id)).status, 200);
      assert.equal((await current('flintshire')).body.staleAssessment, false);
    });

    it('refuses a draft whose assessment priority a review has since removed', async () => {
      const a = await approve('monmouthshire', [
        { title: 'Speeding', impact: 2, likelihood: 4 },
        { title: 'Rural crime', impact: 3, likelihood: 2 },
      ]);
      const v1 = await draft('monmouthshire', a);
      await client(t, (await who('monmouthshire')).chair)
        .post(`${base('monmouthshire')}/strategic-assessments/${a.id}/reviews`)
        .send({ summary: 'Speeding goes to the road safety partnership', priorityChanges: { remove: [{ priorityId: a.priorities[0].id }] } })
        .expect(201);
      expectProblem(await publish('monmouthshire', v1.id), 422, 'priority-removed-from-assessment');
      // The removed priority cannot go into a new version either.
      const again = await client(t, (await who('monmouthshire')).analyst)
        .post(`${base('monmouthshire')}/control-strategies`)
        .send({
          strategicAssessmentId: a.id,
          priorities: [{ assessmentPriorityId: a.priorities[0].id, leadAgencyId: await agencyOf(t, 'monmouthshire'), strands: plan() }],
        });
      expectProblem(again, 422, 'priority-not-in-assessment');
    });

    it('leaves exactly one current strategy when two drafts are published at once', async () => {
      const a = await approve('caerphilly');
      for (let round = 0; round < 3; round++) {
        const x = await draft('caerphilly', a);
        const y = await draft('caerphilly', a);
        const { chair } = await who('caerphilly');
        const results = await Promise.all([x, y].map((s) => client(t, chair).post(`${base('caerphilly')}/control-strategies/${s.id}/publish`)));
        for (const res of results) assert.ok([200, 409].includes(res.status), JSON.stringify(res.body));
        const { n } = firstOf(
          await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM control_strategies WHERE partnership_id = $1 AND status = 'current'`, [
            await partnershipId(t, 'caerphilly'),
          ]),
        );
        assert.equal(n, 1);
      }
      const draftRow = firstOf(
        await t.db.query<{ id: string }>(`SELECT id FROM control_strategies WHERE partnership_id = $1 AND status = 'superseded' LIMIT 1`, [
          await partnershipId(t, 'caerphilly'),
        ]),
      );
      await assert.rejects(t.db.query(`UPDATE control_strategies SET status = 'current' WHERE id = $1`, [draftRow.id]), /uq_control_strategies_one_current/);
    });

    it('honours If-Match on publish', async () => {
      const a = await approve('blaenau-gwent');
      const v1 = await draft('blaenau-gwent', a);
      expectProblem(
        await client(t, (await who('blaenau-gwent')).chair)
          .post(`${base('blaenau-gwent')}/control-strategies/${v1.id}/publish`)
          .set('if-match', `"${v1.id}.7"`),
        412,
      );
      expectProblem(
        await client(t, (await who('blaenau-gwent')).chair)
          .post(`${base('blaenau-gwent')}/control-strategies/${v1.id}/publish`)
          .set('if-match', `"${a.id}.1"`),
        412,
      );
      const row = firstOf(await t.db.query<{ status: string }>('SELECT status FROM control_strategies WHERE id = $1', [v1.id]));
      assert.equal(row.status, 'draft');
    });
  });

  describe('who may do what', () => {
    it('lets analysts draft, chairs publish, and everyone read; API keys draft and read by scope but never publish', async () => {
      const a = await approve('pembrokeshire');
      const { admin } = await who('pembrokeshire');
      const partner = (await member(t, 'pembrokeshire', 'partner')).auth;
      const viewer = (await member(t, 'pembrokeshire', 'viewer')).auth;
      const reader = (await apiKey(t, 'pembrokeshire', admin, ['assessments:read'])).key;
      const writer = (await apiKey(t, 'pembrokeshire', admin, ['assessments:write'])).key;
      const agency = await agencyOf(t, 'pembrokeshire');
      const body = { strategicAssessmentId: a.id, priorities: [{ assessmentPriorityId: a.priorities[0].id, leadAgencyId: agency, strands: plan() }] };
      const path = `${base('pembrokeshire')}/control-strategies`;
      for (const auth of [partner, viewer, (await who('pembrokeshire')).chair, reader])
        expectProblem(await client(t, auth).post(path).send(body), 403, 'forbidden');
      const byKey = await client(t, writer).post(path).send(body);
      assert.equal(byKey.status, 201);
      for (const auth of [(await who('pembrokeshire')).analyst, partner, viewer, writer]) {
        expectProblem(await client(t, auth).post(`${path}/${byKey.body.id}/publish`), 403, 'forbidden');
      }
      for (const auth of [partner, viewer, reader]) {
        await client(t, auth).get(path).expect(200);
        await client(t, auth).get(`${path}/${byKey.body.id}`).expect(200);
      }
      await client(t, (await who('pembrokeshire')).chair)
        .post(`${path}/${byKey.body.id}/publish`)
        .expect(200);
      for (const auth of [partner, viewer, reader]) assert.equal((await client(t, auth).get(`${path}/current`)).status, 200);
    });

    it("answers 404 for another partnership's strategy and changes nothing there", async () => {
      const a = await approve('bridgend');
      const theirs = await draft('bridgend', a);
      const cardiffChair = await tokenNow(t, (await who('cardiff')).chairId);
      expectProblem(await client(t, cardiffChair).get(`${base('cardiff')}/control-strategies/${theirs.id}`), 404, 'not-found');
      expectProblem(await client(t, cardiffChair).post(`${base('cardiff')}/control-strategies/${theirs.id}/publish`), 404, 'not-found');
      expectProblem(await client(t, cardiffChair).get(`${base('bridgend')}/control-strategies/current`), 404);
      expectProblem(await client(t, cardiffChair).get(`${base('cardiff')}/control-strategies/not-a-uuid`), 404);
      const [row] = await t.db.query<{ status: string; version: number }>('SELECT status, version FROM control_strategies WHERE id = $1', [theirs.id]);
      assert.deepEqual(row, { status: 'draft', version: 1 });
    });
  });

  describe('for problems and actions', () => {
    it('finds the priorities of the current strategy by their stable id, and nothing else', async () => {
      const a = await approve('gwynedd-anglesey', [
        { title: 'Rural burglary', impact: 3, likelihood: 3 },
        { title: 'Holiday-season ASB', impact: 2, likelihood: 3 },
      ]);
      const v1 = await draft('gwynedd-anglesey', a);
      const service = t.app.get(ControlStrategiesService);
      const tx = t.app.get(TransactionHost);
      const pid = await partnershipId(t, 'gwynedd-anglesey');
      const inPartnership = <T>(work: () => Promise<T>) => tx.run(pid, work);
      assert.deepEqual(await inPartnership(() => service.listCurrentPriorities(pid)), [], 'no current strategy yet');
      assert.equal(await inPartnership(() => service.findCurrentPriority(pid, v1.priorities[0].id)), null, 'a draft is not current');

      await publish('gwynedd-anglesey', v1.id);
      const agency = await agencyOf(t, 'gwynedd-anglesey');
      const listed = await inPartnership(() => service.listCurrentPriorities(pid));
      assert.deepEqual(
        listed,
        (v1.priorities as Json[]).map((p) => ({
          id: p.id,
          controlStrategyId: v1.id,
          assessmentPriorityId: p.assessmentPriorityId,
          title: p.title,
          leadAgencyId: agency,
        })),
      );
      assert.deepEqual(await inPartnership(() => service.findCurrentPriority(pid, v1.priorities[1].id)), listed[1]);
      assert.equal(await inPartnership(() => service.findCurrentPriority(pid, '01900000-0000-7000-8000-000000000003')), null);
      assert.equal(await inPartnership(() => service.findCurrentPriority(pid, 'nonsense')), null);

      // A new version that keeps one priority: its id still resolves, now in the new version; the dropped one no longer does.
      const agencyId = await agencyOf(t, 'gwynedd-anglesey');
      const v2 = await client(t, (await who('gwynedd-anglesey')).analyst)
        .post(`${base('gwynedd-anglesey')}/control-strategies`)
        .send({
          strategicAssessmentId: a.id,
          priorities: [{ assessmentPriorityId: v1.priorities[0].assessmentPriorityId, leadAgencyId: agencyId, strands: plan() }],
        });
      await publish('gwynedd-anglesey', v2.body.id);
      const kept = await inPartnership(() => service.findCurrentPriority(pid, v1.priorities[0].id));
      assert.equal(kept?.controlStrategyId, v2.body.id);
      assert.equal(await inPartnership(() => service.findCurrentPriority(pid, v1.priorities[1].id)), null);

      // Another partnership sees none of it.
      const other = await partnershipId(t, 'cwm-taf');
      assert.equal(await tx.run(other, () => service.findCurrentPriority(other, v1.priorities[0].id)), null);
      assert.equal(await tx.run(other, () => service.findCurrentPriority(pid, v1.priorities[0].id)), null, 'row-level security hides it even when asked by id');
    });
  });

  it('documents the resources in the OpenAPI document', async () => {
    const res = await t.http.get('/docs/openapi.json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, Json>>;
    const p = '/api/v1/partnerships/{partnershipId}/control-strategies';
    assert.ok(entryOf(paths, p).get && entryOf(paths, p).post);
    assert.ok(entryOf(paths, `${p}/current`).get);
    assert.ok(entryOf(paths, `${p}/{controlStrategyId}`).get);
    assert.match(entryOf(entryOf(paths, `${p}/{controlStrategyId}/publish`), 'post').description, /assessment-review-overdue/);
    const schema = res.body.components.schemas.ControlStrategyDto;
    for (const field of ['versionNumber', 'status', 'strategicAssessmentId', 'priorities', 'staleAssessment']) assert.ok(schema.properties[field], field);
    assert.ok(res.body.components.schemas.StrandPlanDto);
  });
});
