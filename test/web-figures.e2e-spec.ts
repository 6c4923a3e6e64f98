import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { CrossPartnershipHost } from '@app/core';
import { MeetingPacksService } from '@app/domain/accountability';
import { createTestWorker, entryOf, firstOf, type TestWorker } from '@app/testing';
import { lastFullQuarter } from '../apps/web/src/figures.controller';
import { MESSAGES } from '../apps/web/src/messages';
import { addMember, agencyOf, createUser, member, partnershipId } from './support/identity';
import { closeMeeting, createGroup, insertActions, openMeeting, scheduleMeeting } from './support/tasking';
import { axeViolations, signedIn, startWebWorld, today, type WebWorld } from './support/web';
import { client } from './support/http';

const SHOTS = process.env.WEB_SCREENSHOTS_DIR;

/** The page's text without records (marked data-record), which keep the language they were written in. */
async function interfaceText(page: Page): Promise<string> {
  const text: string = await page.evaluate(
    "(() => { const copy = document.body.cloneNode(true); copy.querySelectorAll('[data-record]').forEach((e) => e.remove()); return copy.textContent; })()",
  );
  return text.replace(/\s+/g, ' ');
}

describe('web console: figures, meeting packs and the annual report', () => {
  let w: WebWorld;
  let worker: TestWorker;
  /** The last full quarter by the world's clock (set when the world starts). */
  let quarter: { from: string; to: string };
  const buildPending = () => worker.app.get(MeetingPacksService).buildPending(worker.app.get(CrossPartnershipHost));

  beforeAll(async () => {
    // The worker's scans are left to the test: it builds the packs when it says so.
    w = await startWebWorld({ env: { FIGURES_REFRESH_MINUTES: '1440', PACK_SCAN_INTERVAL_SECONDS: '3600' } });
    worker = await createTestWorker({ environment: w.t });
    quarter = lastFullQuarter(today());
    // Five actions due in the last full quarter: four done on time, one still open (overdue).
    const police = await agencyOf(w.t, 'cardiff', 'police');
    const due = (day: number) => `${quarter.from.slice(0, 8)}${String(day).padStart(2, '0')}`;
    await insertActions(w.t, 'cardiff', [
      ...[3, 5, 7, 9].map((d) => ({ agencyId: police, dueDate: due(d), status: 'done' as const, completedAt: `${due(d - 1)}T12:00:00Z` })),
      { agencyId: police, dueDate: due(11) },
    ]);
  });
  afterAll(async () => {
    await worker?.close();
    await w?.close();
  });

  async function personIn(role: 'analyst' | 'chair' | 'viewer') {
    const user = await createUser(w.t, { displayName: `Figures ${role}` });
    await addMember(w.t, user.id, 'cardiff', role);
    return user;
  }

  it('a chair opens Figures from the menu: the last full quarter by default, each hallmark figure with its value, and the CSV', async () => {
    const chair = await personIn('chair');
    const { context, page } = await signedIn(w, chair);
    await page.locator('.moj-primary-navigation a', { hasText: 'Figures' }).click();
    assert.equal(new URL(page.url()).pathname, '/p/cardiff/figures');
    assert.equal(await page.locator('h1').textContent(), 'Figures');
    const [fy, fm, fd] = quarter.from.split('-');
    assert.deepEqual(
      [await page.locator('#from-day').inputValue(), await page.locator('#from-month').inputValue(), await page.locator('#from-year').inputValue()],
      [String(Number(fd)), String(Number(fm)), fy],
    );
    assert.equal(await page.locator('h2.govuk-heading-m[id^=hallmark-]').count(), 6, 'the six hallmarks');
    const onTime = page.locator('#hallmark-delivery_structures + dl [data-figure="action_on_time_rate"]');
    assert.equal((await onTime.locator('[data-value]').textContent())?.trim(), '80%');
    assert.match((await onTime.textContent()) ?? '', /\(4 of 5\)/);
    // Too few cases, or not measurable from records: the tag, no value.
    const evaluated = page.locator('[data-figure="closed_problems_evaluated"]');
    assert.equal((await evaluated.locator('.govuk-tag').textContent())?.trim(), 'Not enough data');
    assert.equal(await evaluated.locator('[data-value]').count(), 0);
    await onTime.locator('.govuk-details__summary').click();
    assert.match((await onTime.locator('.govuk-details__text').textContent()) ?? '', /due/);
    assert.deepEqual(await axeViolations(page), []);
    if (SHOTS) {
      await page.setViewportSize({ width: 1200, height: 1500 });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: `${SHOTS}/figures.png` });
      await page.setViewportSize({ width: 1200, height: 900 });
    }

    // The CSV, through the console with the session's access: the API's type and file name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#figures-csv').click()]);
    assert.equal(download.suggestedFilename(), `figures-cardiff-${quarter.from}-${quarter.to}.csv`);
    const rows: Record<string, string>[] = parse(readFileSync((await download.path())!, 'utf8'), { columns: true });
    const row = rows.find((r) => r.period === 'period' && r.key === 'action_on_time_rate')!;
    assert.deepEqual([row.value, row.numerator, row.denominator], ['0.8', '4', '5']);
    const res = await page.request.get((await page.locator('#figures-csv').getAttribute('href'))!);
    assert.match(entryOf(res.headers(), 'content-type'), /^text\/csv/);
    assert.match(entryOf(res.headers(), 'content-disposition'), /^attachment; filename="figures-cardiff-/);
    await context.close();
  });

  it('chooses another period with JavaScript off, and says what is wrong with a bad one', async () => {
    const analyst = await personIn('analyst');
    const { context, page } = await signedIn(w, analyst, { javaScript: false });
    await page.goto('/p/cardiff/figures');
    // A period after the quarter: none of its actions fall due.
    const year = Number(quarter.to.slice(0, 4)) + 1;
    for (const [name, d, m] of [
      ['from', '1', '1'],
      ['to', '31', '3'],
    ] as const) {
      await page.locator(`#${name}-day`).fill(d);
      await page.locator(`#${name}-month`).fill(m);
      await page.locator(`#${name}-year`).fill(String(year));
    }
    await page.locator('#period button').click();
    assert.match((await page.locator('#figures-period').textContent()) ?? '', new RegExp(`From 1 January ${year} to 31 March ${year}`));
    assert.equal((await page.locator('[data-figure="action_on_time_rate"] .govuk-tag').textContent())?.trim(), 'Not enough data');
    assert.match((await page.locator('#figures-csv').getAttribute('href')) ?? '', new RegExp(`from=${year}-01-01&to=${year}-03-31`));
    await page.locator('#to-day').fill('31');
    await page.locator('#to-month').fill('2');
    await page.locator('#period button').click();
    assert.match((await page.locator('.govuk-error-summary').textContent()) ?? '', /last day of the period must be a real date/i);
    await context.close();
  });

  it("takes today from the API's clock, not the machine's: the default period follows the clock when it moves", async () => {
    const analyst = await personIn('analyst');
    const { context, page } = await signedIn(w, analyst, { javaScript: false });
    const now = w.t.clock.now();
    // A quarter earlier by the clock (after signing in, so the session's token is fresh by the machine's time too).
    w.t.clock.set(new Date(now.getTime() - 92 * 86_400_000));
    try {
      const earlier = lastFullQuarter(today());
      assert.notEqual(earlier.from, quarter.from);
      await page.goto('/p/cardiff/figures');
      const [fy, fm, fd] = earlier.from.split('-');
      assert.deepEqual(
        [await page.locator('#from-day').inputValue(), await page.locator('#from-month').inputValue(), await page.locator('#from-year').inputValue()],
        [String(Number(fd)), String(Number(fm)), fy],
      );
    } finally {
      w.t.clock.set(now);
      await context.close();
    }
  });

  it('a chair asks for the pack, sees it being prepared, and after the build downloads the PDF and the HTML; the minutes once closed', async () => {
    const chair = await member(w.t, 'cardiff', 'chair');
    const group = await createGroup(w.t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [await agencyOf(w.t, 'cardiff', 'police')] });
    const meeting = await scheduleMeeting(w.t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 3 * 86_400_000).toISOString());
    const { context, page } = await signedIn(w, chair.user, { javaScript: false });
    await page.goto(`/p/cardiff/meetings/${meeting.id}`);
    assert.equal(await page.locator('#pack-pdf').count(), 0);
    await page.locator('form[action$="/pack"] button').click();
    assert.match(new URL(page.url()).pathname, new RegExp(`/meetings/${meeting.id}$`));
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /being prepared/);
    assert.equal((await page.locator('#pack-state .govuk-tag').textContent())?.trim(), 'Being prepared');
    assert.equal(await page.locator('form[action$="/pack"]').count(), 0, 'no second request while one waits');
    // Not built yet: a page says so.
    assert.equal((await page.goto(`/p/cardiff/meetings/${meeting.id}/pack.pdf`))!.status(), 409);
    assert.equal(await page.locator('h1').textContent(), 'The pack has not been prepared yet');
    await page.goto(`/p/cardiff/meetings/${meeting.id}`);

    assert.equal(await buildPending(), 1);
    await page.reload();
    assert.equal(await page.locator('#pack-state').count(), 0);
    const pdf = await page.request.get((await page.locator('#pack-pdf').getAttribute('href'))!);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal(pdf.headers()['content-disposition'], `inline; filename="meeting-pack-${meeting.id}.pdf"`);
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    const html = await page.request.get((await page.locator('#pack-html').getAttribute('href'))!);
    assert.match(entryOf(html.headers(), 'content-type'), /^text\/html/);
    assert.match(entryOf(html.headers(), 'content-security-policy'), /^sandbox/, 'shown without script or the console’s cookies');
    assert.match(await html.text(), /@page \{ size: A4/);
    const audit = await w.t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE target_id = $1 AND action = 'meeting_pack.downloaded'`, [
      meeting.id,
    ]);
    assert.equal(Number(firstOf(audit).n), 2, 'each download is audited at the API');

    assert.equal(await page.locator('#minutes-pdf').count(), 0, 'no minutes before closing');
    assert.equal((await page.goto(`/p/cardiff/meetings/${meeting.id}/minutes.pdf`))!.status(), 409);
    assert.equal(await page.locator('h1').textContent(), 'The minutes are not ready');
    await page.goto(`/p/cardiff/meetings/${meeting.id}`);
    await openMeeting(w.t, 'cardiff', chair.auth, meeting.id);
    await closeMeeting(w.t, 'cardiff', chair.auth, meeting.id);
    await page.reload();
    const minutes = await page.request.get((await page.locator('#minutes-pdf').getAttribute('href'))!);
    assert.equal(minutes.headers()['content-type'], 'application/pdf');
    assert.equal((await minutes.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal((await page.request.get(`/p/cardiff/meetings/${meeting.id}/nothing.pdf`)).status(), 404);
    await context.close();
  });

  it('a viewer reads the pack but may not ask for one; another partnership’s meeting is not found', async () => {
    const chair = await member(w.t, 'cardiff', 'chair');
    const group = await createGroup(w.t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [await agencyOf(w.t, 'cardiff', 'police')] });
    const meeting = await scheduleMeeting(w.t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 4 * 86_400_000).toISOString());
    const otherChair = await member(w.t, 'cwm-taf', 'chair');
    const otherGroup = await createGroup(w.t, 'cwm-taf', otherChair.auth, {
      chairUserId: otherChair.user.id,
      agencyIds: [await agencyOf(w.t, 'cwm-taf', 'police')],
    });
    const other = await scheduleMeeting(w.t, 'cwm-taf', otherChair.auth, otherGroup.id, new Date(Date.now() + 4 * 86_400_000).toISOString());
    await client(w.t, otherChair.auth).post(`/api/v1/partnerships/cwm-taf/meetings/${other.id}/pack`).expect(202);
    await client(w.t, chair.auth).post(`/api/v1/partnerships/cardiff/meetings/${meeting.id}/pack`).expect(202);
    assert.equal(await buildPending(), 2);
    const viewer = await personIn('viewer');
    const { context, page } = await signedIn(w, viewer);
    await page.goto(`/p/cardiff/meetings/${meeting.id}`);
    assert.equal(await page.locator('form[action$="/pack"]').count(), 0);
    assert.equal((await page.request.get(`/p/cardiff/meetings/${meeting.id}/pack.pdf`)).headers()['content-type'], 'application/pdf');
    assert.equal((await page.request.get(`/p/cardiff/meetings/${other.id}/pack.pdf`)).status(), 404);
    // A viewer's post is refused by the API; the console shows the refusal.
    await page.goto(`/p/cardiff/meetings/${meeting.id}`);
    const csrf = await page.locator('form[action="/sign-out"] input[name=_csrf]').inputValue();
    assert.equal((await page.request.post(`/p/cardiff/meetings/${meeting.id}/pack`, { form: { _csrf: csrf } })).status(), 403);
    // The annual report, by year, from the figures page.
    await page.goto('/p/cardiff/figures');
    const year = today().slice(0, 4);
    const report = await page.request.get((await page.locator(`a[href$="/reports/annual/${year}/pdf"]`).getAttribute('href'))!);
    assert.equal(report.headers()['content-type'], 'application/pdf');
    assert.equal(report.headers()['content-disposition'], `inline; filename="annual-report-cardiff-${year}.pdf"`);
    const reportHtml = await page.request.get(`/p/cardiff/reports/annual/${year}/html`);
    assert.match(entryOf(reportHtml.headers(), 'content-type'), /^text\/html/);
    await context.close();
  });

  it('walks the figures and the meeting pack in Welsh: no English interface string, no missing key, no axe violation', async () => {
    const chair = await member(w.t, 'cardiff', 'chair');
    const group = await createGroup(w.t, 'cardiff', chair.auth, {
      chairUserId: chair.user.id,
      agencyIds: [await agencyOf(w.t, 'cardiff', 'police')],
      name: 'Grŵp tasgio',
    });
    const built = await scheduleMeeting(w.t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 5 * 86_400_000).toISOString());
    const waiting = await scheduleMeeting(w.t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 6 * 86_400_000).toISOString());
    const closed = await scheduleMeeting(w.t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 7 * 86_400_000).toISOString());
    await client(w.t, chair.auth).post(`/api/v1/partnerships/cardiff/meetings/${built.id}/pack`).expect(202);
    await buildPending();
    await client(w.t, chair.auth).post(`/api/v1/partnerships/cardiff/meetings/${waiting.id}/pack`).expect(202);
    await openMeeting(w.t, 'cardiff', chair.auth, closed.id);
    await closeMeeting(w.t, 'cardiff', chair.auth, closed.id);
    const english = Object.values(MESSAGES)
      .filter(([en, cy]) => en !== cy && en.length >= 8 && !en.includes('{'))
      .map(([en]) => en);
    const { context, page } = await signedIn(w, chair.user, { lang: 'cy' });
    for (const path of [
      '/p/cardiff/figures',
      '/p/cardiff/figures?from-day=31&from-month=2&from-year=2026',
      `/p/cardiff/meetings/${built.id}`,
      `/p/cardiff/meetings/${waiting.id}`,
      `/p/cardiff/meetings/${closed.id}`,
      `/p/cardiff/meetings/${waiting.id}/pack.pdf`,
      `/p/cardiff/meetings/${built.id}/minutes.pdf`,
    ]) {
      await page.goto(path);
      const body = await interfaceText(page);
      assert.ok(!body.includes('[missing:'), `${path}: a key has no message`);
      assert.deepEqual(
        english.filter((en) => body.includes(en)),
        [],
        `${path}: English interface strings in the Welsh page`,
      );
      assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
      assert.deepEqual(await axeViolations(page), [], path);
    }
    await page.goto('/p/cardiff/figures');
    assert.equal((await page.locator('[data-figure="closed_problems_evaluated"] .govuk-tag').textContent())?.trim(), 'Dim digon o ddata');
    assert.equal((await page.locator('[data-figure="action_on_time_rate"] dt').textContent())?.trim(), 'Camau gweithredu wedi’u cwblhau mewn pryd');
    assert.equal(await page.locator('[data-figure="action_on_time_rate"] dt').getAttribute('lang'), null);
    // Labels the console has no text for are the API's, marked as English.
    assert.ok((await page.locator('[data-figure^="incidents_by_group:"] dt').count()) > 0);
    assert.equal(await page.locator('[data-figure^="incidents_by_group:"] dt:not([lang=en])').count(), 0);
    await context.close();
    // Built before the test ends: no other test's build finds this pack still queued.
    await worker.app.get(MeetingPacksService).build(await partnershipId(w.t, 'cardiff'), waiting.id);
  });
});
