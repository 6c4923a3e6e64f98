import assert from 'node:assert/strict';
import { beforeEach, describe, it } from '@jest/globals';
import { firstOf } from '@app/testing';
import { addPriority, approvedBy, base, draftAssessment, type PriorityBody } from './support/assessments';
import { apiKey, member, partnershipPeople } from './support/identity';
import { expectProblem } from './support/problem-details';
import { client, etagOf, type Json } from './support/http';
import { auditOf, count, outboxOf } from './support/database';
import { useTestApp } from './support/app';

/** The enforced review cycle: due dates on Europe/London calendar dates, reviews, and interval changes. */
describe('the review cycle of strategic assessments', () => {
  const t = useTestApp();
  const who = partnershipPeople(() => t);
  const approve = (code: string, priorities?: PriorityBody[]) => approvedBy(t, who, code, priorities);
  const read = async (code: string, id: string) =>
    (
      await client(t, (await who(code)).analyst)
        .get(`${base(code)}/strategic-assessments/${id}`)
        .expect(200)
    ).body as Json;
  const setInterval = async (code: string, months: number) => {
    const res = await client(t, (await who(code)).admin)
      .patch(base(code))
      .send({ reviewIntervalMonths: months });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  beforeEach(() => {
    t.clock.set('2026-01-15T10:00:00Z');
  });

  describe('when a review is due', () => {
    it('is not due, then due soon for 14 days, due soon on the day itself, and overdue the day after', async () => {
      const a = await approve('cardiff');
      assert.equal(a.nextReviewDue, '2026-04-15', 'approved 15 January with the default 3 months');
      const state = async (instant: string) => {
        t.clock.set(instant);
        return (await read('cardiff', a.id)).reviewState;
      };
      assert.equal(await state('2026-03-31T12:00:00Z'), 'not_due');
      assert.equal(await state('2026-04-01T12:00:00Z'), 'due_soon', '14 days before');
      assert.equal(await state('2026-04-14T12:00:00Z'), 'due_soon', 'the day before');
      assert.equal(await state('2026-04-15T12:00:00Z'), 'due_soon', 'the day it is due');
      assert.equal(await state('2026-04-15T22:59:59Z'), 'due_soon', 'still the 15th in London (BST)');
      assert.equal(await state('2026-04-15T23:00:00Z'), 'overdue', 'midnight in London: the day after');
      assert.equal(await state('2026-04-16T12:00:00Z'), 'overdue', 'the day after');
      assert.equal((await read('cardiff', a.id)).nextReviewDue, '2026-04-15', 'reading never moves the due date');
    });

    it('counts calendar months and clamps to the end of the month', async () => {
      t.clock.set('2025-11-30T12:00:00Z');
      assert.equal((await approve('newport')).nextReviewDue, '2026-02-28', '30 November + 3 months');
      t.clock.set('2027-11-30T12:00:00Z');
      assert.equal((await approve('torfaen')).nextReviewDue, '2028-02-29', '30 November + 3 months, leap year');
      await setInterval('caerphilly', 1);
      t.clock.set('2026-08-31T09:00:00Z');
      assert.equal((await approve('caerphilly')).nextReviewDue, '2026-09-30', '31 August + 1 month');
      await setInterval('monmouthshire', 2);
      t.clock.set('2025-12-31T12:00:00Z');
      assert.equal((await approve('monmouthshire')).nextReviewDue, '2026-02-28', '31 December + 2 months');
    });

    it('uses the approval date in London, not in UTC', async () => {
      // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
      t.clock.set('2026-03-31T23:30:00Z');
      const a = await approve('swansea');
      assert.equal(a.approvedAt, '2026-03-31T23:30:00.000Z');
      assert.equal(a.nextReviewDue, '2026-07-01');
    });

    it('recomputes nextReviewDue when the partnership changes its interval, and audits it', async () => {
      t.clock.set('2025-11-30T12:00:00Z');
      const a = await approve('bridgend');
      const draft = await draftAssessment(t, 'bridgend', (await who('bridgend')).analyst);
      assert.equal(a.nextReviewDue, '2026-02-28');
      const etag = (await client(t, (await who('bridgend')).analyst).get(`${base('bridgend')}/strategic-assessments/${a.id}`)).headers.etag;
      await setInterval('bridgend', 1);
      assert.equal((await read('bridgend', a.id)).nextReviewDue, '2025-12-30');
      await setInterval('bridgend', 2);
      assert.equal((await read('bridgend', a.id)).nextReviewDue, '2026-01-30');
      await setInterval('bridgend', 3);
      const back = await client(t, (await who('bridgend')).analyst)
        .get(`${base('bridgend')}/strategic-assessments/${a.id}`)
        .expect(200);
      assert.equal(back.body.nextReviewDue, '2026-02-28');
      assert.notEqual(back.headers.etag, etag, 'the ETag moves with the due date');
      assert.equal((await read('bridgend', draft.id)).nextReviewDue, null, 'drafts have no review cycle');
      const stored = firstOf(await t.db.query<{ due: string }>('SELECT next_review_due::text AS due FROM strategic_assessments WHERE id = $1', [a.id]));
      assert.equal(stored.due, '2026-02-28', 'the stored (indexed) date moved too');
      const rescheduled = (await auditOf(t, a.id))
        .filter((e) => e.action === 'strategic_assessment.review_rescheduled')
        .map((e) => [e.details.previousReviewDue, e.details.nextReviewDue]);
      assert.deepEqual(rescheduled, [
        ['2026-02-28', '2025-12-30'],
        ['2025-12-30', '2026-01-30'],
        ['2026-01-30', '2026-02-28'],
      ]);
      // A shorter interval can make the review overdue at once.
      t.clock.set('2026-01-20T12:00:00Z');
      await setInterval('bridgend', 1);
      assert.equal((await read('bridgend', a.id)).reviewState, 'overdue');
    });

    it('runs the changed interval from the last review, not the approval', async () => {
      const a = await approve('wrexham');
      t.clock.set('2026-03-02T10:00:00Z');
      await client(t, (await who('wrexham')).chair)
        .post(`${base('wrexham')}/strategic-assessments/${a.id}/reviews`)
        .send({ summary: 'Early review' })
        .expect(201);
      assert.equal((await read('wrexham', a.id)).nextReviewDue, '2026-06-02');
      await setInterval('wrexham', 1);
      assert.equal((await read('wrexham', a.id)).nextReviewDue, '2026-04-02');
    });

    it('keeps the stored due date right when the interval changes during an approval or a review', async () => {
      const { analyst, chair, admin } = await who('conwy-denbighshire');
      const path = base('conwy-denbighshire');
      let interval = 3;
      for (let round = 0; round < 4; round++) {
        const d = await draftAssessment(t, 'conwy-denbighshire', analyst);
        await addPriority(t, 'conwy-denbighshire', analyst, d.id, { title: 'Coastal ASB', impact: 2, likelihood: 3 });
        interval = interval === 3 ? 1 : 3;
        const [approved, changed] = await Promise.all([
          client(t, chair).post(`${path}/strategic-assessments/${d.id}/approve`),
          client(t, admin).patch(path).send({ reviewIntervalMonths: interval }),
        ]);
        assert.equal(approved.status, 200, JSON.stringify(approved.body));
        assert.equal(changed.status, 200, JSON.stringify(changed.body));
        const expected = interval === 1 ? '2026-02-15' : '2026-04-15';
        assert.equal((await read('conwy-denbighshire', d.id)).nextReviewDue, expected, `round ${round}`);
        interval = interval === 3 ? 1 : 3;
        const [reviewed, changedBack] = await Promise.all([
          client(t, chair).post(`${path}/strategic-assessments/${d.id}/reviews`).send({ summary: 'Concurrent review' }),
          client(t, admin).patch(path).send({ reviewIntervalMonths: interval }),
        ]);
        assert.equal(reviewed.status, 201, JSON.stringify(reviewed.body));
        assert.equal(changedBack.status, 200, JSON.stringify(changedBack.body));
        assert.equal((await read('conwy-denbighshire', d.id)).nextReviewDue, interval === 1 ? '2026-02-15' : '2026-04-15', `round ${round}, review`);
      }
    });

    it('refuses an interval over three months and leaves the due date alone', async () => {
      const a = await approve('flintshire');
      expectProblem(
        await client(t, (await who('flintshire')).admin)
          .patch(base('flintshire'))
          .send({ reviewIntervalMonths: 4 }),
        400,
        'validation',
      );
      assert.equal((await read('flintshire', a.id)).nextReviewDue, '2026-04-15');
    });
  });

  describe('recording a review', () => {
    it('records who and when, moves nextReviewDue from the review date, and keeps the history', async () => {
      const a = await approve('ceredigion');
      const path = `${base('ceredigion')}/strategic-assessments/${a.id}`;
      t.clock.set('2026-04-20T09:00:00Z');
      const { chair, chairId } = await who('ceredigion');
      assert.equal((await read('ceredigion', a.id)).reviewState, 'overdue');
      const etag = etagOf(await client(t, chair).get(path));
      const res = await client(t, chair).post(`${path}/reviews`).set('if-match', etag).send({ summary: 'Late quarterly review: picture unchanged.' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.reviewedBy, chairId);
      assert.equal(res.body.reviewedAt, '2026-04-20T09:00:00.000Z');
      assert.equal(res.body.previousReviewDue, '2026-04-15');
      assert.equal(res.body.nextReviewDue, '2026-07-20');
      assert.equal(res.body.wasOverdue, true);
      assert.deepEqual(res.body.priorityChanges, { added: [], removed: [], rescored: [], reranked: [] });
      assert.equal(res.body.assessment.nextReviewDue, '2026-07-20');
      assert.equal(res.body.assessment.reviewState, 'not_due');
      assert.equal(res.body.assessment.lastReviewedAt, '2026-04-20T09:00:00.000Z');
      assert.equal(res.body.assessment.lastReviewedBy, chairId);

      t.clock.set('2026-07-10T09:00:00Z');
      const second = await client(t, (await who('ceredigion')).chair)
        .post(`${path}/reviews`)
        .send({ summary: 'On time.' });
      assert.equal(second.status, 201);
      assert.equal(second.body.wasOverdue, false);
      assert.equal(second.body.nextReviewDue, '2026-10-10');

      const history = await client(t, (await who('ceredigion')).analyst)
        .get(`${path}/reviews`)
        .expect(200);
      assert.deepEqual(
        history.body.items.map((r: Json) => [r.summary, r.reviewedAt, r.nextReviewDue]),
        [
          ['On time.', '2026-07-10T09:00:00.000Z', '2026-10-10'],
          ['Late quarterly review: picture unchanged.', '2026-04-20T09:00:00.000Z', '2026-07-20'],
        ],
      );
      const page = await client(t, (await who('ceredigion')).chair)
        .get(`${path}/reviews?limit=1`)
        .expect(200);
      const next = await client(t, (await who('ceredigion')).chair)
        .get(`${path}/reviews?limit=1&cursor=${page.body.nextCursor}`)
        .expect(200);
      assert.deepEqual([page.body.items[0].id, next.body.items[0].id, next.body.nextCursor], [second.body.id, res.body.id, null]);

      const events = await outboxOf(t, a.id);
      assert.deepEqual(
        events.map((e) => [e.type, e.data.nextReviewDue ?? null, e.data.wasOverdue ?? null]),
        [
          ['strategic_assessment.approved', '2026-04-15', null],
          ['strategic_assessment.reviewed', '2026-07-20', true],
          ['strategic_assessment.reviewed', '2026-10-10', false],
        ],
      );
      assert.ok(!JSON.stringify(events).includes('Late quarterly review'), 'events are thin: no free text');
      const audits = (await auditOf(t, a.id)).filter((e) => e.action === 'strategic_assessment.reviewed');
      assert.deepEqual(
        audits.map((e) => [e.actor_id, e.details.reviewId]),
        [
          [chairId, res.body.id],
          [chairId, second.body.id],
        ],
      );
    });

    it('applies priority changes (remove, rescore, add, rerank) and keeps them as history', async () => {
      const a = await approve('pembrokeshire', [
        { title: 'Violence', impact: 4, likelihood: 3 }, // 12
        { title: 'Drugs', impact: 3, likelihood: 3 }, // 9
        { title: 'Shop theft', impact: 2, likelihood: 4 }, // 8
        { title: 'Littering', impact: 1, likelihood: 2 }, // 2
      ]);
      const id = (title: string) => (a.priorities as Json[]).find((p) => p.title === title)!.id as string;
      t.clock.set('2026-03-01T10:00:00Z');
      const { chair } = await who('pembrokeshire');
      const path = `${base('pembrokeshire')}/strategic-assessments/${a.id}`;
      const res = await client(t, chair)
        .post(`${path}/reviews`)
        .send({
          summary: 'Exploitation rises; littering handed to the council.',
          priorityChanges: {
            remove: [{ priorityId: id('Littering'), reason: 'Handled by the council' }],
            rescore: [{ priorityId: id('Shop theft'), impact: 4, likelihood: 4 }],
            add: [{ title: 'Exploitation', category: 'exploitation', impact: 3, likelihood: 2 }],
            rerank: [{ priorityId: id('Drugs'), rank: 1 }],
          },
        });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const ranked = (res.body.assessment.priorities as Json[]).map((p) => [p.rank, p.title, p.riskScore, p.rankPinned]);
      assert.deepEqual(ranked, [
        [1, 'Drugs', 9, true],
        [2, 'Shop theft', 16, false],
        [3, 'Violence', 12, false],
        [4, 'Exploitation', 6, false],
      ]);
      const changes = res.body.priorityChanges;
      assert.deepEqual(changes.removed, [{ priorityId: id('Littering'), title: 'Littering', rank: 4, reason: 'Handled by the council' }]);
      assert.deepEqual(changes.rescored, [
        {
          priorityId: id('Shop theft'),
          title: 'Shop theft',
          before: { impact: 2, likelihood: 4, riskScore: 8 },
          after: { impact: 4, likelihood: 4, riskScore: 16 },
        },
      ]);
      assert.deepEqual(
        changes.added.map((c: Json) => [c.title, c.rank, c.riskScore]),
        [['Exploitation', 4, 6]],
      );
      assert.deepEqual(
        changes.reranked.map((c: Json) => [c.title, c.from, c.to, c.pinned]).sort(),
        [
          ['Drugs', 2, 1, true],
          ['Shop theft', 3, 2, false],
          ['Violence', 1, 3, false],
        ].sort(),
      );
      // The removed priority stays in the database, marked, for history and for strategies built on it.
      const [removed] = await t.db.query<{ rank: number | null; removed_in_review_id: string }>(
        'SELECT rank, removed_in_review_id FROM assessment_priorities WHERE id = $1',
        [id('Littering')],
      );
      assert.deepEqual(removed, { rank: null, removed_in_review_id: res.body.id });
      const stored = firstOf(await t.db.query<{ priority_changes: Json }>('SELECT priority_changes FROM assessment_reviews WHERE id = $1', [res.body.id]));
      assert.deepEqual(stored.priority_changes, changes);

      // A later re-score keeps the hand-fixed rank; releasing it returns to the rule.
      const later = await client(t, chair)
        .post(`${path}/reviews`)
        .send({ summary: 'Violence up.', priorityChanges: { rescore: [{ priorityId: id('Violence'), likelihood: 4 }] } });
      assert.deepEqual(
        (later.body.assessment.priorities as Json[]).map((p) => p.title),
        ['Drugs', 'Violence', 'Shop theft', 'Exploitation'],
      );
      const released = await client(t, chair)
        .post(`${path}/reviews`)
        .send({ summary: 'Back to the grid.', priorityChanges: { rerank: [{ priorityId: id('Drugs'), rank: null }] } });
      assert.deepEqual(
        (released.body.assessment.priorities as Json[]).map((p) => [p.title, p.rankPinned]),
        [
          ['Violence', false],
          ['Shop theft', false],
          ['Drugs', false],
          ['Exploitation', false],
        ],
      );
    });

    it('refuses changes a rule forbids (422) or that are malformed (400), and writes nothing', async () => {
      const a = await approve('carmarthenshire', [
        { title: 'Violence', impact: 4, likelihood: 3 },
        { title: 'Drugs', impact: 3, likelihood: 3 },
      ]);
      const other = await draftAssessment(t, 'carmarthenshire', (await who('carmarthenshire')).analyst);
      const foreign = await addPriority(t, 'carmarthenshire', (await who('carmarthenshire')).analyst, other.id, {
        title: 'Elsewhere',
        impact: 1,
        likelihood: 1,
      });
      const [violence, drugs] = (a.priorities as Json[]).map((p) => p.id as string);
      const { chair } = await who('carmarthenshire');
      const path = `${base('carmarthenshire')}/strategic-assessments/${a.id}/reviews`;
      const counts = async () => [await count(t, 'assessment_reviews'), await count(t, 'audit_events'), await count(t, 'outbox_events')];
      const snapshot = () =>
        t.db.query('SELECT id, rank, impact, likelihood, removed_at FROM assessment_priorities WHERE strategic_assessment_id = $1 ORDER BY id', [a.id]);
      const before = [await counts(), await snapshot()];
      const refuse = async (priorityChanges: unknown, status: number, slug: string) => {
        expectProblem(await client(t, chair).post(path).send({ summary: 'Refused review', priorityChanges }), status, slug);
      };
      await refuse({ remove: [{ priorityId: foreign.id }] }, 422, 'unknown-priority');
      await refuse({ rescore: [{ priorityId: '01900000-0000-7000-8000-000000000000', impact: 2 }] }, 422, 'unknown-priority');
      await refuse({ remove: [{ priorityId: violence }], rescore: [{ priorityId: violence, impact: 1 }] }, 422, 'conflicting-priority-changes');
      await refuse(
        {
          rerank: [
            { priorityId: drugs, rank: 1 },
            { priorityId: drugs, rank: 2 },
          ],
        },
        422,
        'conflicting-priority-changes',
      );
      await refuse({ remove: [{ priorityId: violence }, { priorityId: drugs }] }, 422, 'assessment-has-no-priorities');
      await refuse({ rerank: [{ priorityId: drugs, rank: 3 }] }, 422, 'rank-out-of-range');
      await refuse({ rescore: [{ priorityId: drugs, impact: 5 }] }, 400, 'validation');
      await refuse({ rescore: [{ priorityId: drugs }] }, 400, 'validation');
      await refuse({ add: [{ title: 'No score', category: 'x' }] }, 400, 'validation');
      await refuse({ rerank: [{ priorityId: 'drugs', rank: 0 }] }, 400, 'validation');
      await refuse({ shuffle: [] }, 400, 'validation');
      expectProblem(await client(t, chair).post(path).send({}), 400, 'validation');
      assert.deepEqual([await counts(), await snapshot()], before);
      assert.equal((await read('carmarthenshire', a.id)).nextReviewDue, '2026-04-15');
    });

    it('reviews only the approved assessment (409 for drafts and superseded ones)', async () => {
      const first = await approve('neath-port-talbot');
      const second = await approve('neath-port-talbot');
      const draft = await draftAssessment(t, 'neath-port-talbot', (await who('neath-port-talbot')).analyst);
      const { chair } = await who('neath-port-talbot');
      for (const [id, summary] of [
        [first.id, 'Too late'],
        [draft.id, 'Too early'],
      ]) {
        expectProblem(
          await client(t, chair)
            .post(`${base('neath-port-talbot')}/strategic-assessments/${id}/reviews`)
            .send({ summary }),
          409,
          'assessment-not-approved',
        );
      }
      await client(t, chair)
        .post(`${base('neath-port-talbot')}/strategic-assessments/${second.id}/reviews`)
        .send({ summary: 'The right one' })
        .expect(201);
    });

    it('lets only chairs (and admins) record reviews; everyone reads them', async () => {
      const a = await approve('vale-of-glamorgan');
      const path = `${base('vale-of-glamorgan')}/strategic-assessments/${a.id}/reviews`;
      const { analyst, admin } = await who('vale-of-glamorgan');
      const partner = (await member(t, 'vale-of-glamorgan', 'partner')).auth;
      const viewer = (await member(t, 'vale-of-glamorgan', 'viewer')).auth;
      const writerKey = (await apiKey(t, 'vale-of-glamorgan', admin, ['assessments:write'])).key;
      for (const auth of [analyst, partner, viewer, writerKey])
        expectProblem(await client(t, auth).post(path).send({ summary: 'Not allowed' }), 403, 'forbidden');
      assert.equal((await t.db.query('SELECT 1 FROM assessment_reviews WHERE strategic_assessment_id = $1', [a.id])).length, 0);
      await client(t, admin).post(path).send({ summary: 'Admin review' }).expect(201);
      for (const auth of [analyst, partner, viewer, writerKey]) assert.equal((await client(t, auth).get(path).expect(200)).body.items.length, 1);
      expectProblem(await client(t, (await apiKey(t, 'vale-of-glamorgan', admin, ['tasking:read'])).key).get(path), 403);
    });

    it('honours If-Match: a stale ETag is refused with 412 and nothing is recorded', async () => {
      const a = await approve('blaenau-gwent');
      const { chair } = await who('blaenau-gwent');
      const path = `${base('blaenau-gwent')}/strategic-assessments/${a.id}`;
      const etag = etagOf(await client(t, chair).get(path));
      await client(t, chair).post(`${path}/reviews`).set('if-match', etag).send({ summary: 'First' }).expect(201);
      expectProblem(await client(t, chair).post(`${path}/reviews`).set('if-match', etag).send({ summary: 'Second, stale' }), 412, 'precondition-failed');
      const reviews = await t.db.query<{ summary: string }>('SELECT summary FROM assessment_reviews WHERE strategic_assessment_id = $1', [a.id]);
      assert.deepEqual(reviews, [{ summary: 'First' }]);
    });

    it('keeps reviews append-only for the application role', async () => {
      const grants = firstOf(
        await t.db.query<{ privileges: string }>(
          `SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) AS privileges FROM information_schema.role_table_grants
          WHERE table_name = 'assessment_reviews' AND grantee = $1`,
          [t.config.database.app.user],
        ),
      );
      assert.equal(grants.privileges, 'INSERT,SELECT');
    });
  });
});
