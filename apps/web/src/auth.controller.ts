import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { createApiClient } from '@app/api-client';
import { FormErrors, text, type FormBody } from './forms';
import { isLanguage } from './i18n';
import { OrganisationIssuer } from './organisation-issuer';
import { Web, type WebRequest } from './web';

/** Sign-in, sign-out, the language switch and the partnership picker. */
@Controller()
export class AuthController {
  constructor(
    private readonly web: Web,
    private readonly issuer: OrganisationIssuer,
  ) {}

  @Get()
  async root(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.web.redirect(reply, req.web.session.accessToken ? '/partnerships' : '/sign-in');
  }

  @Get('sign-in')
  async signInForm(@Req() req: WebRequest, @Res() reply: FastifyReply, @Query('expired') expired?: string) {
    if (req.web.session.accessToken) return this.web.redirect(reply, '/partnerships');
    return this.web.render(req, reply, 'sign-in', { values: {}, notice: expired ? 'signIn.expired' : undefined });
  }

  @Post('sign-in')
  async signIn(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const body = (req.body ?? {}) as FormBody;
    const i18n = this.web.translator(req);
    const email = text(body, 'email');
    const password = typeof body.password === 'string' ? body.password : '';
    const errors = new FormErrors();
    if (!email) errors.add('email', i18n.t('error.required', { field: i18n.t('signIn.email').toLowerCase() }));
    if (!password) errors.add('password', i18n.t('error.required', { field: i18n.t('signIn.password').toLowerCase() }));
    if (!errors.any) {
      const api = this.web.anonymousApi(req);
      const result = await api.POST('/api/v1/auth/token', { body: { grantType: 'password', email, password } });
      if (result.data) {
        const token = result.data;
        const me = this.web.ok(await createApiClient(this.web.config.web.apiUrl, { accessToken: token.accessToken }).GET('/api/v1/me'));
        await this.web.startSession(req, reply, {
          userId: me.user.id,
          displayName: me.user.displayName,
          accessToken: token.accessToken,
          accessExpiresAt: new Date(token.expiresAt).getTime(),
          refreshToken: token.refreshToken,
          memberships: me.memberships,
        });
        const only = me.memberships.length === 1 ? me.memberships[0] : undefined;
        return this.web.redirect(reply, only ? `/p/${encodeURIComponent(only.partnershipCode)}` : '/partnerships');
      }
      if (result.response.status === 429) {
        errors.add('email', i18n.t('signIn.throttled', { seconds: result.response.headers.get('retry-after') ?? '60' }));
      } else if (result.response.status >= 500) {
        errors.add('email', i18n.t('error.unavailable'));
      } else {
        errors.add('email', i18n.t('signIn.bad'));
      }
    }
    return this.web.render(req, reply, 'sign-in', { values: { email }, errors }, errors.any ? 400 : 200);
  }

  @Post('sign-out')
  async signOut(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const idToken = req.web.session.organisationIdToken;
    await this.web.endSession(req, reply);
    await this.web.flash(req, 'signIn.signedOut');
    // Signed in with the organisation: its session ends at the issuer too, which sends the person back here.
    const atIssuer = idToken ? await this.issuer.endSessionUrl(idToken) : null;
    return this.web.redirect(reply, atIssuer ?? '/sign-in');
  }

  /** A plain link works without JavaScript; only same-site paths are returned to. */
  @Get('language')
  async language(@Req() req: WebRequest, @Res() reply: FastifyReply, @Query('lang') lang?: string, @Query('return') back?: string) {
    if (isLanguage(lang)) this.web.setLanguage(reply, lang);
    const target = typeof back === 'string' && back.startsWith('/') && !back.startsWith('//') ? back : '/';
    return this.web.redirect(reply, target);
  }

  @Get('partnerships')
  async picker(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const api = await this.web.api(req);
    const me = this.web.ok(await api.GET('/api/v1/me'));
    req.web.session.memberships = me.memberships;
    await this.web.saveSession(req);
    return this.web.render(req, reply, 'partnerships', { memberships: me.memberships });
  }
}
