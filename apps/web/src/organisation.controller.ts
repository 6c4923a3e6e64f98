import { Controller, Get, Logger, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import * as oidc from 'openid-client';
import { createApiClient } from '@app/api-client';
import { csrfMatches } from './session';
import { PageError, Web, type WebRequest } from './web';

/** How long a started sign-in may take at the issuer before it must start again. */
const FLOW_TTL_MS = 10 * 60_000;

/**
 * "Sign in with your organisation": OpenID Connect authorization code with
 * PKCE (S256) against the configured issuer. The state, the nonce and the
 * code verifier stay in the server-side session; the verified ID token is the
 * API credential of the session until it expires (the API accepts tokens of
 * that issuer for the console's client id), then the person signs in again.
 */
@Controller('sign-in/organisation')
export class OrganisationSignInController {
  private readonly logger = new Logger('web-oidc');
  private issuer?: Promise<oidc.Configuration>;

  constructor(private readonly web: Web) {}

  private settings() {
    const settings = this.web.config.web.oidc;
    if (!settings) throw new PageError(404);
    return settings;
  }

  /** The issuer's metadata, discovered once (again after a failure). */
  private configuration(): Promise<oidc.Configuration> {
    const settings = this.settings();
    this.issuer ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? oidc.ClientSecretPost(settings.clientSecret) : oidc.None(),
        // Plain http only outside production (the configuration refuses it there): a loopback issuer in tests.
        { execute: settings.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((err: unknown) => {
        this.issuer = undefined;
        throw err;
      });
    return this.issuer;
  }

  @Get()
  async start(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const settings = this.settings();
    const configuration = await this.configuration().catch((err: unknown) => this.unavailable(err));
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, startedAt: Date.now() };
    req.web.session.oidc = flow;
    await this.web.saveSession(req);
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUrl,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
      ui_locales: req.web.lang === 'cy' ? 'cy en' : 'en',
    });
    return this.web.redirect(reply, url.href);
  }

  @Get('callback')
  async callback(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const settings = this.settings();
    const flow = req.web.session.oidc;
    // Single use: whatever happens next, this sign-in attempt is over.
    delete req.web.session.oidc;
    await this.web.saveSession(req);
    const query = req.query as Record<string, unknown>;
    if (!flow || Date.now() - flow.startedAt > FLOW_TTL_MS || !csrfMatches(flow.state, query.state)) {
      return this.refuse(req, reply, 'signIn.organisationRefused', 400);
    }
    if (typeof query.error === 'string') return this.refuse(req, reply, 'signIn.organisationCancelled', 400);
    const configuration = await this.configuration().catch((err: unknown) => this.unavailable(err));
    // The address registered at the issuer, with the answer's parameters (the request's own host may be a proxy's).
    const currentUrl = new URL(settings.redirectUrl);
    currentUrl.search = new URL(req.url, 'http://console').search;
    let idToken: string;
    let expiresAt: number;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      idToken = tokens.id_token!;
      expiresAt = tokens.claims()!.exp * 1000;
    } catch (err) {
      this.logger.warn(`organisation sign-in refused: ${err instanceof Error ? err.message : String(err)}`);
      return this.refuse(req, reply, 'signIn.organisationRefused', 400);
    }
    const me = await createApiClient(this.web.config.web.apiUrl, { accessToken: idToken, headers: this.web.forwardingHeaders(req) }).GET('/api/v1/me');
    if (me.response.status === 401) return this.refuse(req, reply, 'signIn.organisationUnknown', 403);
    const { user, memberships } = this.web.ok(me);
    await this.web.startSession(req, reply, { userId: user.id, displayName: user.displayName, accessToken: idToken, accessExpiresAt: expiresAt, memberships });
    const only = memberships.length === 1 ? memberships[0] : undefined;
    return this.web.redirect(reply, only ? `/p/${encodeURIComponent(only.partnershipCode)}` : '/partnerships');
  }

  private unavailable(err: unknown): never {
    this.logger.error(`issuer not reachable: ${err instanceof Error ? err.message : String(err)}`);
    throw new PageError(503);
  }

  private refuse(req: WebRequest, reply: FastifyReply, notice: string, status: number) {
    return this.web.render(req, reply, 'sign-in', { values: {}, notice }, status);
  }
}
