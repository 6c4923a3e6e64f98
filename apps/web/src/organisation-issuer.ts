import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { PageError, Web } from './web';

/**
 * The organisation's OpenID Connect issuer, when one is configured: its
 * metadata, discovered once (again after a failure), for signing in and for
 * ending the session there on sign-out.
 */
@Injectable()
export class OrganisationIssuer {
  private readonly logger = new Logger('web-oidc');
  private issuer?: Promise<oidc.Configuration>;

  constructor(private readonly web: Web) {}

  /** The console's settings for the issuer (404 when none is configured). */
  settings() {
    const settings = this.web.config.web.oidc;
    if (!settings) throw new PageError(404);
    return settings;
  }

  configuration(): Promise<oidc.Configuration> {
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

  /**
   * Where to send a person signing out so their session at the issuer ends too
   * (RP-initiated logout), coming back to the sign-in page; null when the issuer
   * advertises no end_session_endpoint or cannot be reached (the console's own
   * session is ended either way).
   */
  async endSessionUrl(idToken: string): Promise<string | null> {
    try {
      const configuration = await this.configuration();
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(configuration, { id_token_hint: idToken, post_logout_redirect_uri: new URL('/sign-in', this.settings().redirectUrl).href })
        .href;
    } catch (err) {
      this.logger.warn(`no sign-out at the issuer: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }
}
