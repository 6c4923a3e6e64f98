import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { entryOf, firstOf } from '@app/testing';
import { agenciesOf, agencyOf, apiKey, member, type Member, membersOf, partnershipId } from './support/identity';
import { expectProblem } from './support/problem-details';
import { arrangeStrategy, createProblem, type ArrangedStrategy } from './support/problems';
import { closeMeeting, createGroup, getMeeting, openMeeting, scheduleMeeting, tasking } from './support/tasking';
import { client, type Json, tokenNow } from './support/http';
import { auditOf, outboxOf } from './support/database';
import { useArranged, useTestApp } from './support/app';

describe('tasking groups and the meeting lifecycle', () => {
  const t = useTestApp();
  /** Cardiff's people by role, with a second chair. */
  const people = useArranged(async () => {
    const { admin, chair } = await membersOf(t, 'cardiff', ['admin', 'chair']);
    const { chair: otherChair, analyst, viewer } = await membersOf(t, 'cardiff', ['chair', 'analyst', 'viewer']);
    return { admin, chair, otherChair, analyst, viewer };
  });
  let key: string;
  let police: string;
  let council: string;
  let fire: string;
  let health: string;
  let newportPolice: string;
  let strategy: ArrangedStrategy;
  const cardiff = tasking('cardiff');

  /** A tactical group of the chair's, with police, council and fire, every 14 days. */
  const givenGroup = (name?: string) =>
    createGroup(t, 'cardiff', people.chair.auth, {
      ...(name ? { name } : {}),
      chairUserId: people.chair.user.id,
      agencyIds: [police, council, fire],
      cadenceDays: 14,
    });

  beforeAll(async () => {
    key = (await apiKey(t, 'cardiff', people.admin.auth, ['tasking:write'])).key;
    ({
      police,
      local_authority: council,
      fire_and_rescue: fire,
      health,
    } = await agenciesOf(t, 'cardiff', ['police', 'local_authority', 'fire_and_rescue', 'health']));
    newportPolice = await agencyOf(t, 'newport', 'police');
    strategy = await arrangeStrategy(t, 'cardiff');
  });

  describe('groups', () => {
    it("creates a tactical group with the partnership's cadence, a strategic one with a quarter, audited", async () => {
      await t.db.query(`UPDATE partnerships SET tactical_cadence_days = 14 WHERE code = 'cardiff'`);
      const group = await createGroup(t, 'cardiff', people.chair.auth, {
        name: 'Cardiff tactical tasking group',
        chairUserId: people.chair.user.id,
        agencyIds: [police, council, fire],
      });
      assert.equal(group.level, 'tactical');
      assert.equal(group.cadenceDays, 14);
      assert.deepEqual(group.agencyIds, [police, council, fire]);
      assert.equal(group.chairUserId, people.chair.user.id);
      const strategic = await createGroup(t, 'cardiff', people.admin.auth, {
        name: 'Cardiff strategic board',
        level: 'strategic',
        chairUserId: people.admin.user.id,
        agencyIds: [council],
      });
      assert.equal(strategic.cadenceDays, 91);
      const monthly = await createGroup(t, 'cardiff', people.admin.auth, {
        name: 'Monthly JAG',
        cadenceDays: 30,
        chairUserId: people.otherChair.user.id,
        agencyIds: [health],
      });
      assert.equal(monthly.cadenceDays, 30);
      const audit = firstOf(await auditOf(t, group.id));
      assert.equal(audit.action, 'tasking_group.created');
      assert.equal(audit.actor_id, people.chair.user.id);
      assert.deepEqual(audit.details.agencyIds, [police, council, fire]);

      // Pages of two to the end, by name: other tests may have made groups of their own in cardiff.
      const pages: Json[][] = [];
      let cursor: string | null = null;
      do {
        const page: Json = (
          await client(t, people.viewer.auth)
            .get(`${cardiff}/tasking-groups?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
            .expect(200)
        ).body;
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor);
      assert.ok(pages.every((items) => items.length >= 1 && items.length <= 2));
      const seen = pages.flat().map((g) => g.id);
      assert.equal(new Set(seen).size, seen.length, 'no group on two pages');
      const mine = new Set([group.id, strategic.id, monthly.id]);
      assert.deepEqual(
        pages
          .flat()
          .filter((g) => mine.has(g.id))
          .map((g) => g.name),
        ['Cardiff strategic board', 'Cardiff tactical tasking group', 'Monthly JAG'],
      );
      const strategicOnly = await client(t, people.viewer.auth).get(`${cardiff}/tasking-groups?level=strategic`).expect(200);
      assert.ok(strategicOnly.body.items.every((g: Json) => g.level === 'strategic'));
      assert.ok(strategicOnly.body.items.some((g: Json) => g.id === strategic.id));
      const one = await client(t, people.viewer.auth).get(`${cardiff}/tasking-groups/${group.id}`).expect(200);
      assert.equal(one.headers.etag, `"${group.id}.1"`);
    });

    it('refuses groups that break the rules', async () => {
      await givenGroup('Butetown problem-solving group');
      const api = client(t, people.admin.auth);
      const body = { name: 'Another group', level: 'tactical', chairUserId: people.chair.user.id, agencyIds: [police] };
      expectProblem(await api.post(`${cardiff}/tasking-groups`).send({ ...body, name: 'BUTETOWN Problem-Solving Group' }), 409, 'tasking-group-exists');
      expectProblem(await api.post(`${cardiff}/tasking-groups`).send({ ...body, chairUserId: people.analyst.user.id }), 422, 'chair-role-required');
      const outsider = await member(t, 'newport', 'chair');
      expectProblem(await api.post(`${cardiff}/tasking-groups`).send({ ...body, chairUserId: outsider.user.id }), 422, 'chair-not-member');
      expectProblem(await api.post(`${cardiff}/tasking-groups`).send({ ...body, agencyIds: [police, newportPolice] }), 422, 'agency-not-in-partnership');
      const invalid = expectProblem(
        await api.post(`${cardiff}/tasking-groups`).send({ ...body, level: 'regional', cadenceDays: 0, colour: 'red' }),
        400,
        'validation',
      );
      assert.deepEqual((invalid.errors as { path: string }[]).map((e) => e.path).sort(), ['cadenceDays', 'colour', 'level']);
      expectProblem(await api.post(`${cardiff}/tasking-groups`).send({ ...body, agencyIds: [police, police] }), 400, 'validation');
      expectProblem(await client(t, people.analyst.auth).post(`${cardiff}/tasking-groups`).send(body), 403, 'forbidden');
      expectProblem(await client(t, key).post(`${cardiff}/tasking-groups`).send(body), 403, 'forbidden');
      const { n } = firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasking_groups WHERE name = 'Another group'`));
      assert.equal(n, 0);
    });

    it('lets only its chair or an admin change a group, honouring If-Match', async () => {
      const group = await givenGroup();
      expectProblem(await client(t, people.otherChair.auth).patch(`${cardiff}/tasking-groups/${group.id}`).send({ cadenceDays: 7 }), 403, 'forbidden');
      expectProblem(
        await client(t, people.chair.auth).patch(`${cardiff}/tasking-groups/${group.id}`).set('if-match', `"${group.id}.9"`).send({ cadenceDays: 7 }),
        412,
      );
      const changed = await client(t, people.chair.auth)
        .patch(`${cardiff}/tasking-groups/${group.id}`)
        .set('if-match', `"${group.id}.1"`)
        .send({ cadenceDays: 28, agencyIds: [police, council, fire, health] })
        .expect(200);
      assert.equal(changed.body.cadenceDays, 28);
      assert.deepEqual(changed.body.agencyIds, [police, council, fire, health]);
      assert.equal(changed.headers.etag, `"${group.id}.2"`);
      const audits = await auditOf(t, group.id);
      assert.equal(audits.at(-1)!.action, 'tasking_group.updated');
      assert.deepEqual(audits.at(-1)!.details.before, { cadenceDays: 14, agencyIds: [police, council, fire] });
    });
  });

  describe('a deputy chair', () => {
    let deputy: Member;
    beforeAll(async () => {
      deputy = await member(t, 'cardiff', 'chair');
    });
    const groupRow = async (id: string) =>
      firstOf(
        await t.db.query<{ deputy: string | null; version: number }>('SELECT deputy_chair_user_id AS deputy, version FROM tasking_groups WHERE id = $1', [id]),
      );

    it('is named when the group is made, cleared with null and named again under If-Match, each change audited', async () => {
      const group = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police] });
      assert.equal(group.deputyChairUserId, null, 'none unless named');
      const named = await client(t, people.chair.auth)
        .post(`${cardiff}/tasking-groups`)
        .send({
          name: `Deputised group ${group.id.slice(-6)}`,
          level: 'tactical',
          chairUserId: people.chair.user.id,
          deputyChairUserId: deputy.user.id.toUpperCase(),
          agencyIds: [police],
        })
        .expect(201);
      assert.equal(named.body.deputyChairUserId, deputy.user.id);
      assert.equal(firstOf(await auditOf(t, named.body.id)).details.deputyChairUserId, deputy.user.id);
      const path = `${cardiff}/tasking-groups/${named.body.id}`;
      expectProblem(await client(t, people.chair.auth).patch(path).set('if-match', `"${named.body.id}.7"`).send({ deputyChairUserId: null }), 412);
      assert.equal((await groupRow(named.body.id)).deputy, deputy.user.id);
      const cleared = await client(t, people.chair.auth).patch(path).set('if-match', `"${named.body.id}.1"`).send({ deputyChairUserId: null }).expect(200);
      assert.equal(cleared.body.deputyChairUserId, null);
      assert.deepEqual(await groupRow(named.body.id), { deputy: null, version: 2 });
      assert.deepEqual((await auditOf(t, named.body.id)).at(-1)!.details, {
        before: { deputyChairUserId: deputy.user.id },
        after: { deputyChairUserId: null },
      });
      const again = await client(t, people.admin.auth)
        .patch(path)
        .set('if-match', `"${named.body.id}.2"`)
        .send({ deputyChairUserId: people.otherChair.user.id })
        .expect(200);
      assert.equal(again.body.deputyChairUserId, people.otherChair.user.id);
      assert.equal((await client(t, people.viewer.auth).get(path).expect(200)).body.deputyChairUserId, people.otherChair.user.id);
      // Leaving the field out leaves the deputy as they are.
      await client(t, people.chair.auth).patch(path).send({ cadenceDays: 21 }).expect(200);
      assert.equal((await groupRow(named.body.id)).deputy, people.otherChair.user.id);
    });

    it('is refused when not a member, without the chair or admin role, or the chair themself, and nothing changes', async () => {
      const group = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police] });
      const body = { name: 'Group with a wrong deputy', level: 'tactical', chairUserId: people.chair.user.id, agencyIds: [police] };
      const outsider = await member(t, 'newport', 'chair');
      const create = (deputyChairUserId: unknown) =>
        client(t, people.admin.auth)
          .post(`${cardiff}/tasking-groups`)
          .send({ ...body, deputyChairUserId });
      const analystRefused = expectProblem(await create(people.analyst.user.id), 422, '/deputy-chair-role-required');
      assert.deepEqual([analystRefused.deputyChairUserId, analystRefused.role], [people.analyst.user.id, 'analyst']);
      expectProblem(await create(people.viewer.user.id), 422, '/deputy-chair-role-required');
      expectProblem(await create(outsider.user.id), 422, '/deputy-chair-not-member');
      expectProblem(await create(people.chair.user.id), 422, '/deputy-chair-is-chair');
      expectProblem(await create('not-a-user'), 400, 'validation');
      assert.equal(firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasking_groups WHERE name = $1`, [body.name])).n, 0);

      const path = `${cardiff}/tasking-groups/${group.id}`;
      expectProblem(await client(t, people.chair.auth).patch(path).send({ deputyChairUserId: people.analyst.user.id }), 422, '/deputy-chair-role-required');
      expectProblem(await client(t, people.chair.auth).patch(path).send({ deputyChairUserId: outsider.user.id }), 422, '/deputy-chair-not-member');
      expectProblem(await client(t, people.chair.auth).patch(path).send({ deputyChairUserId: people.chair.user.id }), 422, '/deputy-chair-is-chair');
      await client(t, people.chair.auth).patch(path).send({ deputyChairUserId: deputy.user.id }).expect(200);
      // Handing the chair to the deputy needs another deputy (or none) named with it.
      expectProblem(await client(t, people.chair.auth).patch(path).send({ chairUserId: deputy.user.id }), 422, '/deputy-chair-is-chair');
      assert.deepEqual(await groupRow(group.id), { deputy: deputy.user.id, version: 2 });
      const swapped = await client(t, people.chair.auth).patch(path).send({ chairUserId: deputy.user.id, deputyChairUserId: people.chair.user.id }).expect(200);
      assert.deepEqual([swapped.body.chairUserId, swapped.body.deputyChairUserId], [deputy.user.id, people.chair.user.id]);
    });

    it('opens and closes a meeting and minutes decisions as the chair would, recorded as theirs; another chair still gets 403', async () => {
      const group = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police] });
      await client(t, people.chair.auth).patch(`${cardiff}/tasking-groups/${group.id}`).send({ deputyChairUserId: deputy.user.id }).expect(200);
      const meeting = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-01-21T18:00:00Z');
      assert.equal(meeting.group.deputyChairUserId, deputy.user.id);
      const at = (path: string) => `${cardiff}/meetings/${meeting.id}${path}`;
      const refused = expectProblem(await client(t, people.otherChair.auth).post(at('/open')), 403, 'forbidden');
      assert.equal(refused.detail, `Only the chair or deputy chair of ${group.name} or a partnership admin can open its meetings.`);
      const opened = await client(t, deputy.auth).post(at('/open')).expect(200);
      assert.equal(opened.body.status, 'open');
      assert.equal(opened.body.openedBy, deputy.user.id);
      const decision = await client(t, deputy.auth).post(at('/decisions')).send({ text: 'Chaired by the deputy in the chair’s absence.' }).expect(201);
      assert.deepEqual(decision.body.recordedBy, { type: 'user', id: deputy.user.id });
      expectProblem(await client(t, people.otherChair.auth).post(at('/close')), 403, 'forbidden');
      const closed = await client(t, deputy.auth).post(at('/close')).expect(200);
      assert.equal(closed.body.closedBy, deputy.user.id);
      const stored = firstOf(
        await t.db.query<{ status: string; opened_by: string; closed_by: string }>('SELECT status, opened_by, closed_by FROM meetings WHERE id = $1', [
          meeting.id,
        ]),
      );
      assert.deepEqual(stored, { status: 'closed', opened_by: deputy.user.id, closed_by: deputy.user.id });
      const audits = await auditOf(t, meeting.id);
      for (const action of ['meeting.opened', 'meeting.closed']) assert.equal(audits.find((a) => a.action === action)?.actor_id, deputy.user.id, action);
    });

    it('may not change the group, and once cleared runs none of its meetings', async () => {
      const group = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police] });
      const path = `${cardiff}/tasking-groups/${group.id}`;
      await client(t, people.chair.auth).patch(path).send({ deputyChairUserId: deputy.user.id }).expect(200);
      const refused = expectProblem(await client(t, deputy.auth).patch(path).send({ chairUserId: deputy.user.id, deputyChairUserId: null }), 403, 'forbidden');
      assert.equal(refused.detail, `Only the chair of ${group.name} or a partnership admin can change the group.`);
      assert.deepEqual(await groupRow(group.id), { deputy: deputy.user.id, version: 2 });
      await client(t, people.chair.auth).patch(path).send({ deputyChairUserId: null }).expect(200);
      const meeting = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-01-22T18:00:00Z');
      expectProblem(await client(t, deputy.auth).post(`${cardiff}/meetings/${meeting.id}/open`), 403, 'forbidden');
      assert.equal(firstOf(await t.db.query<{ status: string }>('SELECT status FROM meetings WHERE id = $1', [meeting.id])).status, 'scheduled');
    });
  });

  describe('a meeting from scheduling to addenda', () => {
    const at = (meeting: Json, path = '') => `${cardiff}/meetings/${meeting.id}${path}`;
    /** A meeting of a new group, scheduled for 20 January. */
    const givenMeeting = async () => scheduleMeeting(t, 'cardiff', people.analyst.auth, (await givenGroup()).id, '2026-01-20T18:00:00Z');
    /** Attendance, a decision, an action and closing, each refused with 409 `type` (the meeting not open, or closed). */
    const refusesMinutes = async (meeting: Json, type: string, text: { decision: string; action: string }) => {
      const api = client(t, people.chair.auth);
      expectProblem(await api.put(at(meeting, '/attendance')).send([{ agencyId: police, status: 'present' }]), 409, type);
      expectProblem(await api.post(at(meeting, '/decisions')).send({ text: text.decision }), 409, type);
      expectProblem(await api.post(at(meeting, '/actions')).send({ title: text.action, ownerAgencyId: police, dueDate: '2026-02-01' }), 409, type);
      expectProblem(await api.post(at(meeting, '/close')), 409, type);
    };
    /** A meeting opened by its chair. */
    const givenOpenMeeting = async () => openMeeting(t, 'cardiff', people.chair.auth, (await givenMeeting()).id);
    /**
     * An open meeting with its minutes so far: the attendance recorded twice
     * (council and health present the second time) and two decisions, the
     * first on a new problem serving the first current priority.
     */
    const givenMinutedMeeting = async () => {
      const meeting = await givenOpenMeeting();
      const api = client(t, people.chair.auth);
      await api
        .put(at(meeting, '/attendance'))
        .send([
          { agencyId: police, status: 'present' },
          { agencyId: council, status: 'apologies' },
          { agencyId: fire, status: 'absent' },
        ])
        .expect(200);
      await api
        .put(at(meeting, '/attendance'))
        .send([
          { agencyId: council, status: 'present' },
          { agencyId: health, status: 'present' },
        ])
        .expect(200);
      const problem = await createProblem(t, 'cardiff', people.analyst.auth, { controlStrategyPriorityId: strategy.current[0] });
      await api.post(at(meeting, '/decisions')).send({ text: 'Seek a dispersal order for Loudoun Square.', problemId: problem.id }).expect(201);
      await api
        .post(at(meeting, '/decisions'))
        .send({ text: 'Keep the night-time economy priority.', controlStrategyPriorityId: strategy.current[1] })
        .expect(201);
      return { meeting, problem };
    };
    /** A minuted meeting with two actions allocated in it (police's first), then closed by its chair. */
    const givenClosedMeeting = async () => {
      const { meeting, problem } = await givenMinutedMeeting();
      const api = client(t, people.chair.auth);
      const actions: Json[] = [
        (
          await api
            .post(at(meeting, '/actions'))
            .send({
              title: 'Joint patrols of Loudoun Square',
              ownerAgencyId: police,
              ownerName: 'PS Sian Morgan',
              dueDate: '2026-02-05',
              problemId: problem.id,
            })
            .expect(201)
        ).body,
        (
          await api
            .post(at(meeting, '/actions'))
            .send({ title: 'Mediation between the shops and residents', ownerAgencyId: council, dueDate: '2026-03-01' })
            .expect(201)
        ).body,
      ];
      await closeMeeting(t, 'cardiff', people.chair.auth, meeting.id);
      return { meeting, actions };
    };

    it('schedules (analysts), refusing a day already past and an instant without a time zone', async () => {
      const group = await givenGroup();
      const meeting = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-01-20T18:00:00Z');
      assert.equal(meeting.status, 'scheduled');
      assert.equal(meeting.scheduledFor, '2026-01-20T18:00:00.000Z');
      assert.equal(meeting.agendaFrozen, false);
      assert.equal(meeting.group.id, group.id);
      assert.deepEqual([meeting.attendance, meeting.decisions, meeting.actions, meeting.addenda], [[], [], [], []]);
      expectProblem(
        await client(t, people.analyst.auth).post(`${cardiff}/tasking-groups/${group.id}/meetings`).send({ scheduledFor: '2026-01-14T23:00:00Z' }),
        422,
        'meeting-date-passed',
      );
      const noZone = expectProblem(
        await client(t, people.analyst.auth).post(`${cardiff}/tasking-groups/${group.id}/meetings`).send({ scheduledFor: '2026-01-20T18:00:00' }),
        400,
        'validation',
      );
      assert.deepEqual(
        (noZone.errors as { path: string }[]).map((e) => e.path),
        ['scheduledFor'],
      );
      // Today (London) is still allowed, even earlier in the day.
      await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-01-15T08:00:00Z');
      expectProblem(
        await client(t, people.viewer.auth).post(`${cardiff}/tasking-groups/${group.id}/meetings`).send({ scheduledFor: '2026-01-21T18:00:00Z' }),
        403,
      );
      const list = await client(t, people.viewer.auth).get(`${cardiff}/tasking-groups/${group.id}/meetings`).expect(200);
      assert.deepEqual(
        list.body.items.map((m: Json) => m.scheduledFor),
        ['2026-01-20T18:00:00.000Z', '2026-01-15T08:00:00.000Z'],
      );
    });

    it('takes no minutes before it opens (409 meeting-not-open)', async () => {
      const meeting = await givenMeeting();
      const api = client(t, people.chair.auth);
      await refusesMinutes(meeting, 'meeting-not-open', { decision: 'Too early to decide', action: 'Too early' });
      expectProblem(await api.post(at(meeting, '/addenda')).send({ text: 'Not yet closed' }), 409, 'meeting-not-closed');
    });

    it("is opened by its group's chair only (or an admin), honouring If-Match", async () => {
      const meeting = await givenMeeting();
      expectProblem(await client(t, people.analyst.auth).post(at(meeting, '/open')), 403, 'forbidden');
      expectProblem(await client(t, people.otherChair.auth).post(at(meeting, '/open')), 403, 'forbidden');
      expectProblem(await client(t, key).post(at(meeting, '/open')), 403, 'forbidden');
      expectProblem(await client(t, people.chair.auth).post(at(meeting, '/open')).set('if-match', `"${meeting.id}.7"`), 412);
      const opened = await client(t, people.chair.auth).post(at(meeting, '/open')).set('if-match', `"${meeting.id}.1"`).expect(200);
      assert.equal(opened.body.status, 'open');
      assert.equal(opened.body.openedBy, people.chair.user.id);
      assert.equal(opened.body.openedAt, '2026-01-15T10:00:00.000Z');
      assert.equal(opened.body.agendaFrozen, true);
      assert.equal(opened.headers.etag, `"${meeting.id}.2"`);
      expectProblem(await client(t, people.chair.auth).post(at(meeting, '/open')), 409, 'meeting-not-scheduled');
    });

    it('records the attendance as a set, replaced whole', async () => {
      const meeting = await givenOpenMeeting();
      const api = client(t, people.analyst.auth);
      const first = await api
        .put(at(meeting, '/attendance'))
        .send([
          { agencyId: police, status: 'present', attendee: 'Insp. Rhys Evans' },
          { agencyId: council, status: 'apologies' },
          { agencyId: fire, status: 'absent' },
        ])
        .expect(200);
      assert.deepEqual(first.body.attendance, [
        { agencyId: police, status: 'present', attendee: 'Insp. Rhys Evans' },
        { agencyId: council, status: 'apologies', attendee: null },
        { agencyId: fire, status: 'absent', attendee: null },
      ]);
      const second = await api
        .put(at(meeting, '/attendance'))
        .send([
          { agencyId: council, status: 'present', attendee: 'Community safety manager' },
          { agencyId: health, status: 'present' },
        ])
        .expect(200);
      assert.deepEqual(
        second.body.attendance.map((a: Json) => [a.agencyId, a.status]),
        [
          [council, 'present'],
          [health, 'present'],
        ],
      );
      const bad = expectProblem(
        await api.put(at(meeting, '/attendance')).send([
          { agencyId: police, status: 'late' },
          { agencyId: 'nope', status: 'present' },
        ]),
        400,
        'validation',
      );
      assert.deepEqual((bad.errors as { path: string }[]).map((e) => e.path).sort(), ['[0].status', '[1].agencyId']);
      expectProblem(await api.put(at(meeting, '/attendance')).send({ agencyId: police, status: 'present' }), 400, 'validation');
      /** Police present, and a second entry. */
      const policeAnd = (second: Json) => api.put(at(meeting, '/attendance')).send([{ agencyId: police, status: 'present' }, second]);
      expectProblem(await policeAnd({ agencyId: police, status: 'absent' }), 400, 'validation');
      expectProblem(await policeAnd({ agencyId: newportPolice, status: 'present' }), 422, 'agency-not-in-partnership');
      // A refused replacement leaves the set as it was.
      const { n } = firstOf(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM meeting_attendance WHERE meeting_id = $1', [meeting.id]));
      assert.equal(n, 2);
    });

    it('records decisions, numbered, with their links checked', async () => {
      const meeting = await givenOpenMeeting();
      const problem = await createProblem(t, 'cardiff', people.analyst.auth, { controlStrategyPriorityId: strategy.current[0] });
      const api = client(t, people.chair.auth);
      const first = await api.post(at(meeting, '/decisions')).send({ text: 'Seek a dispersal order for Loudoun Square.', problemId: problem.id }).expect(201);
      assert.equal(first.body.seq, 1);
      assert.equal(first.body.problemId, problem.id);
      assert.deepEqual(first.body.recordedBy, { type: 'user', id: people.chair.user.id });
      assert.equal(first.body.recordedAt, '2026-01-15T10:00:00.000Z');
      const second = await client(t, key)
        .post(at(meeting, '/decisions'))
        .send({ text: 'Keep the night-time economy priority.', controlStrategyPriorityId: strategy.current[1] })
        .expect(201);
      assert.equal(second.body.seq, 2);
      assert.equal(second.body.recordedBy.type, 'api_key');
      expectProblem(
        await api.post(at(meeting, '/decisions')).send({ text: 'Linked to an old priority', controlStrategyPriorityId: strategy.old }),
        422,
        'priority-not-current',
      );
      const newportProblem = await t.db.query<{ id: string }>(`SELECT id FROM problems WHERE partnership_id = $1 LIMIT 1`, [await partnershipId(t, 'newport')]);
      const elsewhere = newportProblem[0]?.id ?? '0190a0a0-0000-7000-8000-000000000000';
      expectProblem(await api.post(at(meeting, '/decisions')).send({ text: 'Linked elsewhere', problemId: elsewhere }), 422, 'unknown-problem');
      expectProblem(await api.post(at(meeting, '/decisions')).send({ text: '  ' }), 400, 'validation');
      expectProblem(await client(t, people.viewer.auth).post(at(meeting, '/decisions')).send({ text: 'A viewer decides' }), 403);
    });

    it('allocates actions in the meeting and between meetings', async () => {
      const { meeting, problem } = await givenMinutedMeeting();
      const api = client(t, people.chair.auth);
      // The partnership's next action numbers, whatever other tests have allocated before this one.
      const { prefix, last } = firstOf(
        await t.db.query<{ prefix: string; last: number }>(
          `SELECT p.reference_prefix AS prefix, coalesce(c.last_number, 0)::int AS last
             FROM partnerships p LEFT JOIN action_reference_counters c ON c.partnership_id = p.id WHERE p.code = 'cardiff'`,
        ),
      );
      const reference = (n: number) => `${prefix}-A-${String(last + n).padStart(4, '0')}`;
      const res = await api
        .post(at(meeting, '/actions'))
        .send({
          title: 'Joint patrols of Loudoun Square, Thursday to Saturday evenings',
          ownerAgencyId: police,
          ownerName: 'PS Sian Morgan',
          dueDate: '2026-02-05',
          problemId: problem.id,
          controlStrategyPriorityId: strategy.current[0],
        })
        .expect(201);
      const action = res.body;
      const actionId: string = action.id;
      assert.equal(action.reference, reference(1));
      assert.equal(action.meetingId, meeting.id);
      assert.equal(action.status, 'open');
      assert.equal(action.overdue, false);
      assert.equal(action.completedAt, null);
      assert.equal(res.headers.etag, `"${action.id}.1"`);
      assert.deepEqual(
        action.history.map((h: Json) => [h.from, h.to, h.changedBy.id]),
        [[null, 'open', people.chair.user.id]],
      );
      const between = await client(t, people.analyst.auth)
        .post(`${cardiff}/actions`)
        .send({ title: 'Survey the lighting on the parade', ownerAgencyId: council, dueDate: '2026-01-15' })
        .expect(201);
      assert.equal(between.body.meetingId, null);
      assert.equal(between.body.reference, reference(2));
      expectProblem(
        await api.post(at(meeting, '/actions')).send({ title: 'Due yesterday', ownerAgencyId: police, dueDate: '2026-01-14' }),
        422,
        'due-date-in-past',
      );
      expectProblem(
        await api.post(at(meeting, '/actions')).send({ title: 'For another partnership', ownerAgencyId: newportPolice, dueDate: '2026-02-01' }),
        422,
        'agency-not-in-partnership',
      );
      expectProblem(
        await api
          .post(at(meeting, '/actions'))
          .send({ title: 'Old priority', ownerAgencyId: police, dueDate: '2026-02-01', controlStrategyPriorityId: strategy.old }),
        422,
        'priority-not-current',
      );
      const missing = expectProblem(await api.post(at(meeting, '/actions')).send({ title: 'No owner', dueDate: '2026-02-30' }), 400, 'validation');
      assert.deepEqual((missing.errors as { path: string }[]).map((e) => e.path).sort(), ['dueDate', 'ownerAgencyId']);
      // Refusals took no reference number.
      const next = await api
        .post(at(meeting, '/actions'))
        .send({ title: 'Mediation between the shops and residents', ownerAgencyId: council, dueDate: '2026-03-01' })
        .expect(201);
      assert.equal(next.body.reference, reference(3));
      expectProblem(
        await client(t, people.viewer.auth).post(`${cardiff}/actions`).send({ title: 'A viewer acts', ownerAgencyId: council, dueDate: '2026-02-01' }),
        403,
      );

      const view = await getMeeting(t, 'cardiff', people.viewer.auth, meeting.id);
      assert.deepEqual(
        view.actions.map((a: Json) => a.reference),
        [reference(1), reference(3)],
      );
      assert.deepEqual(
        view.decisions.map((d: Json) => d.seq),
        [1, 2],
      );
      assert.equal(view.attendance.length, 2);

      const created = firstOf(await outboxOf(t, actionId));
      assert.equal(created.type, 'action.created');
      assert.deepEqual(created.data, {
        actionId,
        reference: reference(1),
        status: 'open',
        ownerAgencyId: police,
        dueDate: '2026-02-05',
        meetingId: meeting.id,
        problemId: problem.id,
        controlStrategyPriorityId: strategy.current[0],
        link: `/api/v1/partnerships/${await partnershipId(t, 'cardiff')}/actions/${actionId}`,
      });
      assert.ok(!JSON.stringify(created.data).includes('Sian'), 'the outbox carries no names');
    });

    it('closes (its chair), emitting meeting.closed; the minutes are frozen from then on', async () => {
      const { meeting } = await givenMinutedMeeting();
      const api = client(t, people.chair.auth);
      const actions: Json[] = [
        (await api.post(at(meeting, '/actions')).send({ title: 'Joint patrols of Loudoun Square', ownerAgencyId: police, dueDate: '2026-02-05' }).expect(201))
          .body,
        (
          await api
            .post(at(meeting, '/actions'))
            .send({ title: 'Mediation between the shops and residents', ownerAgencyId: council, dueDate: '2026-03-01' })
            .expect(201)
        ).body,
      ];
      const actionId: string = firstOf(actions).id;
      expectProblem(await client(t, people.otherChair.auth).post(at(meeting, '/close')), 403, 'forbidden');
      const closed = await closeMeeting(t, 'cardiff', people.chair.auth, meeting.id);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.closedBy, people.chair.user.id);
      const events = (await outboxOf(t, meeting.id)).filter((e) => e.type === 'meeting.closed');
      assert.equal(events.length, 1);
      const { prefix } = firstOf(await t.db.query<{ prefix: string }>(`SELECT reference_prefix AS prefix FROM partnerships WHERE code = 'cardiff'`));
      assert.equal(firstOf(events).data.decisions, 2);
      assert.equal(firstOf(events).data.taskingGroupId, meeting.group.id);
      assert.equal((firstOf(events).data.actionIds as string[]).length, 2);
      assert.equal(firstOf(events).data.status, 'closed');
      assert.deepEqual(
        (await auditOf(t, meeting.id)).map((a) => a.action),
        [
          'meeting.scheduled',
          'meeting.opened',
          'meeting.attendance_recorded',
          'meeting.attendance_recorded',
          'meeting.decision_recorded',
          'meeting.decision_recorded',
          'meeting.closed',
        ],
      );

      await refusesMinutes(meeting, 'meeting-closed', { decision: 'An afterthought', action: 'An afterthought' });
      expectProblem(await api.post(at(meeting, '/open')), 409, 'meeting-not-scheduled');
      const after = await getMeeting(t, 'cardiff', people.viewer.auth, meeting.id);
      assert.equal(after.attendance.length, 2);
      assert.equal(after.decisions.length, 2);
      assert.deepEqual(
        after.actions.map((a: Json) => a.reference),
        actions.map((a) => a.reference),
      );
      assert.ok(actions.every((a) => String(a.reference).startsWith(`${prefix}-A-`)));

      // Underneath the API, the database holds the rule too.
      await assert.rejects(t.db.query(`UPDATE meeting_decisions SET text = 'Rewritten' WHERE meeting_id = $1`, [meeting.id]), /not open/);
      await assert.rejects(
        t.db.query(
          `INSERT INTO meeting_attendance (id, partnership_id, meeting_id, agency_id, status, position) SELECT gen_random_uuid(), partnership_id, id, $2, 'present', 9 FROM meetings WHERE id = $1`,
          [meeting.id, fire],
        ),
        /not open/,
      );
      await assert.rejects(t.db.query(`UPDATE actions SET due_date = '2026-12-31' WHERE id = $1`, [actionId]), /frozen minutes/);
      await assert.rejects(t.db.query(`UPDATE meetings SET agenda = '{}' WHERE id = $1`, [meeting.id]), /frozen/);
      await assert.rejects(t.db.query(`UPDATE meetings SET status = 'open', closed_at = NULL WHERE id = $1`, [meeting.id]), /closed/);
    });

    it('still takes status updates of its actions, through the actions endpoint', async () => {
      const { meeting, actions } = await givenClosedMeeting();
      const actionId: string = firstOf(actions).id;
      const res = await client(t, people.chair.auth)
        .patch(`${cardiff}/actions/${actionId}`)
        .send({ status: 'in_progress', note: 'Patrols start Thursday.' })
        .expect(200);
      assert.equal(res.body.status, 'in_progress');
      assert.equal(res.body.meetingId, meeting.id);
      assert.deepEqual(
        res.body.history.map((h: Json) => [h.from, h.to, h.note]),
        [
          [null, 'open', null],
          ['open', 'in_progress', 'Patrols start Thursday.'],
        ],
      );
    });

    it('takes dated, authored addenda after closing (people only), and nothing else', async () => {
      const { meeting } = await givenClosedMeeting();
      const res = await client(t, people.chair.auth)
        .post(at(meeting, '/addenda'))
        .send({ text: 'Correction: decision 1 names Loudoun Square, not Mount Stuart Square.' })
        .expect(201);
      assert.equal(res.body.authorId, people.chair.user.id);
      assert.equal(res.body.addedAt, '2026-01-15T10:00:00.000Z');
      // The next morning (a token minted then: access tokens live minutes).
      t.clock.set('2026-01-16T09:30:00Z');
      try {
        const second = await client(t, await tokenNow(t, people.analyst.user.id))
          .post(at(meeting, '/addenda'))
          .send({ text: 'Apologies received late from the fire service.' })
          .expect(201);
        assert.equal(second.body.addedAt, '2026-01-16T09:30:00.000Z');
        assert.equal(second.body.authorId, people.analyst.user.id);
      } finally {
        t.clock.set('2026-01-15T10:00:00Z');
      }
      expectProblem(await client(t, key).post(at(meeting, '/addenda')).send({ text: 'From a system' }), 403);
      expectProblem(await client(t, people.viewer.auth).post(at(meeting, '/addenda')).send({ text: 'From a viewer' }), 403);
      expectProblem(await client(t, people.chair.auth).post(at(meeting, '/addenda')).send({ text: '' }), 400, 'validation');
      const view = await getMeeting(t, 'cardiff', people.viewer.auth, meeting.id);
      assert.deepEqual(
        view.addenda.map((a: Json) => a.text),
        ['Correction: decision 1 names Loudoun Square, not Mount Stuart Square.', 'Apologies received late from the fire service.'],
      );
      assert.equal((await auditOf(t, meeting.id)).filter((a) => a.action === 'meeting.addendum_added').length, 2);
      // The runtime roles may only add to addenda and status histories.
      const [grants] = await t.db.query<Record<string, boolean>>(
        `SELECT has_table_privilege($1, 'meeting_addenda', 'UPDATE') AS addenda_update, has_table_privilege($1, 'meeting_addenda', 'DELETE') AS addenda_delete,
                has_table_privilege($1, 'action_status_changes', 'UPDATE') AS history_update, has_table_privilege($1, 'meeting_addenda', 'INSERT') AS addenda_insert`,
        [t.config.database.app.user],
      );
      assert.deepEqual(grants, { addenda_update: false, addenda_delete: false, history_update: false, addenda_insert: true });
    });
  });

  describe('chairs and open meetings', () => {
    it("lets an admin open and close any group's meeting; one open meeting per group at a time", async () => {
      const group = await givenGroup();
      const first = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-02-03T18:00:00Z');
      const second = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-02-17T18:00:00Z');
      await openMeeting(t, 'cardiff', people.admin.auth, first.id);
      expectProblem(await client(t, people.chair.auth).post(`${cardiff}/meetings/${second.id}/open`), 409, 'group-has-open-meeting');
      await closeMeeting(t, 'cardiff', people.admin.auth, first.id);
      const opened = await openMeeting(t, 'cardiff', people.chair.auth, second.id);
      assert.equal(opened.agenda.previousMeetingId, first.id);
      await closeMeeting(t, 'cardiff', people.chair.auth, second.id);
    });

    it('opens one of two meetings of a group opened at once, and numbers decisions made at once without gaps', async () => {
      const group = await givenGroup();
      const [first, second] = [
        await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-02-24T18:00:00Z'),
        await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-02-25T18:00:00Z'),
      ];
      const answers = await Promise.all([first, second].map((m) => client(t, people.chair.auth).post(`${cardiff}/meetings/${m.id}/open`)));
      assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
      expectProblem(
        answers.find((r) => r.status === 409)!,
        409,
        'group-has-open-meeting',
      );
      const opened = answers.find((r) => r.status === 200)!.body;
      const decisions = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          client(t, people.analyst.auth)
            .post(`${cardiff}/meetings/${opened.id}/decisions`)
            .send({ text: `Decision number ${i + 1}` }),
        ),
      );
      assert.ok(
        decisions.every((r) => r.status === 201),
        JSON.stringify(decisions.map((r) => r.body)),
      );
      assert.deepEqual(
        decisions.map((r) => r.body.seq).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6],
      );
      const after = await getMeeting(t, 'cardiff', people.viewer.auth, opened.id);
      assert.equal(after.version, 1 + 1 + 6, 'every decision moved the version');
      await closeMeeting(t, 'cardiff', people.chair.auth, opened.id);
      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await client(t, people.viewer.auth)
          .get(`${cardiff}/tasking-groups/${group.id}/meetings?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        pages.push(...page.body.items.map((m: Json) => m.scheduledFor));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(pages, [...pages].sort().reverse(), 'latest first across pages');
      assert.equal(new Set(pages).size, pages.length);
      const scheduledOnly = await client(t, people.viewer.auth).get(`${cardiff}/tasking-groups/${group.id}/meetings?status=scheduled&limit=100`).expect(200);
      assert.ok(scheduledOnly.body.items.length >= 1 && scheduledOnly.body.items.every((m: Json) => m.status === 'scheduled'));
    });

    it('follows the chair when it is handed over', async () => {
      const group = await givenGroup();
      const meeting = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-03-03T18:00:00Z');
      await client(t, people.chair.auth).patch(`${cardiff}/tasking-groups/${group.id}`).send({ chairUserId: people.otherChair.user.id }).expect(200);
      expectProblem(await client(t, people.chair.auth).post(`${cardiff}/meetings/${meeting.id}/open`), 403, 'forbidden');
      await openMeeting(t, 'cardiff', people.otherChair.auth, meeting.id);
      await closeMeeting(t, 'cardiff', people.otherChair.auth, meeting.id);
    });
  });

  describe('the OpenAPI document', () => {
    it("describes every field the tasking routes answer with, and the contract's names", async () => {
      const doc = (await t.http.get('/docs/openapi.json').expect(200)).body as {
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Json }> } }>>;
        components: { schemas: Record<string, { properties: Record<string, Json>; required?: string[] }> };
      };
      const fields = (schema: string) => Object.keys(doc.components.schemas[schema]?.properties ?? {}).sort();
      const covers = (schema: string, body: Json) =>
        assert.deepEqual(
          Object.keys(body).filter((k) => !fields(schema).includes(k)),
          [],
          `${schema} documents every field`,
        );
      // A closed meeting with minutes, actions and an addendum: every part of the answer present.
      const group = await givenGroup();
      const scheduled = await scheduleMeeting(t, 'cardiff', people.analyst.auth, group.id, '2026-01-20T18:00:00Z');
      const api = client(t, people.chair.auth);
      await openMeeting(t, 'cardiff', people.chair.auth, scheduled.id);
      await api
        .put(`${cardiff}/meetings/${scheduled.id}/attendance`)
        .send([{ agencyId: police, status: 'present', attendee: 'Insp. Rhys Evans' }])
        .expect(200);
      await api.post(`${cardiff}/meetings/${scheduled.id}/decisions`).send({ text: 'Seek a dispersal order for Loudoun Square.' }).expect(201);
      await api
        .post(`${cardiff}/meetings/${scheduled.id}/actions`)
        .send({ title: 'Joint patrols of Loudoun Square', ownerAgencyId: police, dueDate: '2026-02-05' })
        .expect(201);
      await closeMeeting(t, 'cardiff', people.chair.auth, scheduled.id);
      await api.post(`${cardiff}/meetings/${scheduled.id}/addenda`).send({ text: 'Correction: decision 1 names Loudoun Square.' }).expect(201);
      const meetingId: string = scheduled.id;
      const meeting = await getMeeting(t, 'cardiff', people.viewer.auth, meetingId);
      covers('MeetingDto', meeting);
      covers('AgendaDto', meeting.agenda);
      covers('ActionDto', meeting.actions[0]);
      covers('DecisionDto', meeting.decisions[0]);
      covers('AttendanceDto', meeting.attendance[0]);
      covers('AddendumDto', meeting.addenda[0]);
      const action = (await client(t, people.viewer.auth).get(`${cardiff}/actions/${meeting.actions[0].id}`).expect(200)).body;
      covers('ActionDetailDto', action);
      covers('ActionStatusChangeDto', action.history[0]);
      covers('TaskingGroupDto', (await client(t, people.viewer.auth).get(`${cardiff}/tasking-groups/${group.id}`).expect(200)).body);
      const performance = (await client(t, people.viewer.auth).get(`${cardiff}/agency-performance`).expect(200)).body;
      covers('PerformanceReportDto', performance);
      covers('AgencyPerformanceDto', performance.agencies[0]);
      for (const section of ['overdueActions', 'actionsDue', 'problemsForReview', 'newNominations', 'priorities', 'flags'])
        assert.ok(fields('AgendaDto').includes(section), section);
      for (const field of ['title', 'ownerAgencyId', 'ownerName', 'dueDate', 'problemId', 'controlStrategyPriorityId', 'meetingId', 'completedAt', 'status'])
        assert.ok(fields('ActionDto').includes(field), field);
      for (const field of ['name', 'level', 'cadenceDays', 'chairUserId', 'agencyIds']) assert.ok(fields('CreateTaskingGroupDto').includes(field), field);
      const attendance = entryOf(
        entryOf(entryOf(doc.paths, '/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/attendance'), 'put').requestBody!.content,
        'application/json',
      ).schema;
      assert.equal(attendance.type, 'array');
      assert.match(attendance.items.$ref, /AttendanceEntryDto$/);
    });
  });

  describe('another partnership', () => {
    it('answers 404 for its groups, meetings and actions, and changes nothing there', async () => {
      const nAdmin = await member(t, 'newport', 'admin');
      const nGroup = await createGroup(t, 'newport', nAdmin.auth, { chairUserId: nAdmin.user.id, agencyIds: [newportPolice] });
      const nMeeting = await scheduleMeeting(t, 'newport', nAdmin.auth, nGroup.id, '2026-01-22T10:00:00Z');
      const nAction = (
        await client(t, nAdmin.auth)
          .post(`${tasking('newport')}/actions`)
          .send({ title: 'Newport action', ownerAgencyId: newportPolice, dueDate: '2026-02-01' })
          .expect(201)
      ).body;
      const api = client(t, people.admin.auth);
      expectProblem(await api.get(`${cardiff}/tasking-groups/${nGroup.id}`), 404, 'not-found');
      expectProblem(await api.get(`${cardiff}/tasking-groups/${nGroup.id}/meetings`), 404, 'not-found');
      expectProblem(await api.post(`${cardiff}/tasking-groups/${nGroup.id}/meetings`).send({ scheduledFor: '2026-02-01T10:00:00Z' }), 404, 'not-found');
      expectProblem(await api.patch(`${cardiff}/tasking-groups/${nGroup.id}`).send({ cadenceDays: 3 }), 404, 'not-found');
      expectProblem(await api.get(`${cardiff}/meetings/${nMeeting.id}`), 404, 'not-found');
      expectProblem(await api.post(`${cardiff}/meetings/${nMeeting.id}/open`), 404, 'not-found');
      expectProblem(await api.get(`${cardiff}/actions/${nAction.id}`), 404, 'not-found');
      expectProblem(await api.patch(`${cardiff}/actions/${nAction.id}`).send({ status: 'done' }), 404, 'not-found');
      expectProblem(await api.get(`${tasking('newport')}/meetings/${nMeeting.id}`), 404, 'not-found');
      const list = await api.get(`${cardiff}/actions?limit=100`).expect(200);
      assert.ok(!list.body.items.some((a: Json) => a.id === nAction.id));
      const [row] = await t.db.query<{ status: string; version: number }>('SELECT status, version FROM meetings WHERE id = $1', [nMeeting.id]);
      assert.deepEqual(row, { status: 'scheduled', version: 1 });
      const action = firstOf(await t.db.query<{ status: string }>('SELECT status FROM actions WHERE id = $1', [nAction.id]));
      assert.equal(action.status, 'open');
    });
  });
});
