import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { uuidv7 } from '@app/core';
import { MESSAGES } from '../apps/web/src/messages';
import { Web } from '../apps/web/src/web';
import { addMember, agencyOf, createUser, member } from './support/identity';
import { addResponse, advance, analysedProblem, BASELINE, TRIANGLE } from './support/problems';
import { createGroup, insertActions, scheduleMeeting } from './support/tasking';
import { insertNomination } from './support/intake';
import { addPriority, approvedAssessment, base, draftAssessment, draftStrategy } from './support/assessments';
import { axeViolations, fillDate, newContext, personIn as inCardiff, signedIn, signInAs, startWebWorld, today, type WebWorld } from './support/web';
import { firstN, firstOf } from '@app/testing';
import { client } from './support/http';

const SHOTS = process.env.WEB_SCREENSHOTS_DIR;

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('web console', () => {
  let w: WebWorld;

  beforeAll(async () => {
    w = await startWebWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  const personIn = (role: 'admin' | 'analyst' | 'chair' | 'partner' | 'viewer', agencyId?: string) => inCardiff(w, role, agencyId);

  it('signs in to the only partnership, passes axe, and sign-out ends the session at the API', async () => {
    const user = await personIn('analyst');
    const { context, page } = await signedIn(w, user);
    assert.equal(new URL(page.url()).pathname, '/p/cardiff');
    assert.equal(await page.locator('h1').textContent(), 'Home');
    assert.deepEqual(await axeViolations(page), []);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'csp_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    const { n: before } = firstOf(
      await w.t.db.query<{ n: string }>('SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [user.id]),
    );
    assert.equal(Number(before), 1);
    await page.locator('form[action="/sign-out"] button').click();
    await page.waitForURL('**/sign-in');
    const { n: afterSignOut } = firstOf(
      await w.t.db.query<{ n: string }>('SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [user.id]),
    );
    assert.equal(Number(afterSignOut), 0, 'sign-out revokes the refresh token');
    const res = await page.goto('/p/cardiff');
    assert.equal(new URL(res!.url()).pathname, '/sign-in');
    await context.close();
  });

  it('keeps the whole menu on one line at 1200px, in Welsh and in English, and wraps it when narrower', async () => {
    const admin = await personIn('admin');
    const rows = async (page: Page) =>
      new Set(await page.locator('.moj-primary-navigation__item').evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().top)))).size;
    for (const lang of ['cy', 'en'] as const) {
      const { context, page } = await signedIn(w, admin, { lang });
      assert.equal(await page.locator('.moj-primary-navigation__item').count(), 10, 'an administrator has every item');
      assert.equal(await rows(page), 1, `the ${lang} menu on one line at 1200px`);
      await page.setViewportSize({ width: 1024, height: 900 });
      assert.equal(await rows(page), 2, `the ${lang} menu wraps at 1024px`);
      await context.close();
    }
  });

  it('refreshes the access token behind the scenes, and a reused refresh token ends the session', async () => {
    const user = await personIn('analyst');
    const { context, page } = await signedIn(w, user);
    const sessionId = (await context.cookies()).find((c) => c.name === 'csp_session')!.value;
    const store = w.web.get(Web).sessions;
    const first = (await store.load(sessionId))!;
    assert.ok(first.accessToken && first.refreshToken);
    assert.ok(!(await page.content()).includes(first.refreshToken!), 'the tokens never reach the browser');
    // The access token is about to expire: the next page refreshes it, once.
    await store.save(sessionId, { ...first, accessExpiresAt: Date.now() });
    await page.goto('/p/cardiff/problems');
    assert.equal(await page.locator('h1').textContent(), 'Problems');
    const second = (await store.load(sessionId))!;
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.notEqual(second.accessToken, first.accessToken);
    // Someone replays the first (used) refresh token: the API revokes the sign-in, and the console asks to sign in again.
    await w.t.http.post('/api/v1/auth/token').send({ grantType: 'refresh_token', refreshToken: first.refreshToken }).expect(401);
    await store.save(sessionId, { ...second, accessExpiresAt: Date.now() });
    await page.goto('/p/cardiff/problems');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.match((await page.locator('.govuk-inset-text').textContent()) ?? '', /session has ended/);
    await context.close();
  });

  it('shows the error summary for a wrong password, and passes axe', async () => {
    const { context, page } = await signedIn(w, { email: 'nobody@example.org', password: 'not the password' });
    assert.equal(
      await page
        .locator('.govuk-error-summary__title')
        .textContent()
        .then((s) => s?.trim()),
      'There is a problem',
    );
    assert.match((await page.locator('#email-error').textContent()) ?? '', /email address or password is not right/);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  it('refuses a post without the CSRF token, or with another session’s', async () => {
    const user = await personIn('analyst');
    const { context, page } = await signedIn(w, user);
    const noToken = await page.request.post('/p/cardiff/problems/new', {
      form: { title: 'Forged', description: 'x', category: 'anti-social-behaviour', source: 'complaint', location: 'x' },
    });
    assert.equal(noToken.status(), 403);
    const wrong = await page.request.post('/p/cardiff/problems/new', { form: { _csrf: 'x'.repeat(43), title: 'Forged' } });
    assert.equal(wrong.status(), 403);
    const signOut = await page.request.post('/sign-out', { form: {} });
    assert.equal(signOut.status(), 403);
    const { n } = firstOf(await w.t.db.query<{ n: string }>(`SELECT count(*) AS n FROM problems WHERE title = 'Forged'`));
    assert.equal(Number(n), 0);
    await context.close();
  });

  // axe runs scripts in the page, so the pages of the two JavaScript-off walks are checked by the Welsh walk below.
  it('an analyst takes a problem from scanning to closed with JavaScript off, refused first without an evaluation', async () => {
    const user = await personIn('analyst');
    const { context, page } = await signedIn(w, user, { javaScript: false });
    await page.goto('/p/cardiff/problems/new');
    // Nothing filled in: the error summary names every field.
    await page.locator('main form button[type=submit]').click();
    assert.ok((await page.locator('.govuk-error-summary__list li').count()) >= 4);
    await page.locator('#title').fill('Fly-tipping behind Clifton Street');
    await page.locator('#description').fill('Bags and furniture dumped weekly in the back lane.');
    await page.locator('#category').selectOption('anti-social-behaviour');
    await page.locator('#source').selectOption('complaint');
    await page.locator('#location').fill('Adamsdown: Clifton Street back lane');
    await page.locator('main form button[type=submit]').click();
    assert.match(page.url(), /\/p\/cardiff\/problems\/[0-9a-f-]{36}$/);
    const problemId = page.url().split('/').pop()!;
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /logged/);

    await page.locator('#advance button').click(); // to analysis
    // Response needs the analysis: the stepper says so before trying.
    assert.match((await page.locator('#advance').textContent()) ?? '', /Record the analysis/);
    await page.locator('#advance button').click();
    assert.match((await page.locator('#advance .govuk-error-message').textContent()) ?? '', /Record the analysis/);
    await page.locator('main a[href$="/analysis"]').click();
    for (const [role, value] of Object.entries(TRIANGLE)) await page.locator(`#${role}`).fill(value);
    await page.locator('#measure').fill(BASELINE.measure);
    await fillDate(page, 'periodStart', BASELINE.periodStart);
    await fillDate(page, 'periodEnd', BASELINE.periodEnd);
    await page.locator('#value').fill(String(BASELINE.value));
    await page.locator('main form button[type=submit]').click();
    await page.locator('#advance button').click(); // to response
    assert.match((await page.locator('.app-stepper__item--current').textContent()) ?? '', /Response/);

    const agencyId = await agencyOf(w.t, 'cardiff');
    await page.locator('#responseDescription').fill('Weekly clearance and CCTV on the lane');
    await page.locator('#responseType').selectOption('environmental_design');
    await page.locator('#ownerAgencyId').selectOption(agencyId);
    await fillDate(page, 'startDate', today());
    await page.locator('form[action$="/responses"] button').click();
    await fillDate(page, 'plannedAssessmentDate', today());
    await page.locator('form[action$="/planned-date"] button').click();
    await page.locator('#advance button').click(); // to assessment
    assert.match((await page.locator('.app-stepper__item--current').textContent()) ?? '', /Assessment/);

    // Closing without an evaluation is refused, in plain language.
    await page.locator('#advance button').click();
    assert.match((await page.locator('#advance .govuk-error-message').textContent()) ?? '', /cannot be closed without/);
    await shot(page, 'problem-record');
    await page.locator('main a[href$="/evaluation"]').click();
    await page.locator('input[value=yes]').first().check();
    await fillDate(page, 'impactStart', BASELINE.periodStart);
    await fillDate(page, 'impactEnd', BASELINE.periodEnd);
    await page.locator('#value').fill('12');
    await page.locator('input[name=result][value=reduced]').check();
    await page.locator('input[name=displacement][value=none]').check();
    await page.locator('#lessons').fill('Clearance alone did not stop it; the camera did.');
    await page.locator('main form button[type=submit]').click();
    await page.locator('#advance button').click(); // to closed
    assert.match((await page.locator('.app-stepper__item--current').textContent()) ?? '', /Closed/);
    const { stage } = firstOf(await w.t.db.query<{ stage: string }>('SELECT stage FROM problems WHERE id = $1', [problemId]));
    assert.equal(stage, 'closed');
    assert.equal(await page.locator('.moj-timeline__item').count(), 5);
    await context.close();
  });

  it('a viewer sees no triangle text; the analyst does', async () => {
    const analyst = await member(w.t, 'cardiff', 'analyst');
    const problem = await analysedProblem(w.t, 'cardiff', analyst.auth);
    const viewer = await personIn('viewer');
    const { context, page } = await signedIn(w, viewer);
    await page.goto(`/p/cardiff/problems/${problem.id}`);
    const html = await page.content();
    assert.ok(!html.includes(TRIANGLE.offender), 'the triangle is not shown to a viewer');
    assert.match((await page.locator('.govuk-warning-text').textContent()) ?? '', /hidden from your role/);
    assert.equal(await page.locator('#advance form').count(), 0, 'a viewer cannot advance');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
    const { context: asAnalyst, page: page2 } = await signedIn(w, analyst.user);
    await page2.goto(`/p/cardiff/problems/${problem.id}`);
    assert.equal(await page2.locator('[data-triangle=offender]').textContent(), TRIANGLE.offender);
    await asAnalyst.close();
  });

  it('a partner officer updates their own agency’s action (JavaScript off) and cannot change another’s', async () => {
    const police = await agencyOf(w.t, 'cardiff', 'police');
    const council = await agencyOf(w.t, 'cardiff', 'local_authority');
    const [mine, theirs] = await insertActions(w.t, 'cardiff', [
      { agencyId: police, dueDate: today(), title: 'Patrol the back lane' },
      { agencyId: council, dueDate: today(), title: 'Clear the back lane' },
    ]);
    const officer = await personIn('partner', police);
    const { context, page } = await signedIn(w, officer, { javaScript: false });
    assert.match((await page.locator('#h-actions').textContent()) ?? '', /My agency/);
    await page.goto(`/p/cardiff/actions/${mine}`);
    await page.locator('input[name=status][value=in_progress]').check();
    await page.locator('#note').fill('First patrol on Friday.');
    await page.locator('main form button[type=submit]').click();
    assert.equal(await page.locator('#action-status').textContent(), 'In progress');
    const { status } = firstOf(await w.t.db.query<{ status: string }>('SELECT status FROM actions WHERE id = $1', [mine]));
    assert.equal(status, 'in_progress');

    await page.goto(`/p/cardiff/actions/${theirs}`);
    assert.equal(await page.locator('main form').count(), 0, 'no form for another agency’s action');
    assert.match((await page.locator('.govuk-inset-text').textContent()) ?? '', /Only .* can update/);
    // A hand-made post (with the token) is refused by the API and changes nothing.
    const csrf = (await page.locator('input[name=_csrf]').first().getAttribute('value'))!;
    const forged = await page.request.post(`/p/cardiff/actions/${theirs}`, { form: { _csrf: csrf, status: 'done' } });
    assert.equal(forged.status(), 403);
    const { status: still } = firstOf(await w.t.db.query<{ status: string }>('SELECT status FROM actions WHERE id = $1', [theirs]));
    assert.equal(still, 'open');
    await page.goto('/p/cardiff/actions');
    await page.goto('/p/cardiff/performance');
    await page.goto('/p/cardiff/flags');
    await context.close();
  });

  it('draws agency performance as a chart beside its table, with the table’s numbers', async () => {
    // Newport: no other test writes its actions, so the figures are exactly these.
    const police = await agencyOf(w.t, 'newport', 'police');
    const council = await agencyOf(w.t, 'newport', 'local_authority');
    const dayOffset = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86_400_000));
    const past = dayOffset(-30);
    await insertActions(w.t, 'newport', [
      { agencyId: police, dueDate: past, status: 'done' },
      { agencyId: police, dueDate: dayOffset(-40), status: 'done' },
      { agencyId: police, dueDate: past, status: 'done', completedAt: `${dayOffset(-25)}T12:00:00Z` },
      { agencyId: police, dueDate: past },
      { agencyId: council, dueDate: past },
      { agencyId: council, dueDate: today() },
    ]);
    const user = await createUser(w.t, { displayName: 'Newport analyst' });
    await addMember(w.t, user.id, 'newport', 'analyst');
    const { context, page } = await signedIn(w, user);
    await page.goto('/p/newport/performance');
    const row = async (name: string) =>
      (
        await page
          .locator('main table tbody tr', { has: page.locator(`th:text-is("${name}")`) })
          .locator('td')
          .allTextContents()
      ).map(Number);
    const [policeName, councilName] = firstN(
      await Promise.all(
        [police, council].map(async (id) => firstOf(await w.t.db.query<{ name: string }>('SELECT name FROM agencies WHERE id = $1', [id])).name),
      ),
      2,
    );
    // due, done on time, done late, overdue, not yet due
    assert.deepEqual(await row(policeName), [4, 2, 1, 1, 0]);
    assert.deepEqual(await row(councilName), [2, 0, 0, 1, 1]);

    const img = page.locator('#performance-chart img');
    const alt = (await img.getAttribute('alt')) ?? '';
    assert.match(alt, new RegExp(`${policeName}: Done on time 2, Done late 1, Overdue 1, Not yet due 0`));
    assert.match(alt, new RegExp(`${councilName}: Done on time 0, Done late 0, Overdue 1, Not yet due 1`));
    const svg = Buffer.from((await img.getAttribute('src'))!.replace('data:image/svg+xml;base64,', ''), 'base64').toString();
    const bars = [...svg.matchAll(/<path aria-label="[^"]*: (\d+); label: ([^;]+); part: ([^;]+);[^"]*"[^>]* d="M[-\d.]+,[-\d.]+h([\d.]+)/g)].map((m) => ({
      value: Number(m[1]),
      label: m[2],
      part: m[3],
      width: Number(m[4]),
    }));
    const bar = (label: string, part: string) => bars.find((b) => b.label === label && b.part === part)!;
    assert.deepEqual(
      ['Done on time', 'Done late', 'Overdue', 'Not yet due'].map((part) => bar(policeName, part).value),
      [2, 1, 1, 0],
    );
    assert.deepEqual(
      ['Done on time', 'Done late', 'Overdue', 'Not yet due'].map((part) => bar(councilName, part).value),
      [0, 0, 1, 1],
    );
    // Lengths in proportion to the counts: two on time is twice one late.
    assert.ok(Math.abs(bar(policeName, 'Done on time').width - 2 * bar(policeName, 'Done late').width) < 0.5);
    assert.equal(bar(councilName, 'Done on time').width, 0);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  it('lists an open flag with a link to its cause, and an analyst acknowledges it; a partner may not', async () => {
    const police = await agencyOf(w.t, 'cardiff', 'police');
    const [actionId] = await insertActions(w.t, 'cardiff', [{ agencyId: police, dueDate: '2026-01-05', title: 'Flagged patrol plan' }]);
    const { id: flagId } = firstOf(
      await w.t.db.query<{ id: string }>(
        `INSERT INTO flags (id, partnership_id, kind, subject_type, subject_id, due_date, raised_at)
       SELECT gen_random_uuid(), partnership_id, 'action_overdue', 'action', id, due_date, now() FROM actions WHERE id = $1 RETURNING id`,
        [actionId],
      ),
    );
    const partner = await personIn('partner', police);
    const { context: asPartner, page: partnerPage } = await signedIn(w, partner);
    await partnerPage.goto('/p/cardiff/flags');
    assert.equal(await partnerPage.locator(`#flag-${flagId} form`).count(), 0, 'no acknowledge button for a partner');
    await asPartner.close();

    const analyst = await personIn('analyst');
    const { context, page } = await signedIn(w, analyst, { javaScript: false });
    assert.match((await page.locator('#h-flags + ul').textContent()) ?? '', /Action overdue/);
    await page.goto('/p/cardiff/flags');
    await page.locator(`#flag-${flagId} a`, { hasText: 'See the cause' }).click();
    assert.equal(new URL(page.url()).pathname, `/p/cardiff/actions/${actionId}`);
    await page.goto('/p/cardiff/flags');
    await page.locator(`#flag-${flagId} form button`).click();
    assert.match((await page.locator(`#flag-${flagId}`).textContent()) ?? '', /Acknowledged/);
    const { acknowledged } = firstOf(
      await w.t.db.query<{ acknowledged: boolean }>('SELECT acknowledged_at IS NOT NULL AS acknowledged FROM flags WHERE id = $1', [flagId]),
    );
    assert.equal(acknowledged, true);
    await context.close();
  });

  it('a chair names a deputy chair on the group page, who then opens its meeting from the console', async () => {
    const chair = await member(w.t, 'cardiff', 'chair');
    const deputy = await createUser(w.t, { displayName: 'Cllr Ffion Davies' });
    await addMember(w.t, deputy.id, 'cardiff', 'chair');
    const analyst = await personIn('analyst');
    const police = await agencyOf(w.t, 'cardiff', 'police');
    const group = await createGroup(w.t, 'cardiff', chair.auth, {
      chairUserId: chair.user.id,
      agencyIds: [police],
      name: `Deputised group ${uuidv7().slice(-6)}`,
    });
    const meeting = await scheduleMeeting(w.t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 86_400_000).toISOString());
    const { context, page } = await signedIn(w, chair.user);
    await page.goto(`/p/cardiff/tasking/${group.id}`);
    assert.equal((await page.locator('#group-deputy-chair').textContent())?.trim(), 'No deputy chair');
    const offered = await page.locator('#deputyChairUserId option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    assert.ok(offered.includes(deputy.id), 'a member with the chair role is offered');
    assert.ok(!offered.includes(analyst.id) && !offered.includes(chair.user.id), 'neither an analyst nor the chair is offered');
    assert.deepEqual(await axeViolations(page), []);
    await page.locator('#deputyChairUserId').selectOption(deputy.id);
    await page.locator('form[action$="/deputy"] button').click();
    assert.equal(new URL(page.url()).pathname, `/p/cardiff/tasking/${group.id}`);
    assert.equal((await page.locator('#group-deputy-chair').textContent())?.trim(), 'Cllr Ffion Davies');
    await shot(page, 'tasking-group');
    const row = firstOf(await w.t.db.query<{ deputy: string | null }>('SELECT deputy_chair_user_id AS deputy FROM tasking_groups WHERE id = $1', [group.id]));
    assert.equal(row.deputy, deputy.id);
    await context.close();

    const { context: asDeputy, page: deputyPage } = await signedIn(w, deputy, { javaScript: false });
    await deputyPage.goto(`/p/cardiff/tasking/${group.id}`);
    assert.equal(await deputyPage.locator('form[action$="/deputy"]').count(), 0, 'the deputy does not change the group');
    await deputyPage.goto(`/p/cardiff/meetings/${meeting.id}`);
    await deputyPage.locator('form[action$="/open"] button').click();
    assert.match((await deputyPage.locator('.govuk-tag').first().textContent()) ?? '', /In progress/);
    const opened = firstOf(await w.t.db.query<{ opened_by: string }>('SELECT opened_by FROM meetings WHERE id = $1', [meeting.id]));
    assert.equal(opened.opened_by, deputy.id);
    await asDeputy.close();
  });

  it('a chair schedules a meeting and runs it from the agenda to closed minutes, with JavaScript off', async () => {
    const chair = await member(w.t, 'cardiff', 'chair');
    const police = await agencyOf(w.t, 'cardiff', 'police');
    const council = await agencyOf(w.t, 'cardiff', 'local_authority');
    const group = await createGroup(w.t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police, council], name: 'Cardiff tactical group' });
    await insertActions(w.t, 'cardiff', [{ agencyId: police, dueDate: '2026-01-05', title: 'Overdue patrol plan' }]);
    const { context, page } = await signedIn(w, chair.user, { javaScript: false });
    await page.goto('/p/cardiff/tasking');
    await page.locator('a', { hasText: 'Cardiff tactical group' }).click();
    assert.equal(new URL(page.url()).pathname, `/p/cardiff/tasking/${group.id}`);
    await fillDate(page, 'scheduledFor', today());
    await page.locator('#time').fill('23:30');
    await page.locator('form[action$="/meetings"] button').click();
    assert.match(page.url(), /\/p\/cardiff\/meetings\/[0-9a-f-]{36}$/);
    const meetingId = page.url().split('/').pop()!;
    // The agenda: the overdue action is on it.
    assert.match((await page.locator('main').textContent()) ?? '', /Overdue patrol plan/);
    await shot(page, 'agenda');
    await page.locator('form[action$="/open"] button').click();
    assert.match((await page.locator('.govuk-tag').first().textContent()) ?? '', /In progress/);
    await page.locator(`#attendance-${police}`).selectOption('present');
    await page.locator(`#attendee-${police}`).fill('Insp. Rhys Evans');
    await page.locator(`#attendance-${council}`).selectOption('apologies');
    await page.locator('form[action$="/attendance"] button').click();
    await page.locator('#decision').fill('Seek a dispersal order for Clifton Street from 1 March.');
    await page.locator('form[action$="/decisions"] button').click();
    // An action with no owner: the error summary, nothing made.
    await page.locator('#actionTitle').fill('Joint patrol, Thursday to Saturday evenings');
    await page.locator('form[action$="/actions"] button').click();
    assert.ok(await page.locator('.govuk-error-summary').isVisible());
    await page.locator('#ownerAgencyId').selectOption(police);
    await page.locator('#ownerName').fill('PS Sian Morgan');
    await fillDate(page, 'dueDate', today());
    await page.locator('form[action$="/actions"] button').click();
    await shot(page, 'run-meeting');
    await page.locator('form[action$="/close"] button').click();
    const minutes = (await page.locator('main').textContent()) ?? '';
    assert.match(minutes, /Closed/);
    assert.match(minutes, /Insp. Rhys Evans/);
    assert.match(minutes, /Seek a dispersal order/);
    assert.match(minutes, /Joint patrol, Thursday to Saturday evenings/);
    await page.locator('#addendum').fill('Correction: the order starts on 8 March.');
    await page.locator('form[action$="/addenda"] button').click();
    assert.match((await page.locator('#addenda + ul').textContent()) ?? '', /8 March/);
    const row = firstOf(
      await w.t.db.query<{ status: string; decisions: string; actions: string }>(
        `SELECT m.status, (SELECT count(*) FROM meeting_decisions d WHERE d.meeting_id = m.id) AS decisions, (SELECT count(*) FROM actions a WHERE a.meeting_id = m.id) AS actions FROM meetings m WHERE m.id = $1`,
        [meetingId],
      ),
    );
    assert.deepEqual({ ...row, decisions: Number(row.decisions), actions: Number(row.actions) }, { status: 'closed', decisions: 1, actions: 1 });
    await context.close();
  });

  it('a chair decides the agenda’s nominations with JavaScript off: a decline needs a reason, an accepted one becomes a problem', async () => {
    const chair = await member(w.t, 'cardiff', 'chair');
    const police = await agencyOf(w.t, 'cardiff', 'police');
    const group = await createGroup(w.t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police], name: 'Butetown tactical group' });
    const accepted = await insertNomination(w.t, 'cardiff', 'Repeat location: On or near Loudoun Square');
    const declined = await insertNomination(w.t, 'cardiff', 'Repeat location: On or near Bute Street');
    const merged = await insertNomination(w.t, 'cardiff', 'Repeat location: On or near Loudoun Square shops');
    const meeting = await scheduleMeeting(w.t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 3_600_000).toISOString());
    const { context, page } = await signedIn(w, chair.user, { javaScript: false });
    await page.goto(`/p/cardiff/meetings/${meeting.id}`);
    // On the agenda with its cause, decided only once the meeting is open.
    const card = page.locator(`#nomination-${accepted}`);
    assert.match((await card.textContent()) ?? '', /Repeat location: 3 incidents from 1 January 2026 to 10 January 2026/);
    assert.equal(await card.locator('form').count(), 0);
    await page.locator('form[action$="/open"] button').click();

    // Declining without a reason: the error summary and the message at the field, nothing decided.
    await page.locator(`#nomination-${declined} input[value=decline]`).check();
    await page.locator(`#nomination-${declined} form button`).click();
    assert.equal(await page.locator('.govuk-error-summary__list a').getAttribute('href'), `#reason-${declined}`);
    assert.match((await page.locator(`#reason-${declined}-error`).textContent()) ?? '', /Enter the reason for declining/);
    await page.locator(`#reason-${declined}`).fill('Already tasked to the neighbourhood team');
    await page.locator(`#nomination-${declined} form button`).click();
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Nomination declined/);
    assert.match((await page.locator(`#nomination-${declined}`).textContent()) ?? '', /Declined[\s\S]*Already tasked to the neighbourhood team/);

    await page.locator(`#nomination-${accepted} input[value=accept]`).check();
    await page.locator(`#nomination-${accepted} form button`).click();
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Nomination accepted/);
    assert.equal(await page.locator(`#nomination-${accepted} [data-nomination-state]`).getAttribute('data-nomination-state'), 'accepted');
    assert.match((await page.locator('#decisions + ol').textContent()) ?? '', /Nomination accepted as CDF-P-\d+/);
    // The same place again: merged into the problem just opened, chosen from the open problems.
    const { problem_id: problemId } = firstOf(await w.t.db.query<{ problem_id: string }>('SELECT problem_id FROM nominations WHERE id = $1', [accepted]));
    await page.locator(`#nomination-${merged} input[value=merge]`).check();
    await page.locator(`#nomination-${merged} form button`).click();
    assert.match((await page.locator(`#problemId-${merged}-error`).textContent()) ?? '', /Select the problem to merge into/);
    await page.locator(`#problemId-${merged}`).selectOption(problemId);
    await page.locator(`#nomination-${merged} form button`).click();
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /merged into the problem/);
    assert.equal(await page.locator(`#nomination-${merged} a`, { hasText: 'See the problem' }).getAttribute('href'), `/p/cardiff/problems/${problemId}`);
    await shot(page, 'nominations');
    await page.locator(`#nomination-${accepted} a`, { hasText: 'See the problem' }).click();
    assert.equal(
      await page
        .locator('h1')
        .textContent()
        .then((s) => s?.trim()),
      'Repeat location: On or near Loudoun Square',
    );
    const [row] = await w.t.db.query<{ stage: string; source: string }>(
      `SELECT p.stage, p.source FROM problems p JOIN nominations n ON n.problem_id = p.id WHERE n.id = $1`,
      [accepted],
    );
    assert.deepEqual(row, { stage: 'scanning', source: 'monitoring' });
    await context.close();
  });

  it('a chair approves an assessment whose priorities sit on the 4x4 grid; the strategy and the administration pages', async () => {
    const analyst = await member(w.t, 'cardiff', 'analyst');
    const chair = await member(w.t, 'cardiff', 'chair');
    const draft = await draftAssessment(w.t, 'cardiff', analyst.auth, { title: 'Asesiad strategol 2026-27' });
    await addPriority(w.t, 'cardiff', analyst.auth, draft.id, { title: 'Trais yn yr economi nos', impact: 4, likelihood: 3 });
    await addPriority(w.t, 'cardiff', analyst.auth, draft.id, { title: 'Tipio anghyfreithlon', impact: 1, likelihood: 2 });
    const { context, page } = await signedIn(w, chair.user);
    await page.goto(`/p/cardiff/assessments/${draft.id}`);
    await page.locator('form[action$="/approve"] button').click();
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Assessment approved/);
    // Row 1 is impact 4, column 3 likelihood 3; row 4 is impact 1, column 2 likelihood 2.
    const cell = (row: number, column: number) => page.locator(`.app-risk-grid tbody tr:nth-child(${row}) td:nth-of-type(${column})`);
    assert.match((await cell(1, 3).textContent()) ?? '', /Trais yn yr economi nos/);
    assert.match((await cell(1, 3).textContent()) ?? '', /12 \(high\)/);
    assert.match((await cell(4, 2).textContent()) ?? '', /Tipio anghyfreithlon/);
    assert.doesNotMatch((await cell(1, 4).textContent()) ?? '', /Trais/);
    assert.deepEqual(await axeViolations(page), []);
    await shot(page, 'assessment');
    const approved = (
      await client(w.t, chair.auth)
        .get(`${base('cardiff')}/strategic-assessments/${draft.id}`)
        .expect(200)
    ).body;
    const strategy = await draftStrategy(w.t, 'cardiff', analyst.auth, approved, await agencyOf(w.t, 'cardiff'));
    await client(w.t, chair.auth)
      .post(`${base('cardiff')}/control-strategies/${strategy.id}/publish`)
      .expect(200);
    await page.goto('/p/cardiff/strategy');
    assert.match((await page.locator('main').textContent()) ?? '', /Trais yn yr economi nos[\s\S]*Reduce repeat locations/);
    assert.deepEqual(await axeViolations(page), []);
    // Administration is for admins only.
    assert.equal((await page.goto('/p/cardiff/admin'))!.status(), 403);
    await context.close();

    const admin = await personIn('admin');
    const { context: asAdmin, page: adminPage } = await signedIn(w, admin);
    await adminPage.goto('/p/cardiff/admin');
    assert.deepEqual(await axeViolations(adminPage), []);
    await adminPage.locator('#keyName').fill('Police records system');
    await adminPage.locator('input[name=scopes][value="problems:read"]').check();
    await adminPage.locator('form[action$="/admin/api-keys"] button').click();
    const key = (await adminPage.locator('#created-key').textContent())!;
    assert.match(key, /^cspk_/);
    assert.deepEqual(await axeViolations(adminPage), []);
    // Shown once: not on the next visit, and it works against the API.
    await adminPage.goto('/p/cardiff/admin');
    assert.ok(!(await adminPage.content()).includes(key));
    await w.t.http
      .get(`${base('cardiff')}/problems`)
      .set('x-api-key', key)
      .expect(200);
    await adminPage.locator('form[action$="/audit/verify"] button').click();
    assert.match((await adminPage.locator('.govuk-inset-text').textContent()) ?? '', /intact/);
    await adminPage.locator(`form[action*="/revoke"] button`).first().click();
    await w.t.http
      .get(`${base('cardiff')}/problems`)
      .set('x-api-key', key)
      .expect(401);
    await asAdmin.close();
  });

  it('an analyst drafts an assessment and its priorities with JavaScript off, then builds a control strategy a chair publishes', async () => {
    const analyst = await personIn('analyst');
    const { context, page } = await signedIn(w, analyst, { javaScript: false });
    await page.goto('/p/cardiff/assessments');
    await page.locator('main a', { hasText: 'Draft a strategic assessment' }).click();
    await page.locator('main form button[type=submit]').click();
    assert.deepEqual(await page.locator('.govuk-error-summary__list a').evaluateAll((client) => client.map((a) => a.getAttribute('href'))), [
      '#title',
      '#periodStart-day',
      '#periodEnd-day',
    ]);
    await page.locator('#title').fill('Asesiad drafft 2027-28');
    await fillDate(page, 'periodStart', '2027-04-01');
    await fillDate(page, 'periodEnd', '2028-03-31');
    await page.locator('#pestelo-economic').fill('Cost of living pressures on young people.');
    await page.locator('#intelligenceRequirement').fill('Where does supply into the city centre come from?\nWho runs the lines?');
    await page.locator('main form button[type=submit]').click();
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Draft assessment created/);
    const assessmentId = page.url().split('/').pop()!;
    await page.locator('main a', { hasText: 'Edit the draft' }).click();
    assert.equal(await page.locator('#intelligenceRequirement').inputValue(), 'Where does supply into the city centre come from?\nWho runs the lines?');
    await page.locator('#title').fill('Asesiad strategol drafft 2027-28');
    await page.locator('main form button[type=submit]').click();
    assert.equal(await page.locator('h1').textContent(), 'Asesiad strategol drafft 2027-28');
    // A priority without a score is refused at the fields.
    await page.locator('#priorityTitle').fill('Cyflenwi cyffuriau');
    await page.locator('#priorityCategory').fill('exploitation');
    await page.locator('#add-priority button').click();
    assert.deepEqual(await page.locator('.govuk-error-summary__list a').evaluateAll((client) => client.map((a) => a.getAttribute('href'))), [
      '#impact',
      '#likelihood',
    ]);
    await page.locator('#impact').selectOption('4');
    await page.locator('#likelihood').selectOption('3');
    await page.locator('#add-priority button').click();
    assert.match((await page.locator('.app-risk-grid tbody tr:nth-child(1) td:nth-of-type(3)').textContent()) ?? '', /Cyflenwi cyffuriau/);
    const stored = firstOf(
      await w.t.db.query<{ title: string; pestelo: Record<string, string>; intelligence_requirement: string[] }>(
        'SELECT title, pestelo, intelligence_requirement FROM strategic_assessments WHERE id = $1',
        [assessmentId],
      ),
    );
    assert.equal(stored.title, 'Asesiad strategol drafft 2027-28');
    assert.equal(stored.pestelo.economic, 'Cost of living pressures on young people.');
    assert.equal(stored.intelligence_requirement.length, 2);

    const chair = await member(w.t, 'cardiff', 'chair');
    await client(w.t, chair.auth)
      .post(`${base('cardiff')}/strategic-assessments/${assessmentId}/approve`)
      .expect(200);
    await page.reload();
    await page.locator('main a', { hasText: 'Build a control strategy' }).click();
    const [priority] = (
      await client(w.t, chair.auth)
        .get(`${base('cardiff')}/strategic-assessments/${assessmentId}`)
        .expect(200)
    ).body.priorities;
    // Acting on a priority needs its lead agency.
    await page.locator('main form button[type=submit]').click();
    assert.equal(await page.locator('.govuk-error-summary__list a').getAttribute('href'), `#lead-${priority.id}`);
    assert.match((await page.locator(`#lead-${priority.id}-error`).textContent()) ?? '', /Select the lead agency/);
    await page.goto(`/p/cardiff/strategy/new?assessment=${assessmentId}`);
    const police = await agencyOf(w.t, 'cardiff', 'police');
    await page.locator(`#lead-${priority.id}`).selectOption(police);
    await page.locator(`#objectives-${priority.id}-enforcement`).fill('Disrupt two lines a quarter');
    await page.locator(`#measures-${priority.id}-enforcement`).fill('Lines closed');
    await shot(page, 'strategy-build');
    await page.locator('main form button[type=submit]').click();
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Draft version saved/);
    const strategyId = page.url().split('/').pop()!;
    assert.equal(await page.locator('form[action$="/publish"]').count(), 0, 'an analyst does not publish');
    await context.close();

    const { context: asChair, page: chairPage } = await signedIn(w, chair.user);
    await chairPage.goto(`/p/cardiff/strategy/versions/${strategyId}`);
    assert.deepEqual(await axeViolations(chairPage), []);
    await chairPage.locator('form[action$="/publish"] button').click();
    assert.match((await chairPage.locator('.govuk-notification-banner').textContent()) ?? '', /Control strategy published/);
    assert.match(
      (await chairPage.locator('main').textContent()) ?? '',
      /Cyflenwi cyffuriau[\s\S]*South Wales Police[\s\S]*Disrupt two lines a quarter[\s\S]*Lines closed/,
    );
    const published = firstOf(await w.t.db.query<{ status: string }>('SELECT status FROM control_strategies WHERE id = $1', [strategyId]));
    assert.equal(published.status, 'current');
    await asChair.close();
  });

  it('an administrator subscribes a webhook (the secret shown once), sees its deliveries, sends one again, disables and deletes it', async () => {
    const admin = await personIn('admin');
    const { context, page } = await signedIn(w, admin);
    await page.goto('/p/cardiff/admin');
    await page.locator('main a', { hasText: 'Manage the webhooks' }).click();
    assert.equal(new URL(page.url()).pathname, '/p/cardiff/admin/webhooks');
    // No events chosen: refused at the field, nothing made.
    await page.locator('#url').fill('http://127.0.0.1:9/csp-events');
    await page.locator('form[action$="/admin/webhooks"] button').click();
    assert.match((await page.locator('#events-error').textContent()) ?? '', /Select at least one event/);
    assert.deepEqual(await axeViolations(page), []);
    await page.locator('#description').fill('Police tasking system');
    await page.locator('input[name=events][value="flag.raised"]').check();
    await page.locator('input[name=events][value="nomination.created"]').check();
    await page.locator('form[action$="/admin/webhooks"] button').click();
    const secret = (await page.locator('#created-secret').textContent())!;
    assert.match(secret, /^whsec_/);
    assert.deepEqual(await axeViolations(page), []);
    await shot(page, 'webhooks');
    const sub = firstOf(
      await w.t.db.query<{ id: string; partnership_id: string; events: string[] }>(
        `SELECT id, partnership_id, events FROM webhook_subscriptions WHERE url = 'http://127.0.0.1:9/csp-events'`,
      ),
    );
    assert.deepEqual([...sub.events].sort(), ['flag.raised', 'nomination.created']);
    // Shown once: not on the next visit.
    await page.goto('/p/cardiff/admin/webhooks');
    assert.ok(!(await page.content()).includes(secret));

    // Two deliveries, as the worker leaves them: one failed after its retries, one delivered.
    const [failed, delivered] = [uuidv7(), uuidv7()];
    for (const [deliveryId, status, code] of [
      [failed, 'failed', 503],
      [delivered, 'succeeded', 204],
    ] as const) {
      const eventId = uuidv7();
      await w.t.db.query(
        `INSERT INTO outbox_events (id, partnership_id, type, subject_type, subject_id, occurred_at, relayed_at) VALUES ($1, $2, 'flag.raised', 'flag', $3, now(), now())`,
        [eventId, sub.partnership_id, uuidv7()],
      );
      await w.t.db.query(
        `INSERT INTO webhook_deliveries (id, partnership_id, event_id, subscription_id, event_type, status, attempts, attempt_limit, last_status_code, last_attempt_at, delivered_at)
         VALUES ($1, $2, $3, $4, 'flag.raised', $5, 4, 4, $6, now(), CASE WHEN $5 = 'succeeded' THEN now() END)`,
        [deliveryId, sub.partnership_id, eventId, sub.id, status, code],
      );
    }
    await page.locator(`#webhook-${sub.id} a`).click();
    assert.equal(
      await page
        .locator(`#delivery-${failed} [data-delivery-status]`)
        .textContent()
        .then((s) => s?.trim()),
      'Failed',
    );
    assert.match((await page.locator(`#delivery-${failed}`).textContent()) ?? '', /HTTP 503/);
    assert.equal(
      await page
        .locator(`#delivery-${delivered} [data-delivery-status]`)
        .textContent()
        .then((s) => s?.trim()),
      'Delivered',
    );
    assert.deepEqual(await axeViolations(page), []);
    await page.locator(`#delivery-${failed} form button`).click();
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /sent again/);
    const again = firstOf(
      await w.t.db.query<{ redelivery_requested_at: Date | null }>('SELECT redelivery_requested_at FROM webhook_deliveries WHERE id = $1', [failed]),
    );
    assert.ok(again.redelivery_requested_at, 'the API was asked to send it again');

    await page.locator('form[action$="/disable"] button').click();
    assert.match((await page.locator('#webhook-status').textContent()) ?? '', /Disabled[\s\S]*by an administrator/);
    const { active } = firstOf(
      await w.t.db.query<{ active: boolean }>('SELECT disabled_at IS NULL AS active FROM webhook_subscriptions WHERE id = $1', [sub.id]),
    );
    assert.equal(active, false);
    await page.locator('form[action$="/delete"] button').click();
    assert.equal(new URL(page.url()).pathname, '/p/cardiff/admin/webhooks');
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /deleted/);
    assert.equal((await w.t.db.query('SELECT 1 FROM webhook_subscriptions WHERE id = $1', [sub.id])).length, 0);
    // Not for a chair.
    const chair = await personIn('chair');
    const { context: asChair, page: chairPage } = await signedIn(w, chair);
    assert.equal((await chairPage.goto('/p/cardiff/admin/webhooks'))!.status(), 403);
    await asChair.close();
    await context.close();
  });

  it('reads a problem under OSARA, PROCTOR, CAPRA and the 5Is, in both languages, withholding the triangle from a viewer', async () => {
    const analyst = await member(w.t, 'cardiff', 'analyst');
    const problem = await analysedProblem(w.t, 'cardiff', analyst.auth, {
      problem: { objective: 'Halve the reports by the summer' },
      analysis: { repeatPatterns: ['repeat_victim'] },
    });
    await advance(w.t, 'cardiff', analyst.auth, problem.id, 'response');
    const agencyId = await agencyOf(w.t, 'cardiff');
    await addResponse(w.t, 'cardiff', analyst.auth, problem.id, {
      description: 'Evening patrols by the square',
      type: 'enforcement',
      ownerAgencyId: agencyId,
      startDate: today(),
      endDate: null,
      status: 'planned',
    });
    const headings = (page: Page) =>
      page
        .locator('main h2')
        .allTextContents()
        .then((all) => all.map((h) => h.trim()));
    const field = (page: Page, section: string, key: string) =>
      page
        .locator(`[data-section="${section}"] [data-field="${key}"] dd`)
        .textContent()
        .then((s) => (s ?? '').replace(/\s+/g, ' ').trim());

    const { context, page } = await signedIn(w, await personIn('analyst'));
    await page.goto(`/p/cardiff/problems/${problem.id}`);
    await page.locator('.moj-sub-navigation__link', { hasText: 'OSARA' }).click();
    assert.equal(new URL(page.url()).pathname, `/p/cardiff/problems/${problem.id}/models/osara`);
    assert.equal(await page.locator('.moj-sub-navigation__link[aria-current=page]').textContent(), 'OSARA');
    assert.deepEqual(await headings(page), ['1. Objective', '2. Scanning', '3. Analysis', '4. Response', '5. Assessment']);
    assert.equal(await field(page, 'objective', 'objective'), 'Halve the reports by the summer');
    assert.equal(await field(page, 'objective', 'measure'), BASELINE.measure);
    assert.match(await field(page, 'analysis', 'baseline'), /ASB incidents reported to police: 40 \(1 October 2025 – 31 December 2025\)/);
    assert.equal(await field(page, 'assessment', 'evaluation'), 'None');
    assert.deepEqual(await axeViolations(page), []);
    await page.goto(`/p/cardiff/problems/${problem.id}/models/proctor`);
    assert.deepEqual(await headings(page), ['1. Problem', '2. Cause', '3. Tactic or treatment', '4. Output', '5. Result']);
    assert.match(await field(page, 'cause', 'triangle'), /Offender: A group of six to eight teenagers/);
    assert.match(await field(page, 'output', 'responses'), /Planned.*not evaluated yet/);
    await page.goto(`/p/cardiff/problems/${problem.id}/models/capra`);
    assert.deepEqual(await headings(page), ['1. Clients', '2. Acquire and analyse information', '3. Partnerships', '4. Response', '5. Assessment']);
    assert.equal(await field(page, 'clients', 'victim'), TRIANGLE.victim);
    assert.equal(await field(page, 'clients', 'repeatVictimisation'), 'Yes');
    await page.goto(`/p/cardiff/problems/${problem.id}/models/5is`);
    assert.deepEqual(await headings(page), ['1. Intelligence', '2. Intervention', '3. Implementation', '4. Involvement', '5. Impact']);
    assert.match(await field(page, 'intervention', 'responses'), /Evening patrols by the square \(Enforcement\)/);
    assert.equal((await page.goto(`/p/cardiff/problems/${problem.id}/models/unknown`))!.status(), 404);
    await context.close();

    const { context: cy, page: cyPage } = await signedIn(w, await personIn('viewer'), { lang: 'cy' });
    await cyPage.goto(`/p/cardiff/problems/${problem.id}/models/capra`);
    assert.deepEqual(await headings(cyPage), ['1. Cleientiaid', '2. Casglu a dadansoddi gwybodaeth', '3. Partneriaethau', '4. Ymateb', '5. Asesu']);
    assert.match((await cyPage.locator('.govuk-warning-text').textContent()) ?? '', /Mae manylion personol wedi’u cuddio/);
    assert.equal(await field(cyPage, 'clients', 'victim'), 'Dim');
    assert.ok(!(await cyPage.content()).includes(TRIANGLE.offender), 'a viewer never sees the triangle');
    await cy.close();
  });

  it('walks every page in Welsh with no English interface string, no missing key, and no axe violation', async () => {
    const analyst = await member(w.t, 'cardiff', 'admin');
    const problem = await analysedProblem(w.t, 'cardiff', analyst.auth);
    await advance(w.t, 'cardiff', analyst.auth, problem.id, 'response');
    await addResponse(w.t, 'cardiff', analyst.auth, problem.id, {
      description: 'Patrols',
      type: 'enforcement',
      ownerAgencyId: await agencyOf(w.t, 'cardiff'),
      startDate: today(),
      endDate: null,
      status: 'planned',
    });
    const [actionId] = await insertActions(w.t, 'cardiff', [{ agencyId: await agencyOf(w.t, 'cardiff'), dueDate: today() }]);
    const chair = await member(w.t, 'cardiff', 'chair');
    // Records keep the language they were written in: this one's is Welsh, so only interface strings are judged.
    const group = await createGroup(w.t, 'cardiff', chair.auth, {
      chairUserId: chair.user.id,
      agencyIds: [await agencyOf(w.t, 'cardiff')],
      name: 'Grŵp tasgio Caerdydd',
    });
    const scheduled = await client(w.t, chair.auth)
      .post(`/api/v1/partnerships/cardiff/tasking-groups/${group.id}/meetings`)
      .send({ scheduledFor: new Date(Date.now() + 86_400_000).toISOString() })
      .expect(201);
    const opened = await client(w.t, chair.auth)
      .post(`/api/v1/partnerships/cardiff/tasking-groups/${group.id}/meetings`)
      .send({ scheduledFor: new Date(Date.now() + 2 * 86_400_000).toISOString() })
      .expect(201);
    await insertNomination(w.t, 'cardiff', 'Lleoliad sy’n ailadrodd: Sgwâr Loudoun');
    await client(w.t, chair.auth).post(`/api/v1/partnerships/cardiff/meetings/${opened.body.id}/open`).expect(200);
    await draftAssessment(w.t, 'cardiff', analyst.auth, { title: 'Asesiad drafft' });
    const approvedOne = await approvedAssessment(w.t, 'cardiff', analyst.auth, analyst.auth, [{ title: 'Trais yn yr economi nos', impact: 4, likelihood: 3 }], {
      title: 'Asesiad wedi’i gymeradwyo',
    });
    const assessments: { id: string; status: string }[] = (
      await client(w.t, analyst.auth)
        .get(`${base('cardiff')}/strategic-assessments`)
        .expect(200)
    ).body.items;
    const draftVersion = await draftStrategy(w.t, 'cardiff', analyst.auth, approvedOne, await agencyOf(w.t, 'cardiff'));
    const webhook = await client(w.t, analyst.auth)
      .post('/api/v1/partnerships/cardiff/webhooks')
      .send({ url: 'http://127.0.0.1:9/derbyn', events: ['*'] })
      .expect(201);
    const context = await newContext(w, { lang: 'cy' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    const english = Object.values(MESSAGES)
      .filter(([en, cy]) => en !== cy && en.length >= 8 && !en.includes('{'))
      .map(([en]) => en);
    const pages: string[] = [];
    const check = async (label: string) => {
      // Records keep the language they were written in (reference data such as category names is English): marked data-record, left out.
      const text: string = await page.evaluate(
        "(() => { const copy = document.body.cloneNode(true); copy.querySelectorAll('[data-record]').forEach((e) => e.remove()); return copy.textContent; })()",
      );
      const body = text.replace(/\s+/g, ' ');
      assert.ok(!body.includes('[missing:'), `${label}: a key has no message`);
      const leaked = english.filter((en) => body.includes(en));
      assert.deepEqual(leaked, [], `${label}: English interface strings in the Welsh page`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
      assert.deepEqual(await axeViolations(page), [], label);
      pages.push(label);
    };
    await check('sign-in');
    await signInAs(page, analyst.user);
    await check('home');
    await shot(page, 'home-cy');
    for (const path of [
      '/partnerships',
      '/p/cardiff/problems',
      '/p/cardiff/problems/new',
      `/p/cardiff/problems/${problem.id}`,
      `/p/cardiff/problems/${problem.id}/analysis`,
      `/p/cardiff/problems/${problem.id}/evaluation`,
      ...['osara', 'proctor', 'capra', '5is'].map((m) => `/p/cardiff/problems/${problem.id}/models/${m}`),
      '/p/cardiff/actions',
      `/p/cardiff/actions/${actionId}`,
      '/p/cardiff/performance',
      '/p/cardiff/flags',
      '/p/cardiff/tasking',
      `/p/cardiff/tasking/${group.id}`,
      `/p/cardiff/meetings/${scheduled.body.id}`,
      `/p/cardiff/meetings/${opened.body.id}`,
      '/p/cardiff/assessments',
      ...(
        await client(w.t, analyst.auth)
          .get(`${base('cardiff')}/strategic-assessments`)
          .expect(200)
      ).body.items
        .slice(0, 1)
        .map((a: { id: string }) => `/p/cardiff/assessments/${a.id}`),
      '/p/cardiff/strategy',
      '/p/cardiff/assessments/new',
      ...assessments
        .filter((a) => a.status === 'draft')
        .slice(0, 1)
        .map((a) => `/p/cardiff/assessments/${a.id}/edit`),
      ...assessments
        .filter((a) => a.status === 'approved')
        .slice(0, 1)
        .map((a) => `/p/cardiff/strategy/new?assessment=${a.id}`),
      `/p/cardiff/strategy/versions/${draftVersion.id}`,
      '/p/cardiff/admin',
      '/p/cardiff/admin/webhooks',
      `/p/cardiff/admin/webhooks/${webhook.body.id}`,
      '/p/cardiff/nothing-here',
    ]) {
      await page.goto(path);
      await check(path);
      if (path.startsWith('/p/cardiff/problems/') && !path.endsWith('new') && !path.includes('/', '/p/cardiff/problems/'.length))
        await shot(page, 'problem-record-cy');
      if (path.startsWith('/p/cardiff/meetings/')) await shot(page, 'meeting-cy');
      if (path === `/p/cardiff/tasking/${group.id}`) await shot(page, 'tasking-group-cy');
    }
    // A form's errors in Welsh too.
    await page.goto('/p/cardiff/problems/new');
    await page.locator('main form button[type=submit]').click();
    assert.equal((await page.locator('.govuk-error-summary__title').textContent())?.trim(), 'Mae problem wedi codi');
    await check('problems/new with errors');
    // The switch goes back to English and is kept.
    await page.locator('.app-header__lang').click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.goto('/p/cardiff');
    assert.equal(await page.locator('h1').textContent(), 'Home');
    await shot(page, 'home');
    assert.ok(pages.length >= 20);
    await context.close();
  });
});
