import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import nunjucks from 'nunjucks';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { createApiClient, problemSlug, type ApiClient, type ApiProblem } from '@app/api-client';
import { GOVUK_DIST, MOJ_ROOT, productStyleSheet } from './assets';
import { isLanguage, LANGUAGE_COOKIE, translator, type Translator } from './i18n';
import type { Language } from './messages';
import { csrfMatches, newCsrfToken, newSessionId, SESSION_COOKIE, SessionStore, type SessionData } from './session';
import { resolve } from 'node:path';

export const VIEWS_DIR = resolve(__dirname, '../../../../apps/web/views');

/** What the console knows about a request once its session is loaded. */
export interface WebState {
  sessionId: string;
  session: SessionData;
  lang: Language;
  nonce: string;
}
export type WebRequest = FastifyRequest & { web: WebState };

/** A membership as the console keeps it in the session. */
export type SessionMembership = NonNullable<SessionData['memberships']>[number];

/** The visitor must sign in (again): the page redirects to the sign-in form. */
export class SignInRequired extends Error {}

/** An API answer that was not a success, with its problem details. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly problem: ApiProblem | null,
  ) {
    super(`API answered ${status}${problem ? `: ${problem.type}` : ''}`);
  }
  get slug(): string {
    return problemSlug(this.problem);
  }
}

/** A page's error shown as a full page (404, 403...). */
export class PageError extends Error {
  constructor(readonly status: number) {
    super(`page error ${status}`);
  }
}

const REFRESH_MARGIN_MS = 60_000;

/**
 * Sessions, CSRF, languages, the API client and page rendering: the parts
 * every page of the console shares.
 */
@Injectable()
export class Web implements OnApplicationShutdown {
  readonly redis: Redis;
  readonly sessions: SessionStore;
  readonly views: nunjucks.Environment;
  readonly styleSheet = productStyleSheet();

  /** Forms post here only; with an organisation's issuer also there (sign-out continues at its end-session endpoint). */
  private readonly formAction: string;

  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    this.formAction = config.web.oidc ? `'self' ${new URL(config.web.oidc.issuer).origin}` : "'self'";
    this.redis = new Redis(config.redis.url, { enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
    this.redis.on('error', () => undefined);
    this.sessions = new SessionStore(this.redis, config.redis.prefix, config.web.sessionTtlSeconds);
    this.views = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST, MOJ_ROOT], { noCache: config.env === 'development' }), {
      autoescape: true,
      throwOnUndefined: false,
    });
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private cookieOptions(maxAgeSeconds: number) {
    return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: this.config.web.secureCookies, maxAge: maxAgeSeconds };
  }

  /** Session loading, the language cookie and the CSRF check, as Fastify hooks. */
  install(fastify: FastifyInstance): void {
    fastify.get('/assets/app/product.css', async (_req, reply) => {
      return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(this.styleSheet);
    });
    fastify.get('/health/live', async (_req, reply) => reply.type('application/json').send({ status: 'ok' }));
    fastify.addHook('onRequest', async (req, reply) => {
      if (req.url.startsWith('/assets/') || req.url === '/health/live') return;
      const cookies = req.cookies ?? {};
      let sessionId = cookies[SESSION_COOKIE];
      let session = await this.sessions.load(sessionId);
      if (!session || !sessionId) {
        sessionId = newSessionId();
        session = { csrf: newCsrfToken() };
        await this.sessions.save(sessionId, session);
      }
      void reply.setCookie(SESSION_COOKIE, sessionId, this.cookieOptions(this.config.web.sessionTtlSeconds));
      const lang = isLanguage(cookies[LANGUAGE_COOKIE]) ? cookies[LANGUAGE_COOKIE] : 'en';
      (req as WebRequest).web = { sessionId, session, lang, nonce: randomBytes(16).toString('base64') };
    });
    fastify.addHook('preHandler', async (req, reply) => {
      if (req.method !== 'POST' || req.url.startsWith('/assets/')) return;
      const web = (req as WebRequest).web;
      const given = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (!web || !csrfMatches(web.session.csrf, given)) {
        await this.renderError(req as WebRequest, reply, 403, 'error.csrf', 'error.csrfBody');
        return reply;
      }
    });
  }

  translator(req: WebRequest): Translator {
    return translator(req.web.lang);
  }

  setLanguage(reply: FastifyReply, lang: Language): void {
    void reply.setCookie(LANGUAGE_COOKIE, lang, { path: '/', httpOnly: false, sameSite: 'lax', secure: this.config.web.secureCookies, maxAge: 365 * 86400 });
  }

  async saveSession(req: WebRequest): Promise<void> {
    await this.sessions.save(req.web.sessionId, req.web.session);
  }

  /** After a sign-in: a new session id (no fixation), a new CSRF token, the tokens kept server-side. */
  async startSession(req: WebRequest, reply: FastifyReply, data: Omit<SessionData, 'csrf'>): Promise<void> {
    // Signing in again while signed in: the sign-in it replaces ends at the API too.
    await this.revokeAtApi(req);
    await this.sessions.destroy(req.web.sessionId);
    const sessionId = newSessionId();
    req.web.sessionId = sessionId;
    req.web.session = { csrf: newCsrfToken(), ...data };
    await this.sessions.save(sessionId, req.web.session);
    void reply.setCookie(SESSION_COOKIE, sessionId, this.cookieOptions(this.config.web.sessionTtlSeconds));
  }

  private async revokeAtApi(req: WebRequest): Promise<void> {
    const refreshToken = req.web.session.refreshToken;
    if (refreshToken) {
      await this.anonymousApi(req)
        .POST('/api/v1/auth/revoke', { body: { refreshToken } })
        .catch(() => undefined);
    }
  }

  async endSession(req: WebRequest, reply: FastifyReply): Promise<void> {
    await this.revokeAtApi(req);
    await this.sessions.destroy(req.web.sessionId);
    const sessionId = newSessionId();
    req.web.sessionId = sessionId;
    req.web.session = { csrf: newCsrfToken() };
    await this.sessions.save(sessionId, req.web.session);
    void reply.setCookie(SESSION_COOKIE, sessionId, this.cookieOptions(this.config.web.sessionTtlSeconds));
  }

  /**
   * Headers that tell the API whose address a request is for: every visitor reaches the API
   * from the console's address, so with the shared secret the API counts each person's
   * sign-ins and refreshes against their own address (docs/console.md).
   */
  forwardingHeaders(req: FastifyRequest): Record<string, string> {
    const secret = this.config.web.forwardingSecret;
    return secret ? { 'x-console-forwarding-secret': secret, 'x-console-client-address': req.ip } : {};
  }

  /** An API client without credentials (sign-in, refresh, revoke) for this visitor. */
  anonymousApi(req: WebRequest): ApiClient {
    return createApiClient(this.config.web.apiUrl, { headers: this.forwardingHeaders(req) });
  }

  /** An API client for the signed-in visitor, refreshing the access token first when it is about to expire. */
  async api(req: WebRequest): Promise<ApiClient> {
    const { session } = req.web;
    if (!session.accessToken) throw new SignInRequired();
    if ((session.accessExpiresAt ?? 0) - Date.now() < REFRESH_MARGIN_MS) {
      if (!session.refreshToken) throw new SignInRequired();
      await this.refresh(req);
    }
    return createApiClient(this.config.web.apiUrl, {
      accessToken: req.web.session.accessToken,
      headers: { 'accept-language': req.web.lang, ...this.forwardingHeaders(req) },
    });
  }

  private async refresh(req: WebRequest): Promise<void> {
    const unlock = await this.sessions.lock(req.web.sessionId);
    try {
      // Another page of the same session may have refreshed while this one waited.
      const current = await this.sessions.load(req.web.sessionId);
      if (current?.accessToken && (current.accessExpiresAt ?? 0) - Date.now() >= REFRESH_MARGIN_MS) {
        req.web.session = current;
        return;
      }
      const refreshToken = current?.refreshToken ?? req.web.session.refreshToken;
      const { data } = await this.anonymousApi(req).POST('/api/v1/auth/token', {
        body: { grantType: 'refresh_token', refreshToken },
      });
      if (!data) {
        req.web.session = { csrf: req.web.session.csrf };
        await this.saveSession(req);
        throw new SignInRequired();
      }
      req.web.session = {
        ...req.web.session,
        accessToken: data.accessToken,
        accessExpiresAt: new Date(data.expiresAt).getTime(),
        refreshToken: data.refreshToken,
      };
      await this.saveSession(req);
    } finally {
      await unlock();
    }
  }

  /** The data of an openapi-fetch answer, or an ApiFailure / SignInRequired. */
  ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
    if (result.response.ok && result.data !== undefined) return result.data;
    if (result.response.ok) return undefined as T;
    if (result.response.status === 401) throw new SignInRequired();
    throw new ApiFailure(result.response.status, (result.error as ApiProblem) ?? null);
  }

  /** A form's request: a refusal of its input (400, 422) is the form's to show; any other failure goes to the error pages (`ok`). */
  okUnlessInvalid(result: { error?: unknown; response: Response }): void {
    const status = result.response.status;
    if (status !== 400 && status !== 422) this.ok(result);
  }

  /** Takes the one-time message for this page. */
  async takeFlash(req: WebRequest): Promise<SessionData['flash']> {
    const flash = req.web.session.flash;
    if (flash) {
      delete req.web.session.flash;
      await this.saveSession(req);
    }
    return flash;
  }

  async flash(req: WebRequest, key: string, params?: Record<string, string>): Promise<void> {
    req.web.session.flash = { key, params };
    await this.saveSession(req);
  }

  async render(req: WebRequest, reply: FastifyReply, view: string, data: Record<string, unknown> = {}, status = 200): Promise<FastifyReply> {
    const i18n = this.translator(req);
    const flash = data.flash === undefined ? await this.takeFlash(req) : data.flash;
    const html = this.views.render(`${view}.njk`, {
      ...data,
      flash,
      t: i18n.t,
      formatDate: i18n.date,
      formatDateTime: i18n.dateTime,
      formatNumber: i18n.number,
      lang: req.web.lang,
      otherLang: req.web.lang === 'en' ? 'cy' : 'en',
      csrf: req.web.session.csrf,
      cspNonce: req.web.nonce,
      signedIn: Boolean(req.web.session.accessToken),
      organisationSignIn: Boolean(this.config.web.oidc),
      displayName: req.web.session.displayName,
      currentUrl: req.url,
    });
    return reply
      .status(status)
      .header(
        'content-security-policy',
        `default-src 'self'; script-src 'self' 'nonce-${req.web.nonce}'; style-src 'self'; img-src 'self' data:; form-action ${this.formAction}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`,
      )
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  }

  async renderError(req: WebRequest, reply: FastifyReply, status: number, titleKey: string, bodyKey: string): Promise<FastifyReply> {
    return this.render(req, reply, 'error', { titleKey, bodyKey, flash: null }, status);
  }

  redirect(reply: FastifyReply, url: string): FastifyReply {
    return reply.status(303).header('location', url).send();
  }
}
