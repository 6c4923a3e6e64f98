import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { MESSAGES } from '../apps/web/src/messages';
import { agencyOf, member } from './support/identity';
import { createProblem } from './support/problems';
import { createGroup, scheduleMeeting } from './support/tasking';
import { approvedAssessment } from './support/assessments';
import { raiseIssue, recordEngagement, recordIntelligence } from './support/community';
import { axeViolations, fillDate, personIn as inCardiff, signedIn, startWebWorld, today, type WebWorld } from './support/web';
import { firstOf } from '@app/testing';
import { client } from './support/http';

const SHOTS = process.env.WEB_SCREENSHOTS_DIR;
const banner = async (page: Page) => (await page.locator('.govuk-notification-banner').textContent()) ?? '';
const errorLinks = (page: Page) => page.locator('.govuk-error-summary__list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

describe('web console: community engagement and intelligence', () => {
  let w: WebWorld;
  let police: string;
  let council: string;

  beforeAll(async () => {
    w = await startWebWorld();
    police = await agencyOf(w.t, 'cardiff', 'police');
    council = await agencyOf(w.t, 'cardiff', 'local_authority');
  });
  afterAll(async () => {
    await w?.close();
  });

  const personIn = (role: 'admin' | 'analyst' | 'chair' | 'partner' | 'viewer', agencyId?: string) => inCardiff(w, role, agencyId);

  it('an analyst records an engagement and an issue raised with JavaScript off, nominates it, and it is on the next agenda as a nomination', async () => {
    const analyst = await personIn('analyst');
    const { context, page } = await signedIn(w, analyst, { javaScript: false });
    await page.goto('/p/cardiff/engagements');
    await page.locator('main a', { hasText: 'Record an engagement' }).click();
    // The list has a form of its own: be on the new page before submitting.
    await page.waitForURL('**/p/cardiff/engagements/new');
    // Nothing filled in: the error summary names each required field.
    await page.locator('main form button[type=submit]').click();
    assert.deepEqual(await errorLinks(page), ['#heldOn-day', '#kind', '#title', '#areaCodes']);
    await fillDate(page, 'heldOn', today());
    await page.locator('input[name=kind][value=pact_meeting]').check();
    await page.locator('#title').fill('Butetown PACT meeting, the community centre');
    await page.locator('#areaCodes').fill('W05001289, W01001700');
    await page.locator('#attendance').fill('23');
    await page.locator(`input[name=agencyIds][value="${police}"]`).check();
    await page.locator(`input[name=agencyIds][value="${council}"]`).check();
    await page.locator('main form button[type=submit]').click();
    assert.match(await banner(page), /Engagement recorded/);
    const engagementId = page.url().split('/').pop()!;
    const stored = firstOf(
      await w.t.db.query<{ kind: string; area_codes: string[]; attendance: number }>('SELECT kind, area_codes, attendance FROM engagements WHERE id = $1', [
        engagementId,
      ]),
    );
    assert.deepEqual([stored.kind, stored.area_codes, stored.attendance], ['pact_meeting', ['W05001289', 'W01001700'], 23]);
    assert.match((await page.locator('main dl').textContent()) ?? '', /South Wales Police/);

    // The issue raised: what was said is required.
    await page.locator('#category').selectOption('anti-social-behaviour');
    await page.locator('#raise-issue button').click();
    assert.deepEqual(await errorLinks(page), ['#whatWasSaid']);
    await page.locator('#whatWasSaid').fill('Motorbikes ridden on the footpath along the lane most evenings.');
    await page.locator('#locationLabel').fill('The lane behind Loudoun Square shops');
    await page.locator('#raisedByCount').fill('6');
    await page.locator('#raise-issue button').click();
    assert.match(await banner(page), /Issue recorded/);
    const issueId = page.url().split('/').pop()!;
    await page.locator('#nominationTitle').fill('Motorbikes on the Loudoun Square footpath');
    await page.locator('#nominate button').click();
    assert.match(await banner(page), /nominated for tasking/);
    assert.match((await page.locator('#issue-status').textContent()) ?? '', /Nominated for tasking/);
    assert.equal(await page.locator('#nominate').count(), 0, 'a nominated issue is not nominated again');
    const nomination = firstOf(
      await w.t.db.query<{ kind: string; title: string; state: string }>('SELECT kind, title, state FROM nominations WHERE engagement_issue_id = $1', [
        issueId,
      ]),
    );
    assert.deepEqual([nomination.kind, nomination.title, nomination.state], ['engagement_issue', 'Motorbikes on the Loudoun Square footpath', 'open']);

    // The next tactical meeting's agenda lists it under the nominations.
    const chair = await member(w.t, 'cardiff', 'chair');
    const group = await createGroup(w.t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police, council] });
    const meeting = await scheduleMeeting(w.t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 86_400_000).toISOString());
    await page.goto(`/p/cardiff/meetings/${meeting.id}`);
    const card = page.locator('.app-card', { hasText: 'Motorbikes on the Loudoun Square footpath' });
    assert.match((await card.textContent()) ?? '', /Raised by the community/);

    // The public answer, written and published.
    await page.goto(`/p/cardiff/engagement-issues/${issueId}`);
    await page.locator('#answerText').fill('Police patrols on the lane on Friday and Saturday evenings; two bikes seized.');
    await page.locator('#answerTextCy').fill('Patrolau’r heddlu ar y lôn ar nos Wener a nos Sadwrn; dau feic wedi’u cymryd.');
    await page.locator('#agencyId').selectOption(police);
    await page.locator('input[name=publish]').check();
    await page.locator('#answer-form button').click();
    assert.match(await banner(page), /Answer published/);
    const feed = (await w.t.http.get('/api/v1/public/partnerships/cardiff/you-said-we-did').expect(200)).body;
    const published = JSON.stringify(feed);
    assert.ok(published.includes('two bikes seized') && published.includes('dau feic'), 'in the public feed, in both languages');
    assert.ok(!published.includes('Motorbikes ridden on the footpath'), 'what was said is never published');

    // A second issue is closed with a reason, a third linked to a problem.
    const second = await raiseIssue(w.t, 'cardiff', (await member(w.t, 'cardiff', 'analyst')).auth, engagementId, {
      whatWasSaid: 'A dispute between two neighbours over parking.',
    });
    await page.goto(`/p/cardiff/engagement-issues/${second.id}`);
    await page.locator('#close button').click();
    assert.deepEqual(await errorLinks(page), ['#reason']);
    await page.locator('#reason').fill('A private matter: referred to the housing association.');
    await page.locator('#close button').click();
    assert.match((await page.locator('#issue-status').textContent()) ?? '', /Closed/);
    const problem = await createProblem(w.t, 'cardiff', (await member(w.t, 'cardiff', 'analyst')).auth);
    const third = await raiseIssue(w.t, 'cardiff', (await member(w.t, 'cardiff', 'analyst')).auth, engagementId, {
      whatWasSaid: 'Litter and fly-tipping behind the shops.',
    });
    await page.goto(`/p/cardiff/engagement-issues/${third.id}`);
    await page.locator('#problemId').selectOption(problem.id);
    await page.locator('#link button').click();
    assert.match(await banner(page), /linked/);
    assert.match((await page.locator('main dl').textContent()) ?? '', new RegExp(problem.reference));
    await context.close();

    // With JavaScript: the engagement page passes axe (and is the guide's picture).
    const { context: withJs, page: jsPage } = await signedIn(w, analyst);
    await jsPage.goto(`/p/cardiff/engagements/${engagementId}`);
    assert.equal(await jsPage.locator('#issues ~ table tbody tr').count(), 3);
    assert.deepEqual(await axeViolations(jsPage), []);
    if (SHOTS) await jsPage.screenshot({ path: `${SHOTS}/engagement.png`, fullPage: true });
    await jsPage.goto(`/p/cardiff/engagement-issues/${issueId}`);
    assert.deepEqual(await axeViolations(jsPage), []);
    await withJs.close();

    // A viewer reads the engagement but has no forms.
    const viewer = await personIn('viewer');
    const { context: asViewer, page: viewerPage } = await signedIn(w, viewer);
    await viewerPage.goto(`/p/cardiff/engagement-issues/${third.id}`);
    assert.equal(await viewerPage.locator('main form').count(), 0);
    assert.equal((await viewerPage.goto('/p/cardiff/engagements/new'))!.status(), 403);
    await asViewer.close();
  });

  it('refuses a C-coded item without conditions with the API’s 422 at the field, records it with them, and shows it only to those they name', async () => {
    const analyst = await personIn('analyst');
    const { context, page } = await signedIn(w, analyst);
    await page.goto('/p/cardiff/intelligence');
    await page.locator('main a', { hasText: 'Record intelligence' }).click();
    await page.waitForURL('**/p/cardiff/intelligence/new');
    await page.locator('main form button[type=submit]').click();
    assert.deepEqual(await errorLinks(page), ['#reportedOn-day', '#category', '#content', '#sourceEvaluation', '#intelligenceAssessment', '#handlingCode']);
    await fillDate(page, 'reportedOn', today());
    await page.locator('#category').selectOption('substance-misuse');
    await page.locator('#content').fill('Cannabis dealt from a grey hatchback outside the community centre after 9pm.');
    await page.locator('#areaCode').fill('W01001700');
    await page.locator('input[name=sourceEvaluation][value="2"]').check();
    await page.locator('input[name=intelligenceAssessment][value=B]').check();
    await page.locator('input[name=handlingCode][value=C]').check();
    const refused = page.waitForResponse((r) => r.url().endsWith('/intelligence/new') && r.request().method() === 'POST');
    await page.locator('main form button[type=submit]').click();
    assert.equal((await refused).status(), 422);
    // The answer is in before the browser has rendered it: wait for the page it gives.
    await page.locator('.govuk-error-summary a[href="#handlingConditions"]').waitFor();
    assert.deepEqual(await errorLinks(page), ['#handlingConditions']);
    assert.match((await page.locator('#handlingConditions-error').textContent()) ?? '', /C handling code needs its conditions/);
    assert.deepEqual(await axeViolations(page), []);
    assert.equal((await w.t.db.query('SELECT 1 FROM intelligence_items WHERE content LIKE $1', ['Cannabis dealt%'])).length, 0);
    // What was entered is kept; the conditions now given: partner officers of the police only.
    assert.equal(await page.locator('#content').inputValue(), 'Cannabis dealt from a grey hatchback outside the community centre after 9pm.');
    await page.locator('#handlingConditions').fill('Not to be disclosed to the subject or outside the partnership.');
    await page.locator('input[name=conditionRoles][value=partner]').check();
    await page.locator(`input[name=conditionAgencyIds][value="${police}"]`).check();
    await page.locator('main form button[type=submit]').click();
    assert.match(await banner(page), /graded 2-B-C/);
    const itemId = page.url().split('/').pop()!;
    assert.match((await page.locator('#item-content').textContent()) ?? '', /grey hatchback/);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
    const pItem = await recordIntelligence(w.t, 'cardiff', (await member(w.t, 'cardiff', 'analyst')).auth, {
      reportedOn: today(),
      content: 'Graffiti tags appearing on the underpass each weekend.',
      category: 'anti-social-behaviour',
    });

    // A viewer and a council partner officer: not in the list, and the item's page is the API's 404.
    for (const [role, agency] of [
      ['viewer', undefined],
      ['partner', council],
    ] as const) {
      const outsider = await personIn(role, agency);
      const { context: ctx, page: p } = await signedIn(w, outsider);
      await p.goto('/p/cardiff/intelligence');
      const list = (await p.locator('main').textContent()) ?? '';
      assert.ok(!(await p.content()).includes(itemId), `${role}: the C item is not listed`);
      assert.equal(await p.locator(`#item-${pItem.id}`).count(), 1, `${role}: a P item is`);
      assert.ok(!list.includes('hatchback'));
      const res = await p.goto(`/p/cardiff/intelligence/${itemId}`);
      assert.equal(res!.status(), 404, role);
      assert.ok(!(await p.content()).includes('hatchback'), `${role}: nothing of its text`);
      await ctx.close();
    }
    // A police partner officer is named by the conditions.
    const named = await personIn('partner', police);
    const { context: ctx, page: p } = await signedIn(w, named);
    await p.goto(`/p/cardiff/intelligence/${itemId}`);
    assert.match((await p.locator('#item-content').textContent()) ?? '', /grey hatchback/);
    assert.equal(await p.locator('a', { hasText: 'Record intelligence' }).count(), 0);
    await ctx.close();
  });

  it('shows the intelligence requirement with what was received and the gaps, a C item as a summary to those who may not read it', async () => {
    const admin = await member(w.t, 'cardiff', 'admin');
    const assessment = await approvedAssessment(w.t, 'cardiff', admin.auth, admin.auth, undefined, {
      title: 'Strategic assessment with a requirement',
      intelligenceRequirement: ['Where does supply into the city centre come from?', 'Who runs the county lines?'],
    });
    const item = await recordIntelligence(w.t, 'cardiff', admin.auth, {
      reportedOn: today(),
      content: 'Supply said to arrive by train on Thursday nights.',
      handlingCode: 'C',
      handlingConditions: { text: 'Analysts only.' },
      strategicAssessmentId: assessment.id,
      requirementIndex: 0,
    });
    const analyst = await personIn('analyst');
    const { context, page } = await signedIn(w, analyst);
    await page.goto(`/p/cardiff/assessments/${assessment.id}`);
    await page.locator('#requirement-link').click();
    assert.match((await page.locator('#requirement-0').textContent()) ?? '', /1 received/);
    assert.equal(await page.locator(`#requirement-0 a[href$="/intelligence/${item.id}"]`).count(), 1);
    assert.match((await page.locator('#requirement-1').textContent()) ?? '', /Gap: nothing received/);
    assert.match((await page.locator('#requirement-gaps').textContent()) ?? '', /1 of 2/);
    assert.deepEqual(await axeViolations(page), []);
    // Intelligence recorded against the second requirement fills the gap.
    await page.goto('/p/cardiff/intelligence/new');
    await fillDate(page, 'reportedOn', today());
    await page.locator('#category').selectOption('substance-misuse');
    await page.locator('#content').fill('Two teenagers from out of town seen running deliveries for an older man.');
    await page.locator('input[name=sourceEvaluation][value="3"]').check();
    await page.locator('input[name=intelligenceAssessment][value=C]').check();
    await page.locator('input[name=handlingCode][value=P]').check();
    await page.locator('#requirementIndex').selectOption({ label: 'Who runs the county lines?' });
    await page.locator('main form button[type=submit]').click();
    assert.match(await banner(page), /graded 3-C-P/);
    await page.goto(`/p/cardiff/assessments/${assessment.id}/intelligence-requirement`);
    assert.match((await page.locator('#requirement-1').textContent()) ?? '', /1 received/);
    assert.match((await page.locator('#requirement-gaps').textContent()) ?? '', /0 of 2/);
    await context.close();
    // A viewer sees the grade and the date, no link and no text.
    const viewer = await personIn('viewer');
    const { context: asViewer, page: viewerPage } = await signedIn(w, viewer);
    await viewerPage.goto(`/p/cardiff/assessments/${assessment.id}/intelligence-requirement`);
    const row = (await viewerPage.locator('#requirement-0').textContent()) ?? '';
    assert.match(row, /2-B-C[\s\S]*Summary only/);
    assert.equal(await viewerPage.locator(`#requirement-0 a[href*="/intelligence/"]`).count(), 0);
    assert.ok(!(await viewerPage.content()).includes('by train'));
    await asViewer.close();
  });

  it('walks the community pages in Welsh with no English interface string, no missing key, and no axe violation', async () => {
    const admin = await member(w.t, 'cardiff', 'admin');
    const engagement = await recordEngagement(w.t, 'cardiff', admin.auth, { heldOn: today(), title: 'Cyfarfod PACT Butetown' });
    const issue = await raiseIssue(w.t, 'cardiff', admin.auth, engagement.id, {
      whatWasSaid: 'Beiciau modur ar y llwybr troed bob nos.',
      locationLabel: 'Y lôn tu ôl i’r siopau',
    });
    await client(w.t, admin.auth)
      .post(`/api/v1/partnerships/cardiff/engagement-issues/${issue.id}/answer`)
      .send({ text: 'Patrols on the lane.', textCy: 'Patrolau ar y lôn.', agencyId: police, publish: true })
      .expect(200);
    const item = await recordIntelligence(w.t, 'cardiff', admin.auth, {
      reportedOn: today(),
      content: 'Gwerthu cyffuriau o gar llwyd.',
      handlingCode: 'C',
      handlingConditions: { text: 'Dadansoddwyr yn unig.', roles: ['chair'], agencyIds: [police] },
    });
    const assessment = await approvedAssessment(w.t, 'cardiff', admin.auth, admin.auth, [{ title: 'Cyflenwi cyffuriau', impact: 4, likelihood: 3 }], {
      title: 'Asesiad strategol',
      intelligenceRequirement: ['O ble daw’r cyflenwad?'],
    });
    const { context, page } = await signedIn(w, admin.user, { lang: 'cy' });
    const english = Object.values(MESSAGES)
      .filter(([en, cy]) => en !== cy && en.length >= 8 && !en.includes('{'))
      .map(([en]) => en);
    const check = async (label: string) => {
      const text: string = await page.evaluate(
        "(() => { const copy = document.body.cloneNode(true); copy.querySelectorAll('[data-record]').forEach((e) => e.remove()); return copy.textContent; })()",
      );
      const body = text.replace(/\s+/g, ' ');
      assert.ok(!body.includes('[missing:'), `${label}: a key has no message`);
      assert.deepEqual(
        english.filter((en) => body.includes(en)),
        [],
        `${label}: English interface strings in the Welsh page`,
      );
      assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
      assert.deepEqual(await axeViolations(page), [], label);
    };
    for (const path of [
      '/p/cardiff/engagements',
      '/p/cardiff/engagements/new',
      `/p/cardiff/engagements/${engagement.id}`,
      `/p/cardiff/engagement-issues/${issue.id}`,
      '/p/cardiff/intelligence',
      '/p/cardiff/intelligence/new',
      `/p/cardiff/intelligence/${item.id}`,
      `/p/cardiff/assessments/${assessment.id}`,
      `/p/cardiff/assessments/${assessment.id}/intelligence-requirement`,
    ]) {
      await page.goto(path);
      await check(path);
    }
    // The API's refusal in Welsh too.
    await page.goto('/p/cardiff/intelligence/new');
    await fillDate(page, 'reportedOn', today());
    await page.locator('#category').selectOption('substance-misuse');
    await page.locator('#content').fill('Rhywbeth a adroddwyd wrth y tîm.');
    await page.locator('input[name=sourceEvaluation][value="1"]').check();
    await page.locator('input[name=intelligenceAssessment][value=A]').check();
    await page.locator('input[name=handlingCode][value=C]').check();
    await page.locator('main form button[type=submit]').click();
    assert.equal((await page.locator('#handlingConditions-error').textContent())?.includes('Mae angen amodau ar god trin C'), true);
    await check('intelligence/new with the 422');
    await context.close();
  });
});
