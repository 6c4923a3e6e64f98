import { Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { Clock, CommonErrors, isUuid, TransactionHost, type OpenTransaction } from '@app/core';
import type { Principal, Role } from '@app/core/security';
import { AuditService } from '../audit';
import { ApiKeysService, LAST_USED_RESOLUTION_MS, looksLikeApiKey } from './api-keys.service';
import { LoginThrottle } from './login-throttle.service';
import type { Membership } from './membership.entity';
import { MembershipsService } from './memberships.service';
import { OidcVerifier } from './oidc-verifier.service';
import { RequestContextRepository, type RequestContextLookup, type RequestContextRow } from './request-context.repository';
import { RefreshTokensService, type IssuedRefreshToken } from './refresh-tokens.service';
import { LOCAL_TOKEN_ISSUER, TokensService, type IssuedToken } from './tokens.service';
import type { User } from './user.entity';
import { normaliseEmail, UsersService } from './users.service';

export interface Credentials {
  /** The value after `Bearer ` in the Authorization header: a JWT or an API key. */
  bearer?: string;
  /** The X-Api-Key header. */
  apiKey?: string;
}

/** A caller authenticated for one request, with the request's transaction begun. */
export interface Authenticated {
  principal: Principal;
  /**
   * The request's transaction: begun, its tenant (the route's partnership)
   * and user set. Whoever received it finishes it (commit or rollback).
   */
  transaction: OpenTransaction;
  /** The route's partnership (null: the route names none, or none such exists). */
  partnership: { id: string; code: string } | null;
  /** The user's membership of that partnership (null: none, or an API key). */
  membership: { role: Role; agencyId: string | null } | null;
}

/** What credentials claim, checked without the database (`AuthenticationService.identify`). */
export interface Identified {
  /** The caller as the rate limit counts it: a user, an API key (by its keyed hash) or an external identity. */
  tracker: string;
  userId?: string;
  apiKeyHash?: string;
  /** When a local token was issued (a password change ends the tokens issued before it). */
  issuedAt?: Date;
  external?: { issuer: string; subject: string; email?: string | null };
}

const BAD_LOGIN = 'The e-mail address or password is not right.';
const BAD_EXCHANGE = "The token is not a fresh token of the organisation's sign-in for a known person: sign in again.";
/** How old a token of the external issuer may be when exchanged for a local sign-in. */
const EXCHANGE_MAX_AGE_SECONDS = 120;

/**
 * Turns credentials into a principal: local tokens, external (OIDC) tokens
 * and API keys; and signs local accounts in.
 */
@Injectable()
export class AuthenticationService {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly tx: TransactionHost,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly apiKeys: ApiKeysService,
    private readonly tokens: TokensService,
    private readonly oidc: OidcVerifier,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly contexts: RequestContextRepository,
    private readonly clock: Clock,
    private readonly refreshTokens: RefreshTokensService,
  ) {}

  /**
   * Signs a local account in. A wrong password and an unknown e-mail get the
   * same answer after the same work (a hash is always checked), and both
   * count against the account's and the address's failure limits.
   */
  async login(email: string, password: string, address: string): Promise<IssuedToken & IssuedRefreshToken> {
    const user = await this.verifyPassword(email, password, address);
    return { ...(await this.tokens.issue(user.id)), ...(await this.refreshTokens.startFamily(user.id)) };
  }

  /**
   * Signs a local account in for one access token and no refresh token: for
   * a short-lived session such as the queue board's, which never refreshes.
   */
  async loginWithoutRefresh(email: string, password: string, address: string): Promise<IssuedToken> {
    const user = await this.verifyPassword(email, password, address);
    return this.tokens.issue(user.id);
  }

  private async verifyPassword(email: string, password: string, address: string): Promise<User> {
    const normalised = normaliseEmail(email);
    await this.throttle.check(normalised, address);
    this.dummyHash ??= this.users.hasher.hash('not a password of anyone');
    const user = await this.tx.run(null, async () => {
      const found = await this.users.findByEmail(normalised);
      const hash = found ? await this.users.passwordHashOf(found.id) : null;
      const matches = await this.users.hasher.verify(password, hash ?? (await this.dummyHash!));
      return this.signedIn(found, matches && hash !== null, address, 'password');
    });
    if (!user) {
      await this.throttle.recordFailure(normalised, address);
      throw CommonErrors.unauthorized.error(BAD_LOGIN);
    }
    await this.throttle.recordSuccess(normalised, address);
    return user;
  }

  /**
   * Signs in the local account behind a fresh token of the external issuer
   * (the ID token of a console sign-in with the organisation, at most two
   * minutes old): a local access token and a refresh family, as a password
   * sign-in gets, so the session is renewed without the issuer.
   */
  async exchange(subjectToken: string, address: string): Promise<IssuedToken & IssuedRefreshToken> {
    const identity = await this.oidc.verify(subjectToken, { maxAgeSeconds: EXCHANGE_MAX_AGE_SECONDS });
    const user = identity && (await this.tx.run(null, async () => this.signedIn(await this.externalUser(identity), true, address, 'token_exchange')));
    if (!user) throw CommonErrors.unauthorized.error(BAD_EXCHANGE);
    return { ...(await this.tokens.issue(user.id)), ...(await this.refreshTokens.startFamily(user.id)) };
  }

  /** The account signed in (audited as such), or null when the credentials did not prove it or it is disabled (audited as a failure). */
  private async signedIn(found: User | null, proven: boolean, address: string, method: 'password' | 'token_exchange'): Promise<User | null> {
    const ok = proven && found !== null && found.disabledAt === null;
    await this.audit.record({
      action: ok ? 'auth.login_succeeded' : 'auth.login_failed',
      partnershipId: null,
      target: found ? { type: 'user', id: found.id } : undefined,
      actor: ok ? { type: 'user', id: found!.id } : { type: 'anonymous', id: null },
      details: { address, method },
    });
    return ok ? found : null;
  }

  /** Uses a refresh token (single use): a new access token and the next refresh token of the same sign-in. */
  async refresh(refreshToken: string): Promise<IssuedToken & IssuedRefreshToken> {
    const { userId, ...next } = await this.refreshTokens.rotate(refreshToken);
    return { ...(await this.tokens.issue(userId)), ...next };
  }

  /**
   * The principal behind the credentials, or null when they are not valid
   * (revoked, expired, unknown...): `identify` then `load`.
   */
  async authenticate(credentials: Credentials, route: { partnership?: string } = {}): Promise<Authenticated | null> {
    const identified = await this.identify(credentials);
    return identified && this.load(identified, route);
  }

  /**
   * Who the credentials claim to be, checked without the database: a token's
   * signature and lifetime, an API key's form and keyed hash. Null when they
   * cannot be valid. The answer's `tracker` names the caller for the rate
   * limit, so requests are counted before they take a database connection.
   */
  async identify(credentials: Credentials): Promise<Identified | null> {
    const { bearer, apiKey } = credentials;
    if (bearer && apiKey) return null; // ambiguous: refuse rather than guess
    const key = apiKey ?? (bearer && looksLikeApiKey(bearer) ? bearer : undefined);
    if (key) {
      const keyHash = this.apiKeys.hashOf(key);
      return keyHash ? { tracker: `key:${keyHash}`, apiKeyHash: keyHash } : null;
    }
    if (!bearer) return null;
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(bearer).iss;
    } catch {
      return null;
    }
    if (issuer === LOCAL_TOKEN_ISSUER) {
      const claims = await this.tokens.verify(bearer);
      return claims && { tracker: `user:${claims.userId}`, userId: claims.userId, issuedAt: claims.issuedAt };
    }
    if (this.oidc.enabled && issuer === this.oidc.issuer) {
      const identity = await this.oidc.verify(bearer);
      return identity && { tracker: `external:${identity.issuer} ${identity.subject}`, external: identity };
    }
    return null;
  }

  /**
   * Begins the request's transaction and, in one statement, loads the user
   * or API key, the route's partnership (`partnership`: its id or code) and
   * the membership, setting the transaction's tenant. Looked up afresh on
   * every request, so a revocation or a disabled account counts at once.
   * Null (and no transaction) when the caller is not, or no longer, valid.
   */
  async load(identified: Identified, route: { partnership?: string } = {}): Promise<Authenticated | null> {
    const lookup: RequestContextLookup = {
      now: this.clock.now(),
      keyTouchAfterMs: LAST_USED_RESOLUTION_MS,
      userId: identified.userId,
      apiKeyHash: identified.apiKeyHash,
    };
    if (route.partnership !== undefined) {
      if (isUuid(route.partnership)) lookup.partnershipId = route.partnership.toLowerCase();
      else lookup.partnershipCode = route.partnership.toLowerCase();
    }
    const { external, issuedAt } = identified;
    const transaction = await this.tx.begin();
    try {
      const context = await this.tx.within(transaction, async () => {
        if (external) {
          const user = await this.externalUser(external);
          if (!user) return null;
          lookup.userId = user.id;
        }
        return this.contexts.load(lookup);
      });
      const principal = context && this.principalOf(context, lookup.userId, issuedAt);
      if (!context || !principal) {
        await transaction.rollback();
        return null;
      }
      transaction.partnershipId = context.partnership?.id ?? null;
      transaction.userId = lookup.userId ?? null;
      return { principal, transaction, partnership: context.partnership, membership: context.membership };
    } catch (err) {
      await transaction.rollback();
      throw err;
    }
  }

  private principalOf(context: RequestContextRow, userId: string | undefined, issuedAt: Date | undefined): Principal | null {
    const { apiKey, user } = context;
    if (apiKey) {
      if (apiKey.revoked) return null;
      return { kind: 'api_key', apiKeyId: apiKey.id, partnershipId: apiKey.partnershipId, scopes: apiKey.scopes, platformAdmin: false };
    }
    if (!user || user.disabled) return null;
    // A password change ends the sessions begun before it.
    if (issuedAt && user.passwordChangedAtSeconds !== null && issuedAt.getTime() < user.passwordChangedAtSeconds * 1000) return null;
    // A member of a national or regional board sees aggregates only (see the oversight grants).
    if (!user.platformAdmin && (user.oversightAll || user.oversightPartnershipIds.length > 0)) {
      return { kind: 'oversight', userId, platformAdmin: false, oversight: { all: user.oversightAll, partnershipIds: user.oversightPartnershipIds } };
    }
    return { kind: 'user', userId, platformAdmin: user.platformAdmin };
  }

  /** The local account behind an external identity, linked by e-mail address on first use. */
  private async externalUser(identity: { issuer: string; subject: string; email?: string | null }): Promise<User | null> {
    const bySubject = await this.users.findByExternalSubject(identity.issuer, identity.subject);
    if (bySubject) return bySubject;
    if (!identity.email) return null;
    const byEmail = await this.users.findByEmail(identity.email);
    if (!byEmail || byEmail.externalSubject) return null; // already linked to another identity
    await this.users.linkExternalIdentity(byEmail, identity.issuer, identity.subject);
    return byEmail;
  }

  /** A user's membership of a partnership, looked up before the request enters the partnership. */
  async membershipOf(userId: string, partnershipId: string): Promise<Membership | null> {
    return this.tx.run(null, () => this.memberships.find(partnershipId, userId), { userId });
  }
}
