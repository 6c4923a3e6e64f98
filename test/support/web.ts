import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FixedClock, loadConfig, toLondonDate } from '@app/core';
import { createTestApp, firstN, type TestApp } from '@app/testing';
import type { Role } from '@app/core/security';
import { createWebApp } from '../../apps/web/src/bootstrap';
import { addMember, createUser, type TestUser } from './identity';

export const CHROMIUM = '/usr/bin/chromium';

/** The API (in-process, on a real port), the console beside it, and a headless Chromium. */
export interface WebWorld {
  t: TestApp;
  web: NestFastifyApplication;
  webUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

function portOf(app: NestFastifyApplication): number {
  return (app.getHttpServer().address() as AddressInfo).port;
}

/** A port free on loopback now, for a console whose own address must be known before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

export async function startWebWorld(
  options: { browser?: boolean; env?: Record<string, string>; webEnv?: Record<string, string>; webPort?: number } = {},
): Promise<WebWorld> {
  // One clock, at the real time, for the API and the console, so their dates agree (and today() in the tests, even past
  // midnight); webhooks may target this machine (nothing listens there).
  const clock = new FixedClock(new Date());
  worldClock = clock;
  const t = await createTestApp({ clock, env: { WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8', ...options.env } });
  let web: NestFastifyApplication | undefined;
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const apiUrl = `http://127.0.0.1:${portOf(t.app)}`;
    const config = loadConfig({ ...envOf(t), API_URL: apiUrl, WEB_PORT: '3002', ...options.webEnv });
    web = await createWebApp(config, { clock });
    await web.listen({ port: options.webPort ?? 0, host: '127.0.0.1' });
  } catch (err) {
    await web?.close();
    await t.close();
    throw err;
  }
  const webUrl = `http://127.0.0.1:${portOf(web)}`;
  // Playwright's launch gives every browser a fresh temporary profile (it refuses --user-data-dir).
  const profile = mkdtempSync(join(tmpdir(), 'csp-chromium-'));
  if (options.browser === false) {
    return {
      t,
      web: web!,
      webUrl,
      browser: undefined as unknown as Browser,
      async close() {
        await web!.close();
        await t.close();
      },
    };
  }
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { HOME: profile },
    })
    .catch(async (err: unknown) => {
      await web!.close();
      await t.close();
      throw err;
    });
  return {
    t,
    web: web!,
    webUrl,
    browser,
    async close() {
      await browser.close();
      await web!.close();
      await t.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The configuration's Redis and prefix as environment variables (the console shares the test's Redis prefix). */
function envOf(t: TestApp): Record<string, string> {
  return {
    NODE_ENV: 'test',
    REDIS_URL: t.config.redis.url,
    QUEUE_PREFIX: t.config.redis.prefix,
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
  };
}

export async function newContext(w: WebWorld, options: { javaScript?: boolean; lang?: 'en' | 'cy' } = {}): Promise<BrowserContext> {
  const context = await w.browser.newContext({ javaScriptEnabled: options.javaScript ?? true, baseURL: w.webUrl, viewport: { width: 1200, height: 900 } });
  if (options.lang) await context.addCookies([{ name: 'csp_lang', value: options.lang, url: w.webUrl }]);
  return context;
}

export async function signInAs(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await page.locator('form[action="/sign-in"] button[type=submit]').click();
  await page.waitForLoadState('load');
}

/** A new browser context (as `newContext` makes it) with a page in it, signed in as `user` (as `signInAs` does). */
export async function signedIn(
  w: WebWorld,
  user: { email: string; password: string },
  options: Parameters<typeof newContext>[1] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(w, options);
  const page = await context.newPage();
  await signInAs(page, user);
  return { context, page };
}

/** axe-core's WCAG 2.2 A and AA rules on the page as it stands: the violations, summarised. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join('; ')})`,
  );
}

/** Fills a GOV.UK date input (`<name>-day`, `-month`, `-year`) with an ISO date. */
export async function fillDate(page: Page, name: string, iso: string): Promise<void> {
  const [y, m, d] = firstN(iso.split('-'), 3);
  await page.locator(`#${name}-day`).fill(String(Number(d)));
  await page.locator(`#${name}-month`).fill(String(Number(m)));
  await page.locator(`#${name}-year`).fill(y);
}

/** The clock of the world started last (a spec file starts one at a time). */
let worldClock: FixedClock | undefined;

/** Today in the UK by the clock of the world started last (before any, by the real time), as YYYY-MM-DD. */
export const today = (): string => toLondonDate(worldClock?.now() ?? new Date());

/** A new person with `role` in Cardiff (a partner: of `agencyId`, by default the police). */
export async function personIn(w: WebWorld, role: Role, agencyId?: string): Promise<TestUser> {
  const user = await createUser(w.t, { displayName: `Test ${role}` });
  await addMember(w.t, user.id, 'cardiff', role, agencyId);
  return user;
}
