import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { APP_CONFIG, Clock, type AppConfig } from '@app/core';

export interface ExternalIdentity {
  issuer: string;
  subject: string;
  email: string | null;
}

/**
 * Verifies bearer JWTs from the configured external OIDC issuer through its
 * JWKS: algorithms pinned (never `none` or HMAC), `iss`, `aud` and `exp`
 * checked with at most 60 s leeway. A token whose `kid` is not in the cached
 * key set makes one refetch of the set (no more often than the cooldown).
 */
@Injectable()
export class OidcVerifier {
  private readonly logger = new Logger('OIDC');
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const oidc = config.auth.oidc;
    if (oidc) {
      this.jwks = createRemoteJWKSet(new URL(oidc.jwksUrl), {
        cooldownDuration: oidc.jwksCooldownSeconds * 1000,
        cacheMaxAge: 10 * 60 * 1000,
        timeoutDuration: 5000,
      });
    }
  }

  get enabled(): boolean {
    return this.jwks !== undefined;
  }

  get issuer(): string | undefined {
    return this.config.auth.oidc?.issuer;
  }

  /** `maxAgeSeconds`: also refuse a token issued longer ago than that (its `iat`). */
  async verify(token: string, options: { maxAgeSeconds?: number } = {}): Promise<ExternalIdentity | null> {
    const oidc = this.config.auth.oidc;
    if (!oidc || !this.jwks) return null;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: oidc.issuer,
        audience: oidc.audience,
        algorithms: oidc.algorithms,
        clockTolerance: Math.min(oidc.clockToleranceSeconds, 60),
        currentDate: this.clock.now(),
        requiredClaims: options.maxAgeSeconds === undefined ? ['sub', 'exp'] : ['sub', 'exp', 'iat'],
        ...(options.maxAgeSeconds === undefined ? {} : { maxTokenAge: options.maxAgeSeconds }),
      }));
    } catch (err) {
      if (!(err instanceof errors.JOSEError) || err instanceof errors.JWKSTimeout) {
        this.logger.warn(`external token not verified: ${err instanceof Error ? err.message : String(err)}`);
      }
      return null;
    }
    const emailValue = payload[oidc.emailClaim];
    const email = typeof emailValue === 'string' && payload.email_verified !== false ? emailValue.toLowerCase() : null;
    return { issuer: oidc.issuer, subject: String(payload.sub), email };
  }
}
