import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { createTestApp, entryOf, firstOf } from '@app/testing';
import { community, recordEngagement, raiseIssue } from './support/community';
import { agenciesOf, agencyOf, member, type Member, membersOf } from './support/identity';
import { expectProblem } from './support/problem-details';
import { createProblem } from './support/problems';
import { createGroup, getMeeting, openMeeting, scheduleMeeting } from './support/tasking';
import { auditOf } from './support/database';
import { client, etagOf, type Json } from './support/http';
import { useArranged, useTestApp } from './support/app';

describe('community engagement: engagements, issues raised, what became of them, and "you said, we did"', () => {
  const t = useTestApp();
  /** Cardiff's people, by role. */
  const people = useArranged(() => membersOf(t, 'cardiff', ['analyst', 'chair', 'partner', 'viewer']));
  let police: string;
  let council: string;
  const cardiff = community('cardiff');
  const feed = (query = '') => t.http.get(`/api/v1/public/partnerships/cardiff/you-said-we-did${query}`);

  beforeAll(async () => {
    ({ police, local_authority: council } = await agenciesOf(t, 'cardiff', ['police', 'local_authority']));
  });

  describe('engagements', () => {
    it('records one with its areas, attendance and agencies, and emits engagement.recorded', async () => {
      const e = await recordEngagement(t, 'cardiff', people.analyst.auth, { areaCodes: ['w05001289', 'W01001700', 'W05001289'], agencyIds: [police, council] });
      assert.deepEqual(e.areaCodes, ['W05001289', 'W01001700']);
      assert.deepEqual(e.agencyIds, [police, council].sort());
      assert.equal(e.attendance, 23);
      assert.deepEqual(e.issues, []);
      const events = await t.db.query<{ type: string; data: Json }>(`SELECT type, data FROM outbox_events WHERE subject_id = $1`, [e.id]);
      assert.deepEqual(
        events.map((x) => x.type),
        ['engagement.recorded'],
      );
      assert.deepEqual(firstOf(events).data.areaCodes, ['W05001289', 'W01001700']);
    });

    it("refuses what is not right: a kind outside the list, a bad area code, a future date, another partnership's agency", async () => {
      const post = (body: Json) =>
        client(t, people.analyst.auth)
          .post(`${cardiff}/engagements`)
          .send({ heldOn: '2026-01-12', kind: 'pact_meeting', title: 'A meeting', areaCodes: ['W05001289'], ...body });
      expectProblem(await post({ kind: 'coffee_morning' }), 400, 'validation');
      expectProblem(await post({ areaCodes: [] }), 400, 'validation');
      const bad = expectProblem(await post({ areaCodes: ['W0512'] }), 400, 'validation');
      assert.equal(firstOf(bad.errors as Json[]).path, 'areaCodes[0]');
      expectProblem(await post({ heldOn: '2026-01-16' }), 422, 'date-in-future');
      expectProblem(await post({ agencyIds: [await agencyOf(t, 'newport')] }), 422, 'agency-not-in-partnership');
      expectProblem(
        await client(t, people.viewer.auth)
          .post(`${cardiff}/engagements`)
          .send({ heldOn: '2026-01-12', kind: 'survey', title: 'A survey', areaCodes: ['W05001289'] }),
        403,
      );
    });

    it('lists latest first with the kind, area and date filters, across keyset pages', async () => {
      const survey = await recordEngagement(t, 'cardiff', people.chair.auth, {
        kind: 'survey',
        heldOn: '2025-11-03',
        areaCodes: ['W05000900'],
        attendance: null,
        responseCount: 140,
      });
      const audit = await recordEngagement(t, 'cardiff', people.chair.auth, {
        kind: 'environmental_visual_audit',
        heldOn: '2025-12-01',
        areaCodes: ['W05000900', 'W05000901'],
      });
      const ids = async (q: string) =>
        ((await client(t, people.viewer.auth).get(`${cardiff}/engagements${q}`).expect(200)).body.items as Json[]).map((e) => e.id);
      assert.deepEqual(await ids('?area=w05000900'), [audit.id, survey.id]);
      assert.deepEqual(await ids('?kind=survey'), [survey.id]);
      assert.deepEqual(await ids('?from=2025-11-01&to=2025-11-30'), [survey.id]);
      const all = await ids('?limit=100');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await client(t, people.viewer.auth)
          .get(`${cardiff}/engagements?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        seen.push(...(page.body.items as Json[]).map((e) => e.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, all);
    });

    it("changes only the fields sent, honours If-Match, and moves the issues' date with it", async () => {
      const e = await recordEngagement(t, 'cardiff', people.analyst.auth);
      const issue = await raiseIssue(t, 'cardiff', people.analyst.auth, e.id);
      const read = await client(t, people.viewer.auth).get(`${cardiff}/engagements/${e.id}`).expect(200);
      const res = await client(t, people.analyst.auth)
        .patch(`${cardiff}/engagements/${e.id}`)
        .set('if-match', etagOf(read))
        .send({ heldOn: '2026-01-10', attendance: 30 })
        .expect(200);
      assert.deepEqual([res.body.heldOn, res.body.attendance, res.body.title], ['2026-01-10', 30, e.title]);
      assert.equal(res.body.issues[0].raisedOn, '2026-01-10');
      expectProblem(await client(t, people.analyst.auth).patch(`${cardiff}/engagements/${e.id}`).set('if-match', etagOf(read)).send({ attendance: 31 }), 412);
      assert.equal((await client(t, people.viewer.auth).get(`${cardiff}/engagement-issues/${issue.id}`).expect(200)).body.raisedOn, '2026-01-10');
      // Reads of one engagement or issue are audited: what was said can name people.
      assert.ok((await auditOf(t, issue.id)).some((a) => a.action === 'engagement_issue.read' && a.actor_id === people.viewer.user.id));
      assert.ok((await auditOf(t, e.id)).some((a) => a.action === 'engagement.read' && a.actor_id === people.viewer.user.id));
    });
  });

  describe('issues raised', () => {
    let engagement: Json;

    beforeAll(async () => {
      engagement = await recordEngagement(t, 'cardiff', people.analyst.auth, {
        title: 'Grangetown ward meeting',
        kind: 'ward_meeting',
        areaCodes: ['W05001300'],
      });
    });

    it('records one against the engagement, in its area by default', async () => {
      const issue = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id);
      assert.deepEqual([issue.status, issue.areaCode, issue.raisedOn, issue.raisedByCount, issue.answer], ['open', 'W05001300', engagement.heldOn, 6, null]);
      expectProblem(
        await client(t, people.analyst.auth).post(`${cardiff}/engagements/${engagement.id}/issues`).send({ category: 'knitting', whatWasSaid: 'Something' }),
        422,
        'unknown-category',
      );
      expectProblem(
        await client(t, people.analyst.auth)
          .post(`${cardiff}/engagements/${engagement.id}/issues`)
          .send({ category: 'environmental', whatWasSaid: 'x', raisedByCount: 0 }),
        400,
      );
      expectProblem(
        await client(t, people.partner.auth)
          .post(`${cardiff}/engagements/${engagement.id}/issues`)
          .send({ category: 'environmental', whatWasSaid: 'Fly-tipping' }),
        403,
      );
      const detail = await client(t, people.viewer.auth).get(`${cardiff}/engagements/${engagement.id}`).expect(200);
      assert.equal(detail.body.issueCount, detail.body.issues.length);
    });

    it("nominates an open issue through intake: on the agenda's new nominations, a problem from community engagement once the chair accepts", async () => {
      const issue = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id, {
        category: 'environmental',
        whatWasSaid: 'Fly-tipping in the back lanes off Clive Street every week.',
        locationLabel: 'Back lanes off Clive Street',
      });
      const group = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police, council] });
      const res = await client(t, people.chair.auth)
        .post(`${cardiff}/engagement-issues/${issue.id}/nominate`)
        .set('if-match', `"${issue.id}.${issue.version}"`)
        .send({})
        .expect(200);
      assert.deepEqual([res.body.status, res.body.problemId], ['nominated', null]);
      const nominationId = res.body.nominationId as string;
      // A nomination of kind engagement_issue, linked back to the issue; no problem yet.
      const nomination = (await client(t, people.viewer.auth).get(`${cardiff}/nominations/${nominationId}`).expect(200)).body;
      assert.deepEqual(
        [nomination.kind, nomination.state, nomination.engagementIssueId, nomination.category, nomination.problemId],
        ['engagement_issue', 'open', issue.id, 'environmental', null],
      );
      assert.equal(nomination.location.label, 'Back lanes off Clive Street');
      assert.deepEqual((await t.db.query(`SELECT id FROM problems WHERE description = $1`, [issue.whatWasSaid])).length, 0);
      const created = firstOf(
        await t.db.query<{ data: Json }>(`SELECT data FROM outbox_events WHERE type = 'nomination.created' AND subject_id = $1`, [nominationId]),
      );
      assert.deepEqual([created.data.kind, created.data.engagementIssueId], ['engagement_issue', issue.id]);
      // On the agenda's new nominations.
      const meeting = await scheduleMeeting(t, 'cardiff', people.chair.auth, group.id, '2026-01-22T17:00:00Z');
      const listed = ((await getMeeting(t, 'cardiff', people.viewer.auth, meeting.id)).agenda.newNominations as Json[]).find((n) => n.id === nominationId);
      assert.deepEqual([listed?.type, listed?.kind, listed?.category], ['nomination', 'engagement_issue', 'environmental']);
      // Nominating it again is refused: one issue, one nomination.
      expectProblem(await client(t, people.chair.auth).post(`${cardiff}/engagement-issues/${issue.id}/nominate`).send({}), 409, 'engagement-issue-not-open');
      // The chair accepts it in the meeting: a problem at scanning from community engagement, linked to the issue.
      await openMeeting(t, 'cardiff', people.chair.auth, meeting.id);
      const decided = await client(t, people.chair.auth)
        .post(`${cardiff}/meetings/${meeting.id}/nominations/${nominationId}/decision`)
        .send({ decision: 'accept' })
        .expect(200);
      const problem = (await client(t, people.analyst.auth).get(`${cardiff}/problems/${decided.body.problemId}`).expect(200)).body;
      assert.deepEqual(
        [problem.stage, problem.source, problem.category, problem.description],
        ['scanning', 'community_engagement', 'environmental', issue.whatWasSaid],
      );
      assert.deepEqual(
        problem.locations.map((l: Json) => [l.code, l.label]),
        [['W05001300', 'Back lanes off Clive Street']],
      );
      const after = (await client(t, people.viewer.auth).get(`${cardiff}/engagement-issues/${issue.id}`).expect(200)).body;
      assert.deepEqual([after.status, after.problemId, after.nominationId], ['nominated', problem.id, nominationId]);
      assert.deepEqual(
        (await auditOf(t, issue.id)).map((a) => a.action),
        ['engagement_issue.recorded', 'engagement_issue.nominated', 'engagement_issue.nomination_decided', 'engagement_issue.read'],
      );
    });

    it("takes the nominator's words for the problem, and closes the issue with the chair's reason when the nomination is declined", async () => {
      const group = await createGroup(t, 'cardiff', people.chair.auth, { chairUserId: people.chair.user.id, agencyIds: [police] });
      const meeting = await scheduleMeeting(t, 'cardiff', people.chair.auth, group.id, '2026-01-22T18:00:00Z');
      await openMeeting(t, 'cardiff', people.chair.auth, meeting.id);
      const decide = (nominationId: string, body: Json) =>
        client(t, people.chair.auth).post(`${cardiff}/meetings/${meeting.id}/nominations/${nominationId}/decision`).send(body).expect(200);
      const worded = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id, {
        whatWasSaid: 'Mrs Jones at number 4 says the bikes come every night.',
      });
      const n1 = (
        await client(t, people.analyst.auth)
          .post(`${cardiff}/engagement-issues/${worded.id}/nominate`)
          .send({ title: 'Off-road bikes on the lane', description: 'Off-road bikes on the lane most evenings.' })
          .expect(200)
      ).body.nominationId;
      const accepted = await decide(n1, { decision: 'accept' });
      const problem = (await client(t, people.analyst.auth).get(`${cardiff}/problems/${accepted.body.problemId}`).expect(200)).body;
      assert.deepEqual(
        [problem.title, problem.description, problem.source],
        ['Off-road bikes on the lane', 'Off-road bikes on the lane most evenings.', 'community_engagement'],
      );
      const declined = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id);
      const n2 = (await client(t, people.analyst.auth).post(`${cardiff}/engagement-issues/${declined.id}/nominate`).send({}).expect(200)).body.nominationId;
      await decide(n2, { decision: 'decline', reason: 'Already tasked to the neighbourhood team' });
      const closed = (await client(t, people.viewer.auth).get(`${cardiff}/engagement-issues/${declined.id}`).expect(200)).body;
      assert.deepEqual(
        [closed.status, closed.problemId, closed.closedReason],
        ['closed', null, 'Nomination declined at tasking: Already tasked to the neighbourhood team'],
      );
    });

    it('makes one nomination when the same issue is nominated twice at once (the second answers 409)', async () => {
      const issue = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id, { whatWasSaid: `Nominated twice ${Date.now()}` });
      const [a, b] = await Promise.all([
        client(t, people.analyst.auth).post(`${cardiff}/engagement-issues/${issue.id}/nominate`).send({}),
        client(t, people.chair.auth).post(`${cardiff}/engagement-issues/${issue.id}/nominate`).send({}),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409]);
      const nominations = await t.db.query<{ id: string }>(`SELECT id FROM nominations WHERE engagement_issue_id = $1`, [issue.id]);
      assert.equal(nominations.length, 1);
      assert.equal((a.status === 200 ? a : b).body.nominationId, firstOf(nominations).id);
    });

    it('links an open issue to a problem already open, or closes it with a reason; then it is decided', async () => {
      const problem = await createProblem(t, 'cardiff', people.analyst.auth);
      const toLink = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id);
      expectProblem(await client(t, people.analyst.auth).post(`${cardiff}/engagement-issues/${toLink.id}/link`).send({}), 422, 'link-target-required');
      expectProblem(
        await client(t, people.analyst.auth).post(`${cardiff}/engagement-issues/${toLink.id}/link`).send({ problemId: '0190a000-0000-7000-8000-000000000000' }),
        422,
        'unknown-problem',
      );
      const linked = await client(t, people.analyst.auth).post(`${cardiff}/engagement-issues/${toLink.id}/link`).send({ problemId: problem.id }).expect(200);
      assert.deepEqual([linked.body.status, linked.body.problemId], ['linked', problem.id]);
      const listed = await client(t, people.viewer.auth).get(`${cardiff}/engagement-issues?problemId=${problem.id}`).expect(200);
      assert.deepEqual(
        listed.body.items.map((i: Json) => i.id),
        [toLink.id],
      );
      const toClose = await raiseIssue(t, 'cardiff', people.analyst.auth, engagement.id);
      const closed = await client(t, people.chair.auth)
        .post(`${cardiff}/engagement-issues/${toClose.id}/close`)
        .send({ reason: 'A dispute between neighbours: referred to the housing association.' })
        .expect(200);
      assert.deepEqual([closed.body.status, closed.body.closedReason], ['closed', 'A dispute between neighbours: referred to the housing association.']);
      expectProblem(
        await client(t, people.chair.auth).post(`${cardiff}/engagement-issues/${toClose.id}/link`).send({ problemId: problem.id }),
        409,
        'engagement-issue-not-open',
      );
      const open = await client(t, people.viewer.auth).get(`${cardiff}/engagement-issues?status=closed&limit=100`).expect(200);
      assert.ok(open.body.items.every((i: Json) => i.status === 'closed'));
    });
  });

  describe('"you said, we did"', () => {
    let published: Json;
    let unpublished: Json;
    let withdrawn: Json;
    const ANSWER = 'Police patrols on the lane on Friday and Saturday evenings since January; two motorbikes seized.';
    const ATEB = 'Patrolau heddlu ar y lôn ar nos Wener a nos Sadwrn ers mis Ionawr; cipiwyd dau feic modur.';
    const answer = (caller: Member, issue: Json, body: Json) =>
      client(t, caller.auth).post(`${cardiff}/engagement-issues/${issue.id}/answer`).send(body).expect(200);

    beforeAll(async () => {
      const e = await recordEngagement(t, 'cardiff', people.analyst.auth, {
        title: 'Splott street briefing',
        kind: 'street_briefing',
        areaCodes: ['W05001400'],
        heldOn: '2026-01-05',
      });
      published = await raiseIssue(t, 'cardiff', people.analyst.auth, e.id, {
        whatWasSaid: 'Mr Price at 7 Railway Street: bikes on the lane, my grandson was nearly hit.',
      });
      unpublished = await raiseIssue(t, 'cardiff', people.analyst.auth, e.id, { whatWasSaid: 'Drug litter in the park (unpublished answer).' });
      withdrawn = await raiseIssue(t, 'cardiff', people.analyst.auth, e.id, {
        whatWasSaid: 'Graffiti on the bridge (answer withdrawn).',
        category: 'criminal-damage-and-arson',
      });
      const answered = await client(t, people.chair.auth)
        .post(`${cardiff}/engagement-issues/${published.id}/answer`)
        .send({ text: ANSWER, textCy: ATEB, agencyId: police, publish: true })
        .expect(200);
      assert.deepEqual([answered.body.answer.published, answered.body.answer.agencyId, answered.body.answer.textCy], [true, police, ATEB]);
      await client(t, people.analyst.auth)
        .post(`${cardiff}/engagement-issues/${unpublished.id}/answer`)
        .send({ text: 'Draft: the council cleared the park.', agencyId: council, publish: false })
        .expect(200);
      await client(t, people.analyst.auth)
        .post(`${cardiff}/engagement-issues/${withdrawn.id}/answer`)
        .send({ text: 'The council painted over it.', agencyId: council, publish: true })
        .expect(200);
      await client(t, people.analyst.auth)
        .post(`${cardiff}/engagement-issues/${withdrawn.id}/answer`)
        .send({ text: 'The council painted over it.', agencyId: council, publish: false })
        .expect(200);
    });

    it('is published by analysts and chairs only, deliberately, and audited', async () => {
      for (const caller of [people.partner, people.viewer]) {
        expectProblem(
          await client(t, caller.auth).post(`${cardiff}/engagement-issues/${unpublished.id}/answer`).send({ text: 'Done', agencyId: council, publish: true }),
          403,
        );
      }
      expectProblem(
        await client(t, people.analyst.auth).post(`${cardiff}/engagement-issues/${unpublished.id}/answer`).send({ text: 'Done it', agencyId: council }),
        400,
      );
      expectProblem(
        await client(t, people.analyst.auth)
          .post(`${cardiff}/engagement-issues/${unpublished.id}/answer`)
          .send({ text: 'Done it', agencyId: await agencyOf(t, 'newport'), publish: true }),
        422,
        'agency-not-in-partnership',
      );
      assert.deepEqual(
        (await auditOf(t, published.id)).map((a) => [a.action, a.actor_id]),
        [
          ['engagement_issue.recorded', people.analyst.user.id],
          ['engagement_issue.answer_published', people.chair.user.id],
        ],
      );
      assert.deepEqual((await auditOf(t, withdrawn.id)).map((a) => a.action).slice(1), [
        'engagement_issue.answer_published',
        'engagement_issue.answer_withdrawn',
      ]);
      const events = await t.db.query<{ type: string; data: Json }>(
        `SELECT type, data FROM outbox_events WHERE subject_id = ANY($1::uuid[]) ORDER BY occurred_at`,
        [[published.id, unpublished.id, withdrawn.id]],
      );
      assert.deepEqual(
        events.map((e) => e.type),
        ['you_said_we_did.published', 'you_said_we_did.published'],
      );
      assert.ok(!JSON.stringify(events).includes('Mr Price'));
    });

    it('serves the published answers without signing in, grouped by area and month, in English and Welsh', async () => {
      const res = await feed().expect(200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.equal(res.body.partnership.code, 'cardiff');
      const area = (res.body.areas as Json[]).find((a) => a.areaCode === 'W05001400')!;
      assert.deepEqual(
        area.months.map((m: Json) => m.month),
        ['2026-01'],
      );
      const entries = area.months[0].entries as Json[];
      assert.equal(entries.length, 1);
      assert.deepEqual(entries[0], {
        youSaid: {
          category: 'anti-social-behaviour',
          categoryName: { en: 'Anti-social behaviour', cy: 'Ymddygiad gwrthgymdeithasol' },
          raisedBy: 6,
          engagementKind: 'street_briefing',
          engagementKindName: { en: 'Street briefing', cy: 'Sesiwn friffio ar y stryd' },
        },
        weDid: { en: ANSWER, cy: ATEB },
        agency: firstOf(entries).agency,
        answeredOn: '2026-01-15',
      });
      assert.ok(entries[0].agency.length > 0);
    });

    it('carries nothing unpublished and no personal data or free text of the record', async () => {
      const text = JSON.stringify((await feed().expect(200)).body);
      for (const secret of [
        'Mr Price',
        'Railway Street',
        'grandson',
        'Mrs Jones',
        'Loudoun Square',
        'Drug litter',
        'Draft: the council',
        'painted over',
        published.id,
        people.analyst.user.id,
        people.chair.user.id,
      ]) {
        assert.ok(!text.includes(secret), `the feed carries ${secret}`);
      }
      const keys = new Set<string>();
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            keys.add(k);
            walk(x);
          }
        }
      };
      walk(JSON.parse(text));
      // How many raised it is suppressed from 1 to 4.
      const few = await recordEngagement(t, 'cardiff', people.analyst.auth, { areaCodes: ['W05001401'], kind: 'online', title: 'Online survey' });
      const issue = await raiseIssue(t, 'cardiff', people.analyst.auth, few.id, { raisedByCount: 4 });
      await client(t, people.analyst.auth)
        .post(`${cardiff}/engagement-issues/${issue.id}/answer`)
        .send({ text: 'CCTV reviewed.', agencyId: police, publish: true })
        .expect(200);
      const entry = (await feed('?area=W05001401').expect(200)).body.areas[0].months[0].entries[0];
      assert.equal(entry.youSaid.raisedBy, null);
      for (const k of ['whatWasSaid', 'locationLabel', 'id', 'answeredBy', 'email', 'problemId']) assert.ok(!keys.has(k), `the feed has a ${k} field`);
    });

    it('is cacheable: Cache-Control, an ETag, and 304 when it has not changed', async () => {
      // An area of its own, so that publishing here changes no other test's feed.
      const e = await recordEngagement(t, 'cardiff', people.analyst.auth, {
        title: 'Adamsdown street briefing',
        areaCodes: ['W05001402'],
        heldOn: '2026-01-05',
      });
      const answered = await raiseIssue(t, 'cardiff', people.analyst.auth, e.id);
      const draft = await raiseIssue(t, 'cardiff', people.analyst.auth, e.id, { whatWasSaid: 'Fly-tipping behind the shops.' });
      await answer(people.chair, answered, { text: 'Extra patrols on Friday evenings.', agencyId: police, publish: true });
      await answer(people.analyst, draft, { text: 'Draft: the council cleared the lane.', agencyId: council, publish: false });
      const first = await feed('?area=W05001402').expect(200);
      assert.equal(first.headers['cache-control'], 'public, max-age=300');
      assert.ok(first.headers.etag);
      const again = await feed('?area=W05001402').set('if-none-match', first.headers.etag).expect(304);
      assert.equal(again.text, '');
      await answer(people.analyst, draft, { text: 'The council cleared the lane on 14 January.', agencyId: council, publish: true });
      const changed = await feed('?area=W05001402').set('if-none-match', first.headers.etag).expect(200);
      assert.notEqual(changed.headers.etag, first.headers.etag);
    });

    it('filters by area and dates, and answers 404 for an unknown partnership and 400 for a bad query', async () => {
      assert.deepEqual((await feed('?area=W05009999').expect(200)).body.areas, []);
      assert.deepEqual((await feed('?from=2026-02-01').expect(200)).body.areas, []);
      assert.ok((await feed('?from=2026-01-01&to=2026-01-31').expect(200)).body.areas.length >= 1);
      expectProblem(await t.http.get('/api/v1/public/partnerships/atlantis/you-said-we-did'), 404);
      expectProblem(await feed('?from=yesterday'), 400);
      // Another partnership's feed holds none of Cardiff's answers.
      assert.deepEqual((await t.http.get('/api/v1/public/partnerships/newport/you-said-we-did').expect(200)).body.areas, []);
    });
  });

  describe('figures', () => {
    it('counts engagements per area and quarter, issues raised and answered and how fast, and problems from community sources', async () => {
      const fresh = await createTestApp();
      try {
        const a = await member(fresh, 'swansea', 'analyst');
        const agency = await agencyOf(fresh, 'swansea', 'police');
        const e1 = await recordEngagement(fresh, 'swansea', a.auth, { heldOn: '2025-12-10', areaCodes: ['W05000001', 'W05000002'], attendance: 10 });
        await recordEngagement(fresh, 'swansea', a.auth, { heldOn: '2026-01-05', areaCodes: ['W05000001'], attendance: 5 });
        const i1 = await raiseIssue(fresh, 'swansea', a.auth, e1.id);
        await raiseIssue(fresh, 'swansea', a.auth, e1.id, { raisedByCount: 2 });
        await client(fresh, a.auth)
          .post(`/api/v1/partnerships/swansea/engagement-issues/${i1.id}/answer`)
          .send({ text: 'Patrols increased.', agencyId: agency, publish: true })
          .expect(200);
        await client(fresh, a.auth).post(`/api/v1/partnerships/swansea/engagement-issues/${i1.id}/nominate`).send({}).expect(200);
        await createProblem(fresh, 'swansea', a.auth, { source: 'community_engagement' });
        await createProblem(fresh, 'swansea', a.auth, { source: 'monitoring' });
        const res = await client(fresh, a.auth).get('/api/v1/partnerships/swansea/community-figures?from=2025-10-01&to=2026-01-15').expect(200);
        const f = Object.fromEntries((res.body.figures as Json[]).map((x) => [x.key, x]));
        assert.equal(f.engagements_held.value, 2);
        assert.equal(f.issues_raised.value, 2);
        assert.deepEqual(
          [f.issues_answered_share.value, f.issues_answered_share.numerator, f.issues_answered_share.denominator, f.issues_answered_share.sufficientData],
          [0.5, 1, 2, false],
        );
        assert.equal(f.issues_answer_median_days.value, 36);
        assert.equal(f.answers_published.value, 1);
        assert.deepEqual([f.problems_from_community_share.numerator, f.problems_from_community_share.denominator], [1, 2]);
        assert.deepEqual(res.body.engagementsByAreaAndQuarter, [
          { areaCode: 'W05000001', quarter: '2025-Q4', engagements: 1, attendance: 10, responses: 0 },
          { areaCode: 'W05000002', quarter: '2025-Q4', engagements: 1, attendance: 10, responses: 0 },
          { areaCode: 'W05000001', quarter: '2026-Q1', engagements: 1, attendance: 5, responses: 0 },
        ]);
        const empty = await client(fresh, a.auth).get('/api/v1/partnerships/swansea/community-figures?from=2024-01-01&to=2024-03-31').expect(200);
        const share = (empty.body.figures as Json[]).find((x) => x.key === 'issues_answered_share')!;
        assert.deepEqual([share.value, share.sufficientData], [null, false]);
        expectProblem(await client(fresh, a.auth).get('/api/v1/partnerships/swansea/community-figures?from=2026-02-01&to=2026-01-01'), 422, 'period-inverted');
      } finally {
        await fresh.close();
      }
    });
  });

  describe('the OpenAPI document', () => {
    it('describes every field the engagement routes and the public feed answer with', async () => {
      const doc = (await t.http.get('/docs/openapi.json').expect(200)).body as {
        components: { schemas: Record<string, { properties: Record<string, Json> }> };
        paths: Record<string, Json>;
      };
      const fields = (schema: string) => Object.keys(doc.components.schemas[schema]?.properties ?? {}).sort();
      const covers = (schema: string, body: Json) =>
        assert.deepEqual(
          Object.keys(body).filter((k) => !fields(schema).includes(k)),
          [],
          `${schema} documents every field`,
        );
      const e = await recordEngagement(t, 'cardiff', people.analyst.auth, { areaCodes: ['W05001500'] });
      const issue = await raiseIssue(t, 'cardiff', people.analyst.auth, e.id);
      const answered = (
        await client(t, people.analyst.auth)
          .post(`${cardiff}/engagement-issues/${issue.id}/answer`)
          .send({ text: 'Done and dusted.', agencyId: police, publish: true })
          .expect(200)
      ).body;
      const detail = (await client(t, people.viewer.auth).get(`${cardiff}/engagements/${e.id}`).expect(200)).body;
      covers('EngagementDetailDto', detail);
      covers('EngagementIssueDto', answered);
      covers('IssueAnswerDto', answered.answer);
      const body = (await feed('?area=W05001500').expect(200)).body;
      covers('YouSaidWeDidDto', body);
      covers('YouSaidWeDidAreaDto', body.areas[0]);
      covers('YouSaidWeDidMonthDto', body.areas[0].months[0]);
      covers('YouSaidWeDidEntryDto', body.areas[0].months[0].entries[0]);
      covers('YouSaidDto', body.areas[0].months[0].entries[0].youSaid);
      const figures = (await client(t, people.viewer.auth).get(`${cardiff}/community-figures`).expect(200)).body;
      covers('CommunityFiguresDto', figures);
      covers('CommunityFigureDto', figures.figures[2]);
      covers('AreaQuarterDto', figures.engagementsByAreaAndQuarter[0]);
      for (const field of ['text', 'textCy', 'agencyId', 'publish']) assert.ok(fields('AnswerIssueDto').includes(field), field);
      assert.ok(entryOf(doc.paths, '/api/v1/public/partnerships/{code}/you-said-we-did').get);
    });
  });
});
