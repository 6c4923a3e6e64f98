import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { CrossPartnershipHost } from '@app/core';
import { MeetingPacksService } from '@app/domain/accountability';
import { createTestApp, createTestWorker, firstOf, nth, onlyOf, type TestApp, type TestWorker } from '@app/testing';
import { raiseIssue, recordEngagement, recordIntelligence } from './support/community';
import { agencyOf, member, partnershipId } from './support/identity';
import { pdfAccessibility, pdfPages } from './support/pdf';
import { expectProblem } from './support/problem-details';
import { arrangeStrategy, insertProblem } from './support/problems';
import { createGroup, insertActions, openMeeting, scheduleMeeting, tasking } from './support/tasking';
import { client, type Json } from './support/http';

/** Asserts that the text holds each of the words (a failure names the one missing). */
function holdsEach(text: string, expected: string[]): void {
  for (const word of expected) assert.ok(text.includes(word), word);
}

const binary = (res: { on: (e: string, f: (c?: Buffer) => void) => void }, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('meeting packs, minutes and the annual report', () => {
  let t: TestApp;
  let w: TestWorker;
  let chair: Json;
  let viewer: Json;
  let police: string;
  let council: string;
  let cardiffId: string;
  let overdueRef: string;
  const cardiff = tasking('cardiff');
  const buildPending = () => w.app.get(MeetingPacksService).buildPending(w.app.get(CrossPartnershipHost));
  /**
   * A meeting of its own, in a group of its own, on 2026-01-15: the month the
   * actions, incidents and problem arranged in beforeAll are read for.
   */
  const meetingOn = async (): Promise<string> => {
    const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police, council] });
    return (await scheduleMeeting(t, 'cardiff', chair.auth, group.id, '2026-01-15T17:00:00Z')).id as string;
  };
  /** A meeting of its own whose pack was asked for and built. */
  const builtMeeting = async (): Promise<string> => {
    const id = await meetingOn();
    await client(t, chair.auth).post(`${cardiff}/meetings/${id}/pack`).expect(202);
    await w.app.get(MeetingPacksService).build(cardiffId, id);
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { FIGURES_REFRESH_MINUTES: '1440', PACK_SCAN_INTERVAL_SECONDS: '3600' } });
    w = await createTestWorker({ environment: t });
    chair = await member(t, 'cardiff', 'chair');
    viewer = await member(t, 'cardiff', 'viewer');
    police = await agencyOf(t, 'cardiff', 'police');
    council = await agencyOf(t, 'cardiff', 'local_authority');
    cardiffId = await partnershipId(t, 'cardiff');
    await arrangeStrategy(t, 'cardiff');
    const [overdue] = await insertActions(t, 'cardiff', [
      { dueDate: '2026-01-05', agencyId: police, title: 'Survey the lighting on Queen Street' },
      { dueDate: '2026-01-02', agencyId: council, status: 'done', completedAt: '2026-01-01T12:00:00Z' },
      { dueDate: '2026-01-20', agencyId: council, title: 'Gate the alley behind the arcade' },
    ]);
    ({ reference: overdueRef } = onlyOf(await t.db.query<{ reference: string }>('SELECT reference FROM actions WHERE id = $1', [overdue])));
    // Incidents: 3 burglaries in November, a burglary and 2 ASB in December, 1 ASB in January; one from
    // January 2025, outside the 12 months to the meeting's month.
    for (const [category, month] of [
      ['burglary', '2025-11'],
      ['burglary', '2025-11'],
      ['burglary', '2025-11'],
      ['shoplifting', '2025-12'],
      ['anti-social-behaviour', '2025-12'],
      ['public-order', '2025-12'],
      ['anti-social-behaviour', '2026-01'],
      ['burglary', '2025-01'],
    ]) {
      await t.db.query(
        `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, occurred_at, month_only, occurred_month, occurred_on, content_hash)
         VALUES (gen_random_uuid(), $1, 'pack', gen_random_uuid()::text, $2, NULL, true, $3::date, $3::date, 'x')`,
        [cardiffId, category, `${month}-01`],
      );
    }
    const problem = await insertProblem(t, 'cardiff', 'response');
    await t.db.query(`UPDATE problems SET planned_assessment_date = '2026-01-20', title = 'Youths gathering at the precinct' WHERE id = $1`, [problem.id]);
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it('queues a pack (202), refuses the download before the first build, then serves the built PDF with its sections', async () => {
    const meetingId = await meetingOn();
    const asked = await client(t, chair.auth).post(`${cardiff}/meetings/${meetingId}/pack`);
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    assert.equal(asked.body.state, 'queued');
    expectProblem(await client(t, viewer.auth).get(`${cardiff}/meetings/${meetingId}/pack.pdf`), 409, 'pack-not-built');
    assert.equal(await buildPending(), 1);
    const status = (await client(t, viewer.auth).get(`${cardiff}/meetings/${meetingId}/pack`).expect(200)).body;
    assert.deepEqual([status.state, status.builds, status.builtForStatus], ['ready', 1, 'scheduled']);

    const res = await client(t, viewer.auth).get(`${cardiff}/meetings/${meetingId}/pack.pdf`).buffer(true).parse(binary).expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pages = await pdfPages(res.body as Buffer);
    const text = pages.join('\n');
    assert.match(firstOf(pages), /Cardiff/);
    assert.match(firstOf(pages), /Meeting pack/);
    assert.match(firstOf(pages), /Contents/);
    for (const section of [
      'Agenda',
      'Overdue actions',
      'Actions due before the next meeting',
      'Problems for review',
      'New nominations',
      'Control strategy priorities',
      'Flags',
      'Charts',
    ]) {
      assert.match(firstOf(pages), new RegExp(`\\d+\\. ${section} \\d+`), `contents lists ${section} with its page`);
      assert.ok(
        pages.slice(1).some((p) => p.includes(section)),
        `section ${section}`,
      );
    }
    assert.match(text, new RegExp(`${overdueRef}.*Survey the lighting on Queen Street`), 'the overdue action');
    assert.match(text, /Youths gathering at the precinct.*response/, 'a problem for review with its stage');
    assert.match(text, /a planned assessment date|ready for assessment|a response/, 'what it still needs');
    assert.match(text, /Actions done on time, by agency/, 'the on-time chart');
    assert.match(text, /On-time rate/, "the chart's axis, drawn as text");
    assert.match(text, /Problems by stage, now/);
    assert.match(text, /Incidents per month, 2025-02 to 2026-01/, 'the incident trend chart');
    assert.match(text, /Month Acquisitive crime Anti-social behaviour/, 'its table');
    assert.match(text, /2025-11 3 0 .*2025-12 1 2 .*2026-01 0 1/);
    pages.forEach((p, i) => assert.match(p, new RegExp(`Page ${i + 1} of ${pages.length}`)));
    assert.ok(
      pages.every((p) => p.includes('Meeting of 2026-01-15')),
      'the date on every page',
    );
    const audit = await t.db.query<{ action: string; details: Json }>(
      `SELECT action, details FROM audit_events WHERE target_id = $1 AND action LIKE 'meeting_pack.%' ORDER BY seq`,
      [meetingId],
    );
    assert.deepEqual(
      audit.map((a) => [a.action, a.details?.format ?? null]),
      [
        ['meeting_pack.requested', null],
        ['meeting_pack.downloaded', 'pdf'],
      ],
    );
  });

  it('serves a tagged PDF: language, title and a structure tree in reading order, headers and footers left out', async () => {
    const meetingId = await builtMeeting();
    const res = await client(t, viewer.auth).get(`${cardiff}/meetings/${meetingId}/pack.pdf`).buffer(true).parse(binary).expect(200);
    const bytes = (res.body as Buffer).toString('latin1');
    for (const key of ['/StructTreeRoot', '/MarkInfo', '/Lang (en-GB)', '/DisplayDocTitle true', '/Title']) assert.ok(bytes.includes(key), key);
    const a11y = await pdfAccessibility(res.body as Buffer);
    assert.equal(a11y.marked, true);
    assert.equal(a11y.lang, 'en-GB');
    assert.match(a11y.title!, /^Meeting pack - Cardiff/);
    for (const role of ['H1', 'TOC', 'TOCI', 'Sect', 'H2', 'P', 'Table', 'TR', 'TH', 'TD', 'Figure']) assert.ok(a11y.roles.includes(role), `a ${role} element`);
    assert.equal(a11y.roles.filter((r) => r === 'H1').length, 1, 'one title');
    assert.equal(a11y.roles.filter((r) => r === 'Figure').length, 3, 'the three charts');
    assert.ok(
      a11y.figureAlts.some((alt) =>
        alt.startsWith(
          'Line chart, Incidents per month, 2025-02 to 2026-01. Incidents from 2025-02 to 2026-01, Acquisitive crime: 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 0',
        ),
      ),
      a11y.figureAlts.join(' | '),
    );
    // Reading order follows the document: the title, then the contents, then the sections.
    assert.ok(a11y.roles.indexOf('H1') < a11y.roles.indexOf('TOC') && a11y.roles.indexOf('TOC') < a11y.roles.indexOf('Sect'));
  });

  it('serves print-ready HTML with the charts as SVG', async () => {
    const meetingId = await builtMeeting();
    const res = await client(t, viewer.auth).get(`${cardiff}/meetings/${meetingId}/pack.html`).expect(200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.text, /@page \{ size: A4/);
    assert.match(res.text, /<section id="overdue-actions">/);
    assert.equal((res.text.match(/<svg /g) ?? []).length, 3);
    // The incident trend: a line per category group, and the numbers in a table beside it.
    const trend = res.text.slice(res.text.lastIndexOf('<figure>', res.text.indexOf('aria-label="Incident trend"')));
    assert.match(trend, /<figcaption>Incident trend<span class="visually-hidden"> Line chart, Incidents per month, 2025-02 to 2026-01\./);
    const table = nth(/<table>(.*?)<\/table>/s.exec(trend)!, 1);
    const cells = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((r) => [...nth(r, 1).matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]));
    assert.deepEqual(cells[0], ['Month', 'Acquisitive crime', 'Anti-social behaviour']);
    assert.equal(cells.length, 13, 'a header and 12 months');
    assert.deepEqual(
      cells.slice(1).map((r) => r[0]),
      ['2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01'],
    );
    assert.deepEqual(cells.slice(-3), [
      ['2025-11', '3', '0'],
      ['2025-12', '1', '2'],
      ['2026-01', '0', '1'],
    ]);
    assert.ok(
      cells.slice(1, 10).every((r) => r[1] === '0' && r[2] === '0'),
      'the January 2025 burglary is outside the 12 months',
    );
    // The chart is drawn from the same numbers: the SVG's marks describe each point.
    const svg = /<svg[\s\S]*?<\/svg>/.exec(trend)![0];
    assert.ok(svg.includes('aria-label="label: 2025-11; Incidents: 3; series: Acquisitive crime"'), "November's burglaries as a point");
    assert.ok(svg.includes('aria-label="label: 2025-12; Incidents: 2; series: Anti-social behaviour"'), "December's ASB as a point");
    assert.match(res.text, new RegExp(overdueRef));
  });

  it('builds again safely: a second run finds nothing; a second build of the same request replaces the pack', async () => {
    const meetingId = await meetingOn();
    await client(t, chair.auth).post(`${cardiff}/meetings/${meetingId}/pack`).expect(202);
    assert.equal(await buildPending(), 1);
    assert.equal(await buildPending(), 0, 'a second run finds nothing');
    const packs = w.app.get(MeetingPacksService);
    await Promise.all([packs.build(cardiffId, meetingId), packs.build(cardiffId, meetingId)]);
    const rows = await t.db.query<{ n: number; builds: number; state: string }>(
      `SELECT count(*) OVER () AS n, builds, state FROM meeting_packs WHERE meeting_id = $1`,
      [meetingId],
    );
    assert.deepEqual(
      rows.map((r) => [Number(r.n), r.builds, r.state]),
      [[1, 3, 'ready']],
    );
  });

  it('builds the pack again when the meeting opens', async () => {
    const meetingId = await builtMeeting();
    await client(t, chair.auth).post(`${cardiff}/meetings/${meetingId}/open`).expect(200);
    assert.equal(await buildPending(), 1);
    const status = (await client(t, viewer.auth).get(`${cardiff}/meetings/${meetingId}/pack`).expect(200)).body;
    assert.equal(status.builtForStatus, 'open');
    assert.equal(await buildPending(), 0);
  });

  it('gives the minutes after closing: attendance, decisions, actions and addenda', async () => {
    const meetingId = await meetingOn();
    await openMeeting(t, 'cardiff', chair.auth, meetingId);
    expectProblem(await client(t, viewer.auth).get(`${cardiff}/meetings/${meetingId}/minutes.pdf`), 409, 'meeting-not-closed');
    await client(t, chair.auth)
      .put(`${cardiff}/meetings/${meetingId}/attendance`)
      .send([{ agencyId: police, status: 'present', attendee: 'Inspector Morgan' }])
      .expect(200);
    await client(t, chair.auth)
      .post(`${cardiff}/meetings/${meetingId}/decisions`)
      .send({ text: 'Close the precinct problem once the lighting is in' })
      .expect(201);
    await client(t, chair.auth).post(`${cardiff}/meetings/${meetingId}/close`).expect(200);
    await client(t, chair.auth).post(`${cardiff}/meetings/${meetingId}/addenda`).send({ text: 'The lighting went in on 20 January' }).expect(201);
    const res = await client(t, viewer.auth).get(`${cardiff}/meetings/${meetingId}/minutes.pdf`).buffer(true).parse(binary).expect(200);
    const text = (await pdfPages(res.body as Buffer)).join('\n');
    holdsEach(text, [
      'Minutes',
      'Attendance',
      'Inspector Morgan',
      'Decisions',
      'Close the precinct problem',
      'Actions',
      'Addenda',
      'The lighting went in on 20 January',
    ]);
  });

  it("answers 404 for another partnership's meeting, and refuses partners and viewers the build", async () => {
    const meetingId = await meetingOn();
    const other = await member(t, 'newport', 'chair');
    for (const path of ['pack', 'pack.pdf', 'pack.html', 'minutes.pdf'])
      expectProblem(await client(t, other.auth).get(`/api/v1/partnerships/newport/meetings/${meetingId}/${path}`), 404);
    expectProblem(await client(t, other.auth).post(`/api/v1/partnerships/newport/meetings/${meetingId}/pack`), 404);
    expectProblem(await client(t, other.auth).get(`${cardiff}/meetings/${meetingId}/pack.pdf`), 404);
    expectProblem(await client(t, viewer.auth).post(`${cardiff}/meetings/${meetingId}/pack`), 403);
  });

  it('gives the annual report as PDF and HTML', async () => {
    const res = await client(t, viewer.auth).get(`${cardiff}/reports/annual?year=2026`).buffer(true).parse(binary).expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const text = (await pdfPages(res.body as Buffer)).join('\n');
    holdsEach(text, [
      'Annual report 2026',
      'Intelligence-led business processes',
      'Actions completed on time',
      'Priorities and what was done',
      'ASB hotspots',
      'Evaluated problems and their results',
    ]);
    const html = await client(t, viewer.auth).get(`${cardiff}/reports/annual?year=2026`).set('accept', 'text/html').expect(200);
    assert.match(html.text, /<h1>Annual report 2026<\/h1>/);
    expectProblem(await client(t, viewer.auth).get(`${cardiff}/reports/annual?year=soon`), 400);
  });
  it('shows the intelligence linked to problems on the agenda as sanitised summaries only: never what a C-coded item says, nor in exports or webhooks', async () => {
    const analyst = await member(t, 'cardiff', 'analyst');
    const admin = await member(t, 'cardiff', 'admin');
    const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police] });
    const packMeeting = (await scheduleMeeting(t, 'cardiff', chair.auth, group.id, '2026-01-22T17:00:00Z')).id;
    const problem = await insertProblem(t, 'cardiff', 'response');
    await t.db.query(`UPDATE problems SET planned_assessment_date = '2026-01-21', title = 'Dealing from the underpass' WHERE id = $1`, [problem.id]);
    const { reference } = firstOf(await t.db.query<{ reference: string }>('SELECT reference FROM problems WHERE id = $1', [problem.id]));
    const SECRET = 'Named youth carrying for an older dealer; disclosed to the youth worker in confidence';
    const CONDITIONS = 'Police and the youth service only: live safeguarding case';
    const OPEN = 'Needles left in the underpass most mornings';
    const c = await recordIntelligence(t, 'cardiff', analyst.auth, {
      problemId: problem.id,
      content: SECRET,
      areaCode: 'W01001701',
      reportedOn: '2026-01-09',
      sourceEvaluation: 1,
      intelligenceAssessment: 'C',
      handlingCode: 'C',
      handlingConditions: { text: CONDITIONS, agencyIds: [police] },
    });
    const p = await recordIntelligence(t, 'cardiff', analyst.auth, {
      problemId: problem.id,
      content: OPEN,
      areaCode: 'W01001702',
      reportedOn: '2026-01-12',
      sourceEvaluation: 2,
      intelligenceAssessment: 'B',
    });
    // An issue raised and nominated is among the pack's new nominations (the worker builds packs with intake's nominations).
    const engagement = await recordEngagement(t, 'cardiff', analyst.auth);
    const issue = await raiseIssue(t, 'cardiff', analyst.auth, engagement.id);
    await client(t, analyst.auth)
      .post(`${cardiff}/engagement-issues/${issue.id}/nominate`)
      .send({ title: 'Residents report motorbikes on the lane' })
      .expect(200);
    await client(t, chair.auth).post(`${cardiff}/meetings/${packMeeting}/pack`).expect(202);
    await w.app.get(MeetingPacksService).build(cardiffId, packMeeting);

    const html = (await client(t, viewer.auth).get(`${cardiff}/meetings/${packMeeting}/pack.html`).expect(200)).text;
    const section = html.slice(html.indexOf('<section id="intelligence">'), html.indexOf('</section>', html.indexOf('<section id="intelligence">')));
    assert.ok(section.length > 0, 'the pack has the intelligence section');
    assert.match(html, /<td>engagement issue<\/td><td>Residents report motorbikes on the lane<\/td>/);
    assert.match(
      section,
      new RegExp(`${reference}</td>\\s*<td>1-C-C</td>\\s*<td>substance-misuse</td>\\s*<td>W01001701</td>\\s*<td>2026-01-09</td>`),
      'the C item as its summary',
    );
    assert.match(
      section,
      new RegExp(`${reference}</td>\\s*<td>2-B-P</td>\\s*<td>substance-misuse</td>\\s*<td>W01001702</td>\\s*<td>2026-01-12</td>`),
      'the P item as its summary',
    );
    for (const words of [SECRET, CONDITIONS, OPEN, c.id, p.id]) assert.ok(!html.includes(words), `the pack does not carry: ${words}`);
    const pdf = await client(t, viewer.auth).get(`${cardiff}/meetings/${packMeeting}/pack.pdf`).buffer(true).parse(binary).expect(200);
    const pdfText = (await pdfPages(pdf.body as Buffer)).join('\n');
    assert.ok(pdfText.includes('Intelligence linked to problems on the agenda'));
    assert.ok(pdfText.includes('1-C-C'));
    for (const words of ['Named youth carrying', 'live safeguarding case', 'Needles left'])
      assert.ok(!pdfText.includes(words), `the PDF does not carry: ${words}`);

    // Exports (CSV and JSON) and what webhooks would carry (the outbox) hold none of it either.
    const carried: [string, string][] = [
      ['figures CSV', (await client(t, admin.auth).get(`${cardiff}/figures?from=2026-01-01&to=2026-01-15`).set('accept', 'text/csv').expect(200)).text],
      ['figures JSON', JSON.stringify((await client(t, admin.auth).get(`${cardiff}/figures?from=2026-01-01&to=2026-01-15`).expect(200)).body)],
      [
        'community figures JSON',
        JSON.stringify((await client(t, viewer.auth).get(`${cardiff}/community-figures?from=2026-01-01&to=2026-01-15`).expect(200)).body),
      ],
      ['annual report HTML', (await client(t, viewer.auth).get(`${cardiff}/reports/annual?year=2026`).set('accept', 'text/html').expect(200)).text],
      ['audit trail JSON', JSON.stringify((await client(t, admin.auth).get(`${cardiff}/audit-events?limit=100`).expect(200)).body)],
      ['the problem JSON', JSON.stringify((await client(t, viewer.auth).get(`${cardiff}/problems/${problem.id}`).expect(200)).body)],
      ['the outbox', JSON.stringify(await t.db.query(`SELECT type, subject_id, data FROM outbox_events`))],
    ];
    for (const [where, text] of carried) {
      // The audit trail (admins, who may read the item) names it by id; nothing else does.
      for (const words of where === 'audit trail JSON' ? [SECRET, CONDITIONS] : [SECRET, CONDITIONS, c.id])
        assert.ok(!text.includes(words), `${where} does not carry: ${words}`);
    }
  });

  it("draws the incident trend of the year for the priorities' categories when they have incidents", async () => {
    // One current priority on acquisitive crime: the trend follows it alone (burglary and shoplifting count under it).
    const priority = firstOf(
      await t.db.query<{ id: string; category: string }>(
        `SELECT csp.id, csp.category FROM control_strategy_priorities csp JOIN control_strategies cs ON cs.id = csp.control_strategy_id
          WHERE cs.partnership_id = $1 AND cs.status = 'current' ORDER BY csp.id LIMIT 1`,
        [cardiffId],
      ),
    );
    await t.db.query(`UPDATE control_strategy_priorities SET category = 'acquisitive-crime' WHERE id = $1`, [priority.id]);
    try {
      const html = (await client(t, viewer.auth).get(`${cardiff}/reports/annual?year=2025`).set('accept', 'text/html').expect(200)).text;
      const trend = html.slice(html.lastIndexOf('<figure>', html.indexOf('aria-label="Incident trend"')));
      assert.ok(html.includes('per month in which they occurred, by the categories of the control strategy priorities.'));
      assert.match(trend, /Line chart, Incidents per month, 2025-01 to 2025-12\. Incidents from 2025-01 to 2025-12, Acquisitive crime: 1, 0, /);
      const table = nth(/<table>(.*?)<\/table>/s.exec(trend)!, 1);
      const cells = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((r) => [...nth(r, 1).matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]));
      assert.deepEqual(cells[0], ['Month', 'Acquisitive crime']);
      assert.deepEqual(
        cells.slice(1).filter((r) => r[1] !== '0'),
        [
          ['2025-01', '1'],
          ['2025-11', '3'],
          ['2025-12', '1'],
        ],
      );
      assert.equal(cells.length, 13);
    } finally {
      // The other tests' packs chart the priorities as arranged.
      await t.db.query('UPDATE control_strategy_priorities SET category = $2 WHERE id = $1', [priority.id, priority.category]);
    }
  });
});
