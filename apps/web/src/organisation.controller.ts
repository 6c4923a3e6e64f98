import { Controller, Get, Logger, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import * as oidc from 'openid-client';
import { createApiClient } from '@app/api-client';
import { OrganisationIssuer } from './organisation-issuer';
import { csrfMatches } from './session';
import { PageError, Web, type WebRequest } from './web';

/** How long a started sign-in may take at the issuer before it must start again. */
const FLOW_TTL_MS = 10 * 60_000;

/**
 * "Sign in with your organisation": OpenID Connect authorization code with
 * PKCE (S256) against the configured issuer. The state, the nonce and the
 * code verifier stay in the server-side session. The verified ID token is
 * exchanged at once for the API's own sign-in (grantType token_exchange:
 * an access token and a refresh token, renewed like a password sign-in's for
 * a working day); it is kept in the session only as the hint for ending the
 * session at the issuer on sign-out.
 */
@Controller('sign-in/organisation')
export class OrganisationSignInController {
  private readonly logger = new Logger('web-oidc');

  constructor(
    private readonly web: Web,
    private readonly issuer: OrganisationIssuer,
  ) {}

  private settings() {
    return this.issuer.settings();
  }

  private configuration(): Promise<oidc.Configuration> {
    return this.issuer.configuration();
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
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      idToken = tokens.id_token!;
    } catch (err) {
      this.logger.warn(`organisation sign-in refused: ${err instanceof Error ? err.message : String(err)}`);
      return this.refuse(req, reply, 'signIn.organisationRefused', 400);
    }
    // The API signs the person in on the ID token (401: nobody it knows).
    const exchanged = await this.web.anonymousApi(req).POST('/api/v1/auth/token', { body: { grantType: 'token_exchange', subjectToken: idToken } });
    if (exchanged.response.status === 401) return this.refuse(req, reply, 'signIn.organisationUnknown', 403);
    const token = this.web.ok(exchanged);
    const { user, memberships } = this.web.ok(
      await createApiClient(this.web.config.web.apiUrl, { accessToken: token.accessToken, headers: this.web.forwardingHeaders(req) }).GET('/api/v1/me'),
    );
    await this.web.startSession(req, reply, {
      userId: user.id,
      displayName: user.displayName,
      accessToken: token.accessToken,
      accessExpiresAt: new Date(token.expiresAt).getTime(),
      refreshToken: token.refreshToken,
      memberships,
      organisationIdToken: idToken,
    });
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
