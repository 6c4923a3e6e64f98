import { Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { TransactionHost, UnauthorizedProblem } from '@app/core';
import type { Principal } from '@app/core/security';
import { AuditService } from '../audit/audit.service';
import { ApiKeysService, looksLikeApiKey } from './api-keys.service';
import { LoginThrottle } from './login-throttle.service';
import type { Membership } from './membership.entity';
import { MembershipsService } from './memberships.service';
import { OidcVerifier } from './oidc-verifier.service';
import { LOCAL_TOKEN_ISSUER, TokensService, type IssuedToken } from './tokens.service';
import type { User } from './user.entity';
import { normaliseEmail, UsersService } from './users.service';

export interface Credentials {
  /** The value after `Bearer ` in the Authorization header: a JWT or an API key. */
  bearer?: string;
  /** The X-Api-Key header. */
  apiKey?: string;
}

const BAD_LOGIN = 'The e-mail address or password is not right.';

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
  ) {}

  /**
   * Signs a local account in. A wrong password and an unknown e-mail get the
   * same answer after the same work (a hash is always checked), and both
   * count against the account's and the address's failure limits.
   */
  async login(email: string, password: string, address: string): Promise<IssuedToken> {
    const normalised = normaliseEmail(email);
    await this.throttle.check(normalised, address);
    this.dummyHash ??= this.users.hasher.hash('not a password of anyone');
    const user = await this.tx.run(null, async () => {
      const found = await this.users.findByEmail(normalised);
      const hash = found ? await this.users.passwordHashOf(found.id) : null;
      const matches = await this.users.hasher.verify(password, hash ?? (await this.dummyHash!));
      const ok = matches && found !== null && hash !== null && found.disabledAt === null;
      await this.audit.record({
        action: ok ? 'auth.login_succeeded' : 'auth.login_failed',
        partnershipId: null,
        target: found ? { type: 'user', id: found.id } : undefined,
        actor: ok ? { type: 'user', id: found!.id } : { type: 'anonymous', id: null },
        details: { address, method: 'password' },
      });
      return ok ? found : null;
    });
    if (!user) {
      await this.throttle.recordFailure(normalised, address);
      throw new UnauthorizedProblem(BAD_LOGIN);
    }
    await this.throttle.recordSuccess(normalised, address);
    return this.tokens.issue(user.id);
  }

  /** The principal behind the credentials, or null when they are not valid (revoked, expired, unknown...). */
  async authenticate(credentials: Credentials): Promise<Principal | null> {
    const { bearer, apiKey } = credentials;
    if (bearer && apiKey) return null; // ambiguous: refuse rather than guess
    const key = apiKey ?? (bearer && looksLikeApiKey(bearer) ? bearer : undefined);
    if (key) {
      const found = await this.apiKeys.authenticate(key);
      return found
        ? { kind: 'api_key', apiKeyId: found.id, partnershipId: found.partnershipId, scopes: found.scopes, platformAdmin: false }
        : null;
    }
    if (!bearer) return null;
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(bearer).iss;
    } catch {
      return null;
    }
    let user: User | null = null;
    if (issuer === LOCAL_TOKEN_ISSUER) {
      const claims = await this.tokens.verify(bearer);
      if (!claims) return null;
      user = await this.tx.run(null, () => this.users.findById(claims.userId));
      // A password change ends the sessions begun before it.
      if (user?.passwordChangedAt && claims.issuedAt.getTime() < Math.floor(user.passwordChangedAt.getTime() / 1000) * 1000) return null;
    } else if (this.oidc.enabled && issuer === this.oidc.issuer) {
      const identity = await this.oidc.verify(bearer);
      if (!identity) return null;
      user = await this.tx.run(null, async () => {
        const bySubject = await this.users.findByExternalSubject(identity.issuer, identity.subject);
        if (bySubject) return bySubject;
        if (!identity.email) return null;
        const byEmail = await this.users.findByEmail(identity.email);
        if (!byEmail || byEmail.externalSubject) return null; // already linked to another identity
        await this.users.linkExternalIdentity(byEmail, identity.issuer, identity.subject);
        return byEmail;
      });
    }
    if (!user || user.disabledAt) return null;
    return { kind: 'user', userId: user.id, platformAdmin: user.platformAdmin };
  }

  /** A user's membership of a partnership, looked up before the request enters the partnership. */
  async membershipOf(userId: string, partnershipId: string): Promise<Membership | null> {
    return this.tx.run(null, () => this.memberships.find(partnershipId, userId), { userId });
  }
}
