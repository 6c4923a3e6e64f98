import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, Clock, uuidv7, type AppConfig } from '@app/core';
import { loadSigningKeyPem } from './key-material';

/** `iss` of the tokens this system issues; `aud` they are for. */
export const LOCAL_TOKEN_ISSUER = 'urn:csp-tasking';
export const LOCAL_TOKEN_AUDIENCE = 'urn:csp-tasking:api';
export const LOCAL_TOKEN_ALGORITHM = 'ES256';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Seconds of clock skew allowed on `exp`. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** How many verified tokens a process remembers (a few hundred bytes each). */
export const VERIFIED_TOKENS_KEPT = 10_000;

export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
}

export interface LocalClaims {
  userId: string;
  issuedAt: Date;
}

interface VerifiedToken {
  claims: LocalClaims;
  /** `exp`, in seconds since the epoch. */
  expiresAt: number;
}

/** Short-lived access tokens for local accounts: ES256 JWTs signed with the instance's key. */
@Injectable()
export class TokensService implements OnModuleInit {
  private privateKey?: KeyObject;
  private publicKey?: KeyObject;
  private kid = '';
  private publicJwk?: JWK;
  /**
   * Tokens whose signature and claims were checked, by their exact text. The
   * ES256 check is the costliest step of an authenticated request and its
   * answer for one token and one key never changes, so it is made once per
   * token; expiry is checked again on every use. Only tokens that passed are
   * kept (a flood of bad ones cannot push good ones out), the key is loaded
   * once per process (so no entry outlives its key), and revocation is
   * unaffected: the account, its password change and its membership are read
   * from the database on every request.
   */
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS_KEPT });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const pem = await loadSigningKeyPem(this.config);
    this.privateKey = createPrivateKey(pem);
    if (this.privateKey.asymmetricKeyType !== 'ec' || this.privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new Error('AUTH_SIGNING_KEY must be an EC P-256 private key (ES256)');
    }
    this.publicKey = createPublicKey(this.privateKey);
    this.publicJwk = await exportJWK(this.publicKey);
    this.kid = await calculateJwkThumbprint(this.publicJwk);
  }

  /** The public key set of local tokens (for other services that verify them). */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.publicJwk, kid: this.kid, alg: LOCAL_TOKEN_ALGORITHM, use: 'sig' }] };
  }

  async issue(userId: string): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.config.auth.tokenTtlSeconds;
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: LOCAL_TOKEN_ALGORITHM, kid: this.kid, typ: 'at+jwt' })
      .setIssuer(LOCAL_TOKEN_ISSUER)
      .setAudience(LOCAL_TOKEN_AUDIENCE)
      .setSubject(userId)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(uuidv7())
      .sign(this.privateKey!);
    return { accessToken, expiresAt: new Date(exp * 1000) };
  }

  /**
   * The claims of a valid local token, or null (bad signature, algorithm,
   * issuer, audience, expired, a `kid` the key set does not hold, a subject
   * that is no user id...).
   */
  async verify(token: string): Promise<LocalClaims | null> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known) {
      // jose's rule for `exp`, with the same tolerance.
      if (known.expiresAt > now - CLOCK_TOLERANCE_SECONDS) return known.claims;
      this.verified.delete(token);
      return null;
    }
    const checked = await this.verifySignatureAndClaims(token);
    if (checked) this.verified.set(token, checked);
    return checked?.claims ?? null;
  }

  /** jose's full check of a token: signature, algorithm, issuer, audience, times, `kid`, subject. */
  private async verifySignatureAndClaims(token: string): Promise<VerifiedToken | null> {
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          if (header.kid !== this.kid) throw new Error('unknown kid');
          return this.publicKey!;
        },
        {
          issuer: LOCAL_TOKEN_ISSUER,
          audience: LOCAL_TOKEN_AUDIENCE,
          algorithms: [LOCAL_TOKEN_ALGORITHM],
          currentDate: this.clock.now(),
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['sub', 'exp', 'iat'],
        },
      );
      if (!UUID.test(payload.sub!)) return null;
      return { claims: { userId: payload.sub!, issuedAt: new Date(payload.iat! * 1000) }, expiresAt: payload.exp! };
    } catch {
      return null;
    }
  }
}
