import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, describe, it } from '@jest/globals';
import { FlagScanService } from '@app/domain/flags';
import { createTestApp, createTestWorker, firstN, firstOf, nth, type TestApp, type TestWorker } from '@app/testing';
import { agenciesOf, apiKey, member, membersOf, partnershipId } from './support/identity';
import { expectProblem } from './support/problem-details';
import { createProblem } from './support/problems';
import { createGroup, idsOf, insertActions, openMeeting, scheduleMeeting, tasking } from './support/tasking';
import { client, type Json, tokenNow } from './support/http';
import { auditOf, outboxOf } from './support/database';

type Caller = Awaited<ReturnType<typeof member>>;

describe('actions: lists, status, partners, the action_overdue scanner and agency performance', () => {
  let t: TestApp;
  let w: TestWorker;
  let scans: FlagScanService;
  let admin: Caller;
  let chair: Caller;
  let analyst: Caller;
  let viewer: Caller;
  let police: string;
  let council: string;
  let fire: string;
  const cardiff = tasking('cardiff');

  beforeAll(async () => {
    // Scans run when a test asks (the scheduled ones once a day at most).
    t = await createTestApp({ env: { SCAN_INTERVAL_MINUTES: '1440' } });
    w = await createTestWorker({ environment: t });
    scans = w.app.get(FlagScanService);
    ({ admin, chair, analyst, viewer } = await membersOf(t, 'cardiff', ['admin', 'chair', 'analyst', 'viewer']));
    ({ police, local_authority: council, fire_and_rescue: fire } = await agenciesOf(t, 'cardiff', ['police', 'local_authority', 'fire_and_rescue']));
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  describe('the list', () => {
    const ids: Record<string, string> = {};
    let meetingId: string;

    beforeAll(async () => {
      [ids.policeOverdue, ids.councilOverdue, ids.policeDone, ids.fireDue, ids.policeLater, ids.councilCancelled, ids.policeToday] = firstN(
        await insertActions(t, 'cardiff', [
          { dueDate: '2026-01-05', agencyId: police },
          { dueDate: '2026-01-14', agencyId: council, status: 'in_progress' },
          { dueDate: '2026-01-02', agencyId: police, status: 'done' },
          { dueDate: '2026-01-30', agencyId: fire },
          { dueDate: '2026-03-01', agencyId: police, status: 'in_progress' },
          { dueDate: '2026-01-10', agencyId: council, status: 'cancelled' },
          { dueDate: '2026-01-15', agencyId: police },
        ]),
        7,
      );
      const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police, council] });
      meetingId = (await scheduleMeeting(t, 'cardiff', chair.auth, group.id, '2026-01-15T17:00:00Z')).id;
      await openMeeting(t, 'cardiff', chair.auth, meetingId);
      const problem = await createProblem(t, 'cardiff', analyst.auth);
      ids.inMeeting = (
        await client(t, chair.auth)
          .post(`${cardiff}/meetings/${meetingId}/actions`)
          .send({ title: 'Street lighting survey', ownerAgencyId: council, dueDate: '2026-01-29', problemId: problem.id })
          .expect(201)
      ).body.id;
      ids.problemId = problem.id;
    });

    it('orders by due date, earliest first, across keyset pages', async () => {
      const all = await client(t, viewer.auth).get(`${cardiff}/actions?limit=100`).expect(200);
      const expected = [
        ids.policeDone,
        ids.policeOverdue,
        ids.councilCancelled,
        ids.councilOverdue,
        ids.policeToday,
        ids.inMeeting,
        ids.fireDue,
        ids.policeLater,
      ];
      assert.deepEqual(idsOf(all.body.items), expected);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await client(t, viewer.auth)
          .get(`${cardiff}/actions?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        assert.ok(page.body.items.length <= 3);
        seen.push(...idsOf(page.body.items));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, expected);
      const overdue = all.body.items.filter((a: Json) => a.overdue).map((a: Json) => [a.id, a.daysOverdue]);
      assert.deepEqual(overdue, [
        [ids.policeOverdue, 10],
        [ids.councilOverdue, 1],
      ]);
    });

    it('filters by agency, status, overdue, meeting and problem, combined', async () => {
      const list = async (query: string) => idsOf((await client(t, viewer.auth).get(`${cardiff}/actions?limit=100&${query}`).expect(200)).body.items);
      assert.deepEqual(await list(`agencyId=${police}`), [ids.policeDone, ids.policeOverdue, ids.policeToday, ids.policeLater]);
      assert.deepEqual(await list('status=in_progress'), [ids.councilOverdue, ids.policeLater]);
      assert.deepEqual(await list('overdue=true'), [ids.policeOverdue, ids.councilOverdue]);
      assert.deepEqual(await list('overdue=false'), [ids.policeDone, ids.councilCancelled, ids.policeToday, ids.inMeeting, ids.fireDue, ids.policeLater]);
      assert.deepEqual(await list(`agencyId=${police}&overdue=true`), [ids.policeOverdue]);
      assert.deepEqual(await list(`meetingId=${meetingId}`), [ids.inMeeting]);
      assert.deepEqual(await list(`problemId=${ids.problemId}`), [ids.inMeeting]);
      assert.deepEqual(await list(`agencyId=${fire}&status=done`), []);
      for (const bad of ['overdue=maybe', 'status=finished', 'agencyId=police', 'limit=101', 'cursor=not-a-cursor', 'colour=red']) {
        expectProblem(await client(t, viewer.auth).get(`${cardiff}/actions?${bad}`), 400, 'validation');
      }
    });
  });

  describe('status', () => {
    const at = (action: Json) => `${cardiff}/actions/${action.id}`;
    /** An open action of the council's, allocated by the analyst between meetings. */
    const givenAction = async (title = 'Letters to the shop owners'): Promise<Json> =>
      (await client(t, analyst.auth).post(`${cardiff}/actions`).send({ title, ownerAgencyId: council, dueDate: '2026-01-20' }).expect(201)).body;
    afterEach(() => t.clock.set('2026-01-15T10:00:00Z'));

    it('moves by the rules, keeps the history, and sets completedAt when done (cleared when reopened)', async () => {
      const action = await givenAction();
      const started = await client(t, chair.auth).patch(at(action)).send({ status: 'in_progress' }).expect(200);
      assert.equal(started.headers.etag, `"${action.id}.2"`);
      expectProblem(await client(t, chair.auth).patch(at(action)).set('if-match', `"${action.id}.1"`).send({ status: 'done' }), 412);
      // Done later that afternoon (the clock only moves forward here; a token minted then).
      t.clock.set('2026-01-15T16:45:00Z');
      const api = client(t, await tokenNow(t, chair.user.id));
      const done = await api.patch(at(action)).set('if-match', `"${action.id}.2"`).send({ status: 'done', note: 'All twelve letters delivered.' }).expect(200);
      assert.equal(done.body.status, 'done');
      assert.equal(done.body.completedAt, '2026-01-15T16:45:00.000Z');
      expectProblem(await api.patch(at(action)).send({ status: 'cancelled' }), 409, 'action-transition-not-allowed');
      const noted = await api.patch(at(action)).send({ note: 'Two owners replied.' }).expect(200);
      assert.equal(noted.body.status, 'done');
      assert.equal(noted.body.completedAt, '2026-01-15T16:45:00.000Z', 'a note keeps the completion');
      const reopened = await api.patch(at(action)).send({ status: 'open', note: 'One letter went to the wrong address.' }).expect(200);
      assert.equal(reopened.body.completedAt, null);
      expectProblem(await api.patch(at(action)).send({}), 400, 'validation');
      expectProblem(await api.patch(at(action)).send({ status: 'in_progress', title: 'Renamed' }), 400, 'validation');
      expectProblem(await api.patch(at(action)).send({ status: null }), 400, 'validation');
      const same = await api.patch(at(action)).send({ status: 'open' }).expect(200);
      assert.equal(same.body.version, reopened.body.version, 'no change, no new version');

      const detail = (await api.get(at(action)).expect(200)).body;
      assert.deepEqual(
        detail.history.map((h: Json) => [h.from, h.to, h.note, h.changedBy.id]),
        [
          [null, 'open', null, analyst.user.id],
          ['open', 'in_progress', null, chair.user.id],
          ['in_progress', 'done', 'All twelve letters delivered.', chair.user.id],
          ['done', 'done', 'Two owners replied.', chair.user.id],
          ['done', 'open', 'One letter went to the wrong address.', chair.user.id],
        ],
      );
      const events = await outboxOf(t, action.id);
      assert.deepEqual(
        events.map((e) => [e.type, e.data.from ?? null, e.data.status]),
        [
          ['action.created', null, 'open'],
          ['action.updated', 'open', 'in_progress'],
          ['action.updated', 'in_progress', 'done'],
          ['action.updated', 'done', 'done'],
          ['action.updated', 'done', 'open'],
        ],
      );
      assert.equal(nth(events, 2).data.completedAt, '2026-01-15T16:45:00.000Z');
      assert.ok(!events.some((e) => JSON.stringify(e.data).includes('letters')), 'no notes in the outbox');
      assert.deepEqual(
        (await auditOf(t, action.id)).map((a) => a.action),
        ['action.created', 'action.updated', 'action.updated', 'action.updated', 'action.updated'],
      );
    });

    it("lets a partner update only their own agency's actions; keys need tasking:write", async () => {
      const action = await givenAction('Survey the shutters on the parade');
      // Later still (the history is in time order; tokens minted now).
      t.clock.set('2026-01-15T17:00:00Z');
      const ownPartner = await member(t, 'cardiff', 'partner', council);
      const otherPartner = await member(t, 'cardiff', 'partner', police);
      const viewerNow = await tokenNow(t, viewer.user.id);
      const adminNow = await tokenNow(t, admin.user.id);
      expectProblem(await client(t, otherPartner.auth).patch(at(action)).send({ status: 'in_progress' }), 403, 'forbidden');
      const row = firstOf(await t.db.query<{ status: string }>('SELECT status FROM actions WHERE id = $1', [action.id]));
      assert.equal(row.status, 'open', 'a refused update changes nothing');
      const own = await client(t, ownPartner.auth).patch(at(action)).send({ status: 'in_progress', note: 'Council officer assigned.' }).expect(200);
      assert.deepEqual(own.body.history.at(-1).changedBy, { type: 'user', id: ownPartner.user.id });
      expectProblem(
        await client(t, ownPartner.auth).post(`${cardiff}/actions`).send({ title: 'A partner allocates', ownerAgencyId: council, dueDate: '2026-02-01' }),
        403,
      );
      await client(t, ownPartner.auth).get(`${cardiff}/actions`).expect(200);
      expectProblem(await client(t, viewerNow).patch(at(action)).send({ status: 'done' }), 403);
      const reader = (await apiKey(t, 'cardiff', adminNow, ['tasking:read'])).key;
      const writer = (await apiKey(t, 'cardiff', adminNow, ['tasking:write'])).key;
      expectProblem(await client(t, reader).patch(at(action)).send({ status: 'done' }), 403);
      await client(t, reader).get(at(action)).expect(200);
      const byKey = await client(t, writer).patch(at(action)).send({ status: 'done' }).expect(200);
      assert.equal(byKey.body.history.at(-1).changedBy.type, 'api_key');
    });
  });

  describe('agency performance', () => {
    let x: string;
    let y: string;

    beforeAll(async () => {
      ({ police: x, local_authority: y } = await agenciesOf(t, 'swansea', ['police', 'local_authority']));
      await insertActions(t, 'swansea', [
        // x: on time at 23:30 GMT on the due date; late at 00:30 the day after.
        { dueDate: '2026-02-10', agencyId: x, status: 'done', completedAt: '2026-02-10T23:30:00Z' },
        { dueDate: '2026-02-10', agencyId: x, status: 'done', completedAt: '2026-02-11T00:30:00Z' },
        { dueDate: '2026-02-20', agencyId: x },
        { dueDate: '2026-03-01', agencyId: x, status: 'in_progress' },
        { dueDate: '2026-02-15', agencyId: x, status: 'cancelled' },
        // Outside the default period (2025-03-02 to 2026-03-01).
        { dueDate: '2025-03-01', agencyId: x, status: 'done', completedAt: '2025-02-28T10:00:00Z' },
        { dueDate: '2026-03-05', agencyId: x },
        // Late in London time: 23:30 UTC on the due date is 00:30 BST the day after.
        { dueDate: '2025-07-01', agencyId: x, status: 'done', completedAt: '2025-07-01T23:30:00Z' },
        { dueDate: '2025-06-01', agencyId: x, status: 'in_progress' },
        // y: two on time (one a day early), one late.
        { dueDate: '2026-01-10', agencyId: y, status: 'done', completedAt: '2026-01-09T15:00:00Z' },
        { dueDate: '2026-01-11', agencyId: y, status: 'done', completedAt: '2026-01-11T12:00:00Z' },
        { dueDate: '2026-02-01', agencyId: y, status: 'done', completedAt: '2026-02-03T09:00:00Z' },
      ]);
    });

    it("counts each agency's actions by due date over the last 12 months, with the on-time rate", async () => {
      const viewerOf = await member(t, 'swansea', 'viewer');
      t.clock.set('2026-03-01T12:00:00Z');
      try {
        const res = await client(t, await tokenNow(t, viewerOf.user.id))
          .get(`${tasking('swansea')}/agency-performance`)
          .expect(200);
        const report = res.body;
        assert.deepEqual([report.from, report.to, report.asOf], ['2025-03-02', '2026-03-01', '2026-03-01']);
        const agencies = await t.db.query<{ id: string }>('SELECT id FROM agencies WHERE partnership_id = $1 ORDER BY name, id', [
          await partnershipId(t, 'swansea'),
        ]);
        assert.deepEqual(
          report.agencies.map((a: Json) => a.agencyId),
          agencies.map((a) => a.id),
          'every agency, in name order',
        );
        const of = (id: string) => {
          const { agencyId: _id, agencyName: _name, agencyKind: _kind, ...counts } = report.agencies.find((a: Json) => a.agencyId === id);
          return counts;
        };
        // x: due a, b, c, d, h, i (cancelled e and those outside the period left out); 1 / (1 + 2 + 2).
        assert.deepEqual(of(x), { due: 6, doneOnTime: 1, doneLate: 2, openOverdue: 2, openNotDue: 1, cancelled: 1, onTimeRate: 0.2 });
        // y: 2 / (2 + 1 + 0).
        assert.deepEqual(of(y), { due: 3, doneOnTime: 2, doneLate: 1, openOverdue: 0, openNotDue: 0, cancelled: 0, onTimeRate: 0.6667 });
        for (const other of agencies.filter((a) => a.id !== x && a.id !== y)) {
          assert.deepEqual(of(other.id), { due: 0, doneOnTime: 0, doneLate: 0, openOverdue: 0, openNotDue: 0, cancelled: 0, onTimeRate: null });
        }
        // 3 / (3 + 3 + 2).
        assert.deepEqual(report.totals, { due: 9, doneOnTime: 3, doneLate: 3, openOverdue: 2, openNotDue: 1, cancelled: 1, onTimeRate: 0.375 });

        const feb = (
          await client(t, await tokenNow(t, viewerOf.user.id))
            .get(`${tasking('swansea')}/agency-performance?from=2026-02-01&to=2026-02-28`)
            .expect(200)
        ).body;
        const febOf = (id: string) => feb.agencies.find((a: Json) => a.agencyId === id);
        assert.deepEqual(
          [febOf(x).due, febOf(x).doneOnTime, febOf(x).doneLate, febOf(x).openOverdue, febOf(x).cancelled, febOf(x).onTimeRate],
          [3, 1, 1, 1, 1, 0.3333],
        );
        assert.deepEqual([febOf(y).due, febOf(y).doneLate, febOf(y).onTimeRate], [1, 1, 0]);
        const auth = await tokenNow(t, viewerOf.user.id);
        expectProblem(await client(t, auth).get(`${tasking('swansea')}/agency-performance?from=2026-03-01&to=2026-02-01`), 400, 'validation');
        expectProblem(await client(t, auth).get(`${tasking('swansea')}/agency-performance?from=2026-02-30`), 400, 'validation');
      } finally {
        t.clock.set('2026-01-15T10:00:00Z');
      }
    });
  });

  describe('the action_overdue scanner', () => {
    const flagsOf = (subjectId: string) =>
      t.db.query<{ id: string; due_date: string; resolved_at: Date | null; resolution: string | null; data: Json }>(
        `SELECT id, to_char(due_date, 'YYYY-MM-DD') AS due_date, resolved_at, resolution, data FROM flags WHERE kind = 'action_overdue' AND subject_id = $1`,
        [subjectId],
      );
    const eventsOf = async (type: string, flagId: string) => (await outboxOf(t, flagId)).filter((e) => e.type === type).length;

    it('raises one flag the day after the due date (London), none the day before, and resolves it when the action is done', async () => {
      const action = (
        await client(t, analyst.auth)
          .post(`${cardiff}/actions`)
          .send({ title: 'Replace the broken CCTV camera', ownerAgencyId: council, dueDate: '2026-01-20' })
          .expect(201)
      ).body;
      const [finished, cancelled] = firstN(
        await insertActions(t, 'cardiff', [
          { dueDate: '2026-01-03', agencyId: police, status: 'done' },
          { dueDate: '2026-01-03', agencyId: police, status: 'cancelled' },
        ]),
        2,
      );
      t.clock.set('2026-01-20T23:59:00Z');
      try {
        await scans.scan('action_overdue');
        assert.equal((await flagsOf(action.id)).length, 0, 'not on its due day');
        t.clock.set('2026-01-21T00:00:30Z');
        const result = await scans.scan('action_overdue');
        assert.equal(result.today, '2026-01-21');
        const [flag, ...more] = firstN(await flagsOf(action.id), 1);
        assert.equal(more.length, 0);
        assert.equal(flag.due_date, '2026-01-20');
        assert.deepEqual(flag.data, { reference: action.reference, ownerAgencyId: council, meetingId: null });
        assert.equal(await eventsOf('flag.raised', flag.id), 1);
        await scans.scan('action_overdue');
        await Promise.all([scans.scan('action_overdue'), scans.scan('action_overdue')]);
        assert.equal((await flagsOf(action.id)).length, 1, 'one flag per action and due date, however often it scans');
        assert.equal(await eventsOf('flag.raised', flag.id), 1);
        assert.deepEqual([...(await flagsOf(finished)), ...(await flagsOf(cancelled))], [], 'finished actions are never overdue');

        const listed = await client(t, await tokenNow(t, viewer.user.id))
          .get(`${cardiff}/flags?kind=action_overdue&open=true&limit=100`)
          .expect(200);
        assert.ok(listed.body.items.some((f: Json) => f.id === flag.id && f.subjectId === action.id));

        const done = await client(t, await tokenNow(t, chair.user.id))
          .patch(`${cardiff}/actions/${action.id}`)
          .send({ status: 'done' })
          .expect(200);
        assert.equal(done.body.completedAt, '2026-01-21T00:00:30.000Z');
        const resolved = firstOf(await flagsOf(action.id));
        assert.equal(resolved.resolution, 'cause_fixed', 'resolved in the transaction that marked it done');
        assert.notEqual(resolved.resolved_at, null);
        assert.equal(await eventsOf('flag.resolved', flag.id), 1);
        await scans.scan('action_overdue');
        assert.equal((await flagsOf(action.id)).length, 1);
        assert.equal(await eventsOf('flag.resolved', flag.id), 1);
      } finally {
        t.clock.set('2026-01-15T10:00:00Z');
      }
    });

    it('judges the due date in London time across British Summer Time, and resolves on cancellation', async () => {
      const summer = firstOf(await insertActions(t, 'cardiff', [{ dueDate: '2026-06-10', agencyId: fire }]));
      t.clock.set('2026-06-10T22:59:00Z');
      try {
        await scans.scan('action_overdue');
        assert.equal((await flagsOf(summer)).length, 0, '23:59 BST on the due date');
        t.clock.set('2026-06-10T23:01:00Z');
        await scans.scan('action_overdue');
        const [flag] = await flagsOf(summer);
        assert.equal(flag?.due_date, '2026-06-10', '00:01 BST the day after');
        await client(t, await tokenNow(t, chair.user.id))
          .patch(`${cardiff}/actions/${summer}`)
          .send({ status: 'cancelled', note: 'Superseded by the new CCTV contract.' })
          .expect(200);
        const resolved = firstOf(await flagsOf(summer));
        assert.equal(resolved.resolution, 'cause_fixed');
      } finally {
        t.clock.set('2026-01-15T10:00:00Z');
      }
    });

    it('uses the partial index of open actions, so a scan costs what is open, not the table', async () => {
      const pid = await partnershipId(t, 'cardiff');
      await t.db.query(
        `INSERT INTO actions (id, partnership_id, number, reference, title, owner_agency_id, due_date, status, completed_at, created_by_type)
         SELECT gen_random_uuid(), $1::uuid, 100000 + g, 'BULK-A-' || g, 'Bulk', $2::uuid, date '2025-01-01' + (g % 300), 'done', now()::timestamptz, 'system'
           FROM generate_series(1, 20000) g
         UNION ALL
         SELECT gen_random_uuid(), $1::uuid, 200000 + g, 'BULK-A-' || (200000 + g), 'Bulk', $2::uuid, date '2027-01-01' + (g % 300), 'open', NULL::timestamptz, 'system'
           FROM generate_series(1, 5000) g`,
        [pid, police],
      );
      await t.db.query('ANALYZE actions');
      const plan = await scans.explain('action_overdue');
      await t.db.query(`DELETE FROM actions WHERE reference LIKE 'BULK-A-%'`);
      assert.match(plan, /ix_actions_open_due/, plan);
      assert.doesNotMatch(plan, /Seq Scan on actions/, plan);
    });
  });
});
