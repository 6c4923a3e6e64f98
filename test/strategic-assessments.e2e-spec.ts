import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { entryOf, firstOf } from '@app/testing';
import { addPriority, approvedAssessment, base, draftAssessment } from './support/assessments';
import { apiKey, bearersOf, member } from './support/identity';
import { expectProblem } from './support/problem-details';
import { client, etagOf } from './support/http';
import { auditOf, count, outboxOf } from './support/database';
import { useArranged, useTestApp } from './support/app';

/** Drafting, ranking and approving strategic assessments through the API. */
describe('strategic assessments', () => {
  const t = useTestApp();
  /** Bearer header values of Cardiff's and Newport's people, by role. */
  const cardiff = useArranged(() => bearersOf(t, 'cardiff', ['analyst', 'chair', 'partner', 'viewer', 'admin']));
  const newport = useArranged(() => bearersOf(t, 'newport', ['analyst', 'chair']));
  const cdf = base('cardiff');

  describe('drafting', () => {
    it('creates a draft with its horizon scan, stores it, and audits it', async () => {
      const res = await client(t, cardiff.analyst)
        .post(`${cdf}/strategic-assessments`)
        .send({
          title: '  Cardiff strategic assessment 2026-27 ',
          periodStart: '2026-04-01',
          periodEnd: '2027-03-31',
          pestelo: { political: 'New Police and Crime Plan', legal: 'Serious Violence Duty' },
          intelligenceRequirement: ['Where does county-lines supply come from?'],
          dataSources: ['South Wales Police recorded crime', 'Council ASB team'],
          authors: ['CSP analyst team'],
        });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.headers.etag, `"${res.body.id}.1"`);
      assert.equal(res.body.title, 'Cardiff strategic assessment 2026-27');
      assert.equal(res.body.status, 'draft');
      assert.deepEqual(res.body.pestelo, {
        political: 'New Police and Crime Plan',
        economic: null,
        social: null,
        technological: null,
        environmental: null,
        legal: 'Serious Violence Duty',
        organisational: null,
      });
      assert.deepEqual(res.body.intelligenceRequirement, ['Where does county-lines supply come from?']);
      assert.deepEqual(res.body.priorities, []);
      for (const field of ['approvedAt', 'approvedBy', 'lastReviewedAt', 'nextReviewDue', 'reviewState']) assert.equal(res.body[field], null, field);
      const [row] = await t.db.query<{ status: string; period_start: string; partnership: string }>(
        `SELECT a.status, a.period_start::text, p.code AS partnership FROM strategic_assessments a JOIN partnerships p ON p.id = a.partnership_id WHERE a.id = $1`,
        [res.body.id],
      );
      assert.deepEqual(row, { status: 'draft', period_start: '2026-04-01', partnership: 'cardiff' });
      assert.deepEqual(
        (await auditOf(t, res.body.id)).map((a) => a.action),
        ['strategic_assessment.created'],
      );
      assert.deepEqual(await outboxOf(t, res.body.id), [], 'drafting publishes no event');
    });

    it('patches only the fields sent, merges PESTELO headings, and moves the ETag', async () => {
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst, { pestelo: { economic: 'Cost of living', social: 'Student population' } });
      const res = await client(t, cardiff.analyst)
        .patch(`${cdf}/strategic-assessments/${draft.id}`)
        .set('if-match', `"${draft.id}.1"`)
        .send({ pestelo: { social: null, technological: 'Online fraud' }, periodEnd: '2027-06-30' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.headers.etag, `"${draft.id}.2"`);
      assert.equal(res.body.title, draft.title);
      assert.equal(res.body.periodEnd, '2027-06-30');
      assert.equal(res.body.pestelo.economic, 'Cost of living');
      assert.equal(res.body.pestelo.social, null);
      assert.equal(res.body.pestelo.technological, 'Online fraud');
      // The old ETag is now stale.
      const stale = await client(t, cardiff.analyst)
        .patch(`${cdf}/strategic-assessments/${draft.id}`)
        .set('if-match', `"${draft.id}.1"`)
        .send({ title: 'Too late' });
      expectProblem(stale, 412, 'precondition-failed');
      const row = firstOf(await t.db.query<{ title: string }>('SELECT title FROM strategic_assessments WHERE id = $1', [draft.id]));
      assert.equal(row.title, draft.title);
    });

    it('refuses invalid drafts with 400 and field errors, storing nothing', async () => {
      const before = await count(t, 'strategic_assessments');
      const res = await client(t, cardiff.analyst)
        .post(`${cdf}/strategic-assessments`)
        .send({ title: 'x', periodStart: '2026-02-30', periodEnd: 'soon', pestelo: { weather: 'rain' }, dataSources: 'police', colour: 'red' });
      const body = expectProblem(res, 400, 'validation');
      const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
      assert.deepEqual([...new Set(paths)], ['colour', 'dataSources', 'periodEnd', 'periodStart', 'pestelo.weather', 'title']);
      const backwards = await client(t, cardiff.analyst)
        .post(`${cdf}/strategic-assessments`)
        .send({ title: 'Backwards', periodStart: '2026-04-01', periodEnd: '2026-03-31' });
      assert.deepEqual(
        (expectProblem(backwards, 400, 'validation').errors as { path: string }[]).map((e) => e.path),
        ['periodEnd'],
      );
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst);
      const nulled = await client(t, cardiff.analyst).patch(`${cdf}/strategic-assessments/${draft.id}`).send({ title: null });
      expectProblem(nulled, 400, 'validation');
      assert.equal(await count(t, 'strategic_assessments'), before + 1);
    });

    it('computes riskScore and ranks by score, then impact, then creation order', async () => {
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst);
      const low = await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Low-level ASB', impact: 1, likelihood: 2 });
      assert.equal(low.riskScore, 2);
      assert.equal(low.rank, 1);
      const likely = await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Shop theft', impact: 2, likelihood: 4 });
      const harmful = await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Knife crime', impact: 4, likelihood: 2 });
      const harmfulLater = await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Domestic abuse', impact: 4, likelihood: 2 });
      const top = await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Exploitation', impact: 4, likelihood: 4 });
      const res = await client(t, cardiff.viewer).get(`${cdf}/strategic-assessments/${draft.id}`).expect(200);
      const ranked = (res.body.priorities as { id: string; rank: number; riskScore: number }[]).map((p) => [p.rank, p.id, p.riskScore]);
      assert.deepEqual(ranked, [
        [1, top.id, 16],
        [2, harmful.id, 8],
        [3, harmfulLater.id, 8],
        [4, likely.id, 8],
        [5, low.id, 2],
      ]);
      assert.equal(res.headers.etag, `"${draft.id}.6"`, "each priority change moves the assessment's version");
      // Re-scoring one moves it; deleting one closes the gap.
      const rescored = await client(t, cardiff.analyst)
        .patch(`${cdf}/strategic-assessments/${draft.id}/priorities/${low.id}`)
        .send({ impact: 4, likelihood: 3 });
      assert.equal(rescored.status, 200, JSON.stringify(rescored.body));
      assert.deepEqual([rescored.body.riskScore, rescored.body.rank], [12, 2]);
      await client(t, cardiff.analyst).delete(`${cdf}/strategic-assessments/${draft.id}/priorities/${top.id}`).expect(204);
      const { ranks } = firstOf(
        await t.db.query<{ ranks: string }>(
          `SELECT string_agg(title || ':' || rank, ', ' ORDER BY rank) AS ranks FROM assessment_priorities WHERE strategic_assessment_id = $1`,
          [draft.id],
        ),
      );
      assert.equal(ranks, 'Low-level ASB:1, Knife crime:2, Domestic abuse:3, Shop theft:4');
      const actions = (
        await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE details->>'strategicAssessmentId' = $1 ORDER BY seq`, [draft.id])
      ).map((r) => r.action);
      assert.deepEqual(actions, [...Array(5).fill('assessment_priority.created'), 'assessment_priority.updated', 'assessment_priority.deleted']);
    });

    it('refuses impact and likelihood outside 1-4 with 400', async () => {
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst);
      for (const [impact, likelihood] of [
        [0, 2],
        [5, 2],
        [2, 0],
        [2, 5],
        [2.5, 2],
        ['3', 2],
      ]) {
        const res = await client(t, cardiff.analyst)
          .post(`${cdf}/strategic-assessments/${draft.id}/priorities`)
          .send({ title: 'Bad score', category: 'asb', impact, likelihood });
        const errors = expectProblem(res, 400, 'validation').errors as { path: string }[];
        assert.ok(
          errors.some((e) => e.path === (impact === 2 ? 'likelihood' : 'impact')),
          JSON.stringify(errors),
        );
      }
      const ok = await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Good score', impact: 1, likelihood: 4 });
      expectProblem(
        await client(t, cardiff.analyst).patch(`${cdf}/strategic-assessments/${draft.id}/priorities/${ok.id}`).send({ likelihood: 9 }),
        400,
        'validation',
      );
      expectProblem(
        await client(t, cardiff.analyst).patch(`${cdf}/strategic-assessments/${draft.id}/priorities/${ok.id}`).send({ impact: null }),
        400,
        'validation',
      );
      const { n } = firstOf(
        await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM assessment_priorities WHERE strategic_assessment_id = $1', [draft.id]),
      );
      assert.equal(n, 1);
    });

    it('honours If-Match on priorities', async () => {
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst);
      const p = await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Arson', impact: 3, likelihood: 2 });
      const read = await client(t, cardiff.viewer).get(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`).expect(200);
      assert.equal(read.headers.etag, `"${p.id}.1"`);
      const changed = await client(t, cardiff.analyst)
        .patch(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`)
        .set('if-match', etagOf(read))
        .send({ title: 'Deliberate fires' });
      assert.equal(changed.status, 200);
      assert.equal(changed.headers.etag, `"${p.id}.2"`);
      expectProblem(await client(t, cardiff.analyst).delete(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`).set('if-match', etagOf(read)), 412);
      expectProblem(
        await client(t, cardiff.analyst)
          .patch(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`)
          .set('if-match', `"${draft.id}.1"`)
          .send({ title: 'x y z' }),
        412,
      );
      // The assessment's own ETag guards adding to it.
      expectProblem(
        await client(t, cardiff.analyst)
          .post(`${cdf}/strategic-assessments/${draft.id}/priorities`)
          .set('if-match', `"${draft.id}.1"`)
          .send({ title: 'Late', category: 'x', impact: 1, likelihood: 1 }),
        412,
      );
      await client(t, cardiff.analyst).delete(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`).set('if-match', changed.headers.etag).expect(204);
    });

    it('lists newest first with keyset pages and a status filter', async () => {
      const torfaenAnalyst = (await member(t, 'torfaen', 'analyst')).auth;
      const mine: string[] = [];
      for (let i = 0; i < 3; i++) mine.push((await draftAssessment(t, 'torfaen', torfaenAnalyst, { title: `Torfaen draft ${i}` })).id);
      const torfaenViewer = (await member(t, 'torfaen', 'viewer')).auth;
      const first = await client(t, torfaenViewer)
        .get(`${base('torfaen')}/strategic-assessments?limit=2`)
        .expect(200);
      assert.deepEqual(
        first.body.items.map((a: { id: string }) => a.id),
        [mine[2], mine[1]],
      );
      const second = await client(t, torfaenViewer)
        .get(`${base('torfaen')}/strategic-assessments?limit=2&cursor=${first.body.nextCursor}`)
        .expect(200);
      assert.deepEqual(
        second.body.items.map((a: { id: string }) => a.id),
        [mine[0]],
      );
      assert.equal(second.body.nextCursor, null);
      const approved = await client(t, torfaenViewer)
        .get(`${base('torfaen')}/strategic-assessments?status=approved`)
        .expect(200);
      assert.deepEqual(approved.body.items, []);
      expectProblem(await client(t, torfaenViewer).get(`${base('torfaen')}/strategic-assessments?status=archived`), 400, 'validation');
    });
  });

  describe('approval', () => {
    it('needs at least one priority (422), and writes nothing when refused', async () => {
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst);
      const auditBefore = await count(t, 'audit_events');
      expectProblem(await client(t, cardiff.chair).post(`${cdf}/strategic-assessments/${draft.id}/approve`), 422, 'assessment-has-no-priorities');
      assert.equal(await count(t, 'audit_events'), auditBefore);
      assert.deepEqual(await outboxOf(t, draft.id), []);
      const row = firstOf(await t.db.query<{ status: string }>('SELECT status FROM strategic_assessments WHERE id = $1', [draft.id]));
      assert.equal(row.status, 'draft');
    });

    it('approves, starts the review cycle, supersedes the previous one, and records both', async () => {
      const chairUser = await member(t, 'bridgend', 'chair');
      const bAnalyst = (await member(t, 'bridgend', 'analyst')).auth;
      const first = await approvedAssessment(t, 'bridgend', bAnalyst, chairUser.auth);
      assert.equal(first.status, 'approved');
      assert.equal(first.approvedAt, '2026-01-15T10:00:00.000Z');
      assert.equal(first.approvedBy, chairUser.user.id);
      assert.equal(first.nextReviewDue, '2026-04-15');
      assert.equal(first.reviewState, 'not_due');
      assert.deepEqual(
        (await outboxOf(t, first.id)).map((e) => [e.type, e.data.status, e.data.nextReviewDue, e.data.supersededAssessmentId]),
        [['strategic_assessment.approved', 'approved', '2026-04-15', null]],
      );

      const second = await draftAssessment(t, 'bridgend', bAnalyst, { title: 'Refreshed assessment' });
      await addPriority(t, 'bridgend', bAnalyst, second.id, { title: 'Exploitation', impact: 4, likelihood: 4 });
      const read = await client(t, chairUser.auth)
        .get(`${base('bridgend')}/strategic-assessments/${second.id}`)
        .expect(200);
      const approved = await client(t, chairUser.auth)
        .post(`${base('bridgend')}/strategic-assessments/${second.id}/approve`)
        .set('if-match', etagOf(read));
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      const old = await client(t, chairUser.auth)
        .get(`${base('bridgend')}/strategic-assessments/${first.id}`)
        .expect(200);
      assert.equal(old.body.status, 'superseded');
      assert.equal(old.body.supersededById, second.id);
      assert.equal(old.body.nextReviewDue, null);
      assert.equal(old.body.reviewState, null);
      const rows = await t.db.query<{ id: string; status: string }>(
        `SELECT a.id, a.status FROM strategic_assessments a JOIN partnerships p ON p.id = a.partnership_id WHERE p.code = 'bridgend' AND a.status <> 'draft' ORDER BY a.id`,
      );
      assert.deepEqual(rows, [
        { id: first.id, status: 'superseded' },
        { id: second.id, status: 'approved' },
      ]);
      assert.deepEqual(
        (await auditOf(t, first.id)).map((a) => a.action),
        ['strategic_assessment.created', 'strategic_assessment.approved', 'strategic_assessment.superseded'],
      );
      const approvedAudit = (await auditOf(t, second.id)).find((a) => a.action === 'strategic_assessment.approved')!;
      assert.equal(approvedAudit.actor_id, chairUser.user.id);
      assert.equal(approvedAudit.details.supersededAssessmentId, first.id);
      assert.deepEqual(
        (await outboxOf(t, second.id)).map((e) => e.data.supersededAssessmentId),
        [first.id],
      );
    });

    it('refuses to approve twice, or to approve with a stale If-Match', async () => {
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst);
      await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Burglary', impact: 3, likelihood: 3 });
      expectProblem(await client(t, cardiff.chair).post(`${cdf}/strategic-assessments/${draft.id}/approve`).set('if-match', `"${draft.id}.1"`), 412);
      await client(t, cardiff.chair).post(`${cdf}/strategic-assessments/${draft.id}/approve`).expect(200);
      const outboxBefore = await count(t, 'outbox_events');
      expectProblem(await client(t, cardiff.chair).post(`${cdf}/strategic-assessments/${draft.id}/approve`), 409, 'assessment-not-draft');
      assert.equal(await count(t, 'outbox_events'), outboxBefore);
    });

    it('refuses every edit of an approved or superseded assessment with 409', async () => {
      const approved = await approvedAssessment(t, 'swansea', (await member(t, 'swansea', 'analyst')).auth, (await member(t, 'swansea', 'chair')).auth);
      const swanseaAnalyst = (await member(t, 'swansea', 'analyst')).auth;
      const path = `${base('swansea')}/strategic-assessments/${approved.id}`;
      const priorityId = approved.priorities[0].id as string;
      expectProblem(await client(t, swanseaAnalyst).patch(path).send({ title: 'Rewritten history' }), 409, 'assessment-not-draft');
      expectProblem(
        await client(t, swanseaAnalyst).post(`${path}/priorities`).send({ title: 'Late addition', category: 'x', impact: 2, likelihood: 2 }),
        409,
        'assessment-not-draft',
      );
      expectProblem(await client(t, swanseaAnalyst).patch(`${path}/priorities/${priorityId}`).send({ impact: 1 }), 409, 'assessment-not-draft');
      expectProblem(await client(t, swanseaAnalyst).delete(`${path}/priorities/${priorityId}`), 409, 'assessment-not-draft');
      const [row] = await t.db.query<{ title: string; n: number; impact: number }>(
        `SELECT a.title, (SELECT count(*)::int FROM assessment_priorities WHERE strategic_assessment_id = a.id) AS n,
                (SELECT impact FROM assessment_priorities WHERE id = $2) AS impact
           FROM strategic_assessments a WHERE a.id = $1`,
        [approved.id, priorityId],
      );
      assert.deepEqual(row, { title: approved.title, n: 1, impact: 4 });
    });

    it('leaves exactly one approved assessment when two drafts are approved at once', async () => {
      const pAnalyst = (await member(t, 'powys', 'analyst')).auth;
      const pChair = (await member(t, 'powys', 'chair')).auth;
      for (let round = 0; round < 3; round++) {
        const a = await draftAssessment(t, 'powys', pAnalyst, { title: `Race ${round} A` });
        const b = await draftAssessment(t, 'powys', pAnalyst, { title: `Race ${round} B` });
        await addPriority(t, 'powys', pAnalyst, a.id, { title: 'Rural theft', impact: 2, likelihood: 3 });
        await addPriority(t, 'powys', pAnalyst, b.id, { title: 'Rural theft', impact: 2, likelihood: 3 });
        const results = await Promise.all([a, b].map((d) => client(t, pChair).post(`${base('powys')}/strategic-assessments/${d.id}/approve`)));
        for (const res of results) assert.ok([200, 409].includes(res.status), `${res.status} ${JSON.stringify(res.body)}`);
        const rows = await t.db.query<{ id: string; status: string }>(`SELECT id, status FROM strategic_assessments WHERE id = ANY($1::uuid[]) ORDER BY id`, [
          [a.id, b.id],
        ]);
        const statuses = rows.map((r) => r.status).sort();
        assert.ok(
          JSON.stringify(statuses) === JSON.stringify(['approved', 'superseded']) || JSON.stringify(statuses) === JSON.stringify(['approved', 'draft']),
          `round ${round}: ${JSON.stringify(rows)}`,
        );
        const { n } = firstOf(
          await t.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM strategic_assessments a JOIN partnerships p ON p.id = a.partnership_id WHERE p.code = 'powys' AND a.status = 'approved'`,
          ),
        );
        assert.equal(n, 1, 'never two approved');
      }
    });

    it('holds one approved assessment per partnership in the database itself', async () => {
      await approvedAssessment(t, 'cardiff', cardiff.analyst, cardiff.chair);
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst);
      await assert.rejects(
        t.db.query(
          `UPDATE strategic_assessments SET status = 'approved', approved_at = now(), approved_by = gen_random_uuid(), review_anchor_date = '2026-01-15', next_review_due = '2026-04-15' WHERE id = $1`,
          [draft.id],
        ),
        /uq_strategic_assessments_one_approved/,
      );
    });
  });

  describe('who may do what', () => {
    it('lets analysts draft; chairs, partners and viewers not; only chairs (and admins) approve', async () => {
      const body = { title: 'Role check', periodStart: '2026-04-01', periodEnd: '2027-03-31' };
      for (const auth of [cardiff.chair, cardiff.partner, cardiff.viewer])
        expectProblem(await client(t, auth).post(`${cdf}/strategic-assessments`).send(body), 403, 'forbidden');
      const draft = await draftAssessment(t, 'cardiff', cardiff.analyst);
      const p = await addPriority(t, 'cardiff', cardiff.analyst, draft.id, { title: 'Drugs supply', impact: 3, likelihood: 4 });
      for (const auth of [cardiff.partner, cardiff.viewer, cardiff.chair]) {
        expectProblem(await client(t, auth).patch(`${cdf}/strategic-assessments/${draft.id}`).send({ title: 'Not mine to change' }), 403);
        expectProblem(await client(t, auth).patch(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`).send({ impact: 1 }), 403);
        expectProblem(await client(t, auth).delete(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`), 403);
      }
      for (const auth of [cardiff.analyst, cardiff.partner, cardiff.viewer])
        expectProblem(await client(t, auth).post(`${cdf}/strategic-assessments/${draft.id}/approve`), 403);
      for (const auth of [cardiff.partner, cardiff.viewer]) {
        await client(t, auth).get(`${cdf}/strategic-assessments/${draft.id}`).expect(200);
        await client(t, auth).get(`${cdf}/strategic-assessments`).expect(200);
      }
      const [row] = await t.db.query<{ status: string; title: string }>('SELECT status, title FROM strategic_assessments WHERE id = $1', [draft.id]);
      assert.deepEqual(row, { status: 'draft', title: draft.title });
      // The partnership's admin may do everything.
      await client(t, cardiff.admin).post(`${cdf}/strategic-assessments/${draft.id}/approve`).expect(200);
    });

    it('gives API keys what their scopes say, and never approval', async () => {
      const reader = (await apiKey(t, 'cardiff', cardiff.admin, ['assessments:read'])).key;
      const writer = (await apiKey(t, 'cardiff', cardiff.admin, ['assessments:write'])).key;
      const other = (await apiKey(t, 'cardiff', cardiff.admin, ['problems:write'])).key;
      await client(t, reader).get(`${cdf}/strategic-assessments`).expect(200);
      await client(t, writer).get(`${cdf}/strategic-assessments`).expect(200);
      expectProblem(await client(t, other).get(`${cdf}/strategic-assessments`), 403);
      expectProblem(
        await client(t, reader).post(`${cdf}/strategic-assessments`).send({ title: 'By key', periodStart: '2026-04-01', periodEnd: '2027-03-31' }),
        403,
      );
      const drafted = await client(t, writer)
        .post(`${cdf}/strategic-assessments`)
        .send({ title: 'By key', periodStart: '2026-04-01', periodEnd: '2027-03-31' });
      assert.equal(drafted.status, 201);
      await client(t, writer)
        .post(`${cdf}/strategic-assessments/${drafted.body.id}/priorities`)
        .send({ title: 'Keyed priority', category: 'x', impact: 2, likelihood: 2 })
        .expect(201);
      expectProblem(await client(t, writer).post(`${cdf}/strategic-assessments/${drafted.body.id}/approve`), 403);
      const audit = firstOf(await auditOf(t, drafted.body.id));
      assert.equal(audit.actor_id !== null, true, 'the key is the recorded actor');
    });
  });

  describe('isolation', () => {
    it("answers 404 for another partnership's assessment and priorities, and changes nothing there", async () => {
      const theirs = await approvedAssessment(t, 'newport', newport.analyst, newport.chair);
      const draft = await draftAssessment(t, 'newport', newport.analyst);
      const p = await addPriority(t, 'newport', newport.analyst, draft.id, { title: 'Newport only', impact: 2, likelihood: 2 });
      const snapshot = () =>
        t.db.query(`SELECT id, status, version, title FROM strategic_assessments WHERE id = ANY($1::uuid[]) ORDER BY id`, [[theirs.id, draft.id]]);
      const before = await snapshot();
      expectProblem(await client(t, cardiff.admin).get(`${cdf}/strategic-assessments/${theirs.id}`), 404, 'not-found');
      expectProblem(await client(t, cardiff.analyst).patch(`${cdf}/strategic-assessments/${draft.id}`).send({ title: 'Hijacked' }), 404);
      expectProblem(
        await client(t, cardiff.analyst)
          .post(`${cdf}/strategic-assessments/${draft.id}/priorities`)
          .send({ title: 'Hijack', category: 'x', impact: 1, likelihood: 1 }),
        404,
      );
      expectProblem(await client(t, cardiff.analyst).patch(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`).send({ impact: 4 }), 404);
      expectProblem(await client(t, cardiff.analyst).delete(`${cdf}/strategic-assessments/${draft.id}/priorities/${p.id}`), 404);
      expectProblem(await client(t, cardiff.chair).post(`${cdf}/strategic-assessments/${draft.id}/approve`), 404);
      expectProblem(await client(t, cardiff.chair).post(`${cdf}/strategic-assessments/${theirs.id}/reviews`).send({ summary: 'Not ours' }), 404);
      expectProblem(await client(t, cardiff.viewer).get(`${cdf}/strategic-assessments/${theirs.id}/reviews`), 404);
      expectProblem(await client(t, cardiff.viewer).get(`${cdf}/strategic-assessments/not-a-uuid`), 404);
      // And a Cardiff member cannot reach Newport's paths at all.
      expectProblem(await client(t, cardiff.viewer).get(`${base('newport')}/strategic-assessments/${theirs.id}`), 404);
      assert.deepEqual(await snapshot(), before);
      const listed = await client(t, cardiff.viewer).get(`${cdf}/strategic-assessments?limit=100`).expect(200);
      assert.ok(!listed.body.items.some((a: { id: string }) => a.id === theirs.id || a.id === draft.id));
    });
  });

  it('documents the resources in the OpenAPI document', async () => {
    const res = await t.http.get('/docs/openapi.json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    const p = '/api/v1/partnerships/{partnershipId}/strategic-assessments';
    assert.ok(entryOf(paths, p).get && entryOf(paths, p).post);
    assert.ok(entryOf(paths, `${p}/{assessmentId}`).get && entryOf(paths, `${p}/{assessmentId}`).patch);
    assert.ok(entryOf(paths, `${p}/{assessmentId}/priorities`).post);
    assert.ok(entryOf(paths, `${p}/{assessmentId}/priorities/{priorityId}`).patch && entryOf(paths, `${p}/{assessmentId}/priorities/{priorityId}`).delete);
    assert.ok(entryOf(paths, `${p}/{assessmentId}/approve`).post);
    assert.ok(entryOf(paths, `${p}/{assessmentId}/reviews`).post && entryOf(paths, `${p}/{assessmentId}/reviews`).get);
    const schema = res.body.components.schemas.StrategicAssessmentDto;
    for (const field of [
      'title',
      'periodStart',
      'periodEnd',
      'status',
      'pestelo',
      'intelligenceRequirement',
      'dataSources',
      'approvedAt',
      'approvedBy',
      'lastReviewedAt',
      'nextReviewDue',
      'reviewState',
      'priorities',
    ]) {
      assert.ok(schema.properties[field], `StrategicAssessmentDto.${field}`);
    }
    assert.deepEqual(schema.properties.reviewState.enum, ['not_due', 'due_soon', 'overdue']);
    assert.match(res.body.components.schemas.AssessmentPriorityDto.properties.rank.description, /riskScore.*impact.*order/);
  });
});
