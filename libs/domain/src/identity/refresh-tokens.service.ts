import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, CommonErrors, TransactionHost, uuidv7, type AppConfig } from '@app/core';
import { AuditService } from '../audit';
import { RefreshTokensRepository, type RefreshTokenRow } from './refresh-tokens.repository';
import { UsersRepository } from './users.repository';

/** Every refresh token starts with this (recognisable by secret scanners). */
export const REFRESH_TOKEN_PREFIX = 'csprt_';
const TOKEN_PATTERN = /^csprt_[A-Za-z0-9_-]{43}$/;
const BAD_REFRESH = 'The refresh token is not valid: sign in again.';

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface IssuedRefreshToken {
  refreshToken: string;
  refreshExpiresAt: Date;
}

/**
 * Refresh tokens of local sign-ins: single use and rotated (each use returns
 * the next one of the same family); a used token presented again is taken
 * as stolen and revokes the whole family; a family never outlives
 * `auth.refreshFamilyTtlSeconds` from its sign-in.
 */
@Injectable()
export class RefreshTokensService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly repository: RefreshTokensRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The first token of a new family (a password sign-in). */
  async startFamily(userId: string): Promise<IssuedRefreshToken> {
    const now = this.clock.now();
    return this.tx.run(null, () => this.issue({ userId, familyId: uuidv7(), familyStartedAt: now }, now));
  }

  /**
   * Uses a refresh token: the user it belongs to and the next token of its
   * family. A used, revoked, expired or unknown token: 401 (a used one also
   * revokes its family, committed before the refusal).
   */
  async rotate(token: string): Promise<{ userId: string } & IssuedRefreshToken> {
    if (!TOKEN_PATTERN.test(token)) throw CommonErrors.unauthorized.error(BAD_REFRESH);
    const tokenHash = hashRefreshToken(token);
    const now = this.clock.now();
    const outcome = await this.tx.run(null, async () => {
      const used = await this.repository.markUsed(tokenHash, now);
      if (!used) {
        const found = await this.repository.findByHash(tokenHash);
        if (found?.usedAt && !found.revokedAt) {
          const revoked = await this.repository.revokeFamily(found.familyId, now);
          await this.audit.record({
            action: 'auth.refresh_token_reused',
            partnershipId: null,
            target: { type: 'user', id: found.userId },
            actor: { type: 'anonymous', id: null },
            details: { familyId: found.familyId, revoked },
          });
        }
        return null;
      }
      const user = await this.users.find(used.userId);
      const passwordChangedAfter = user?.passwordChangedAt && user.passwordChangedAt.getTime() > used.familyStartedAt.getTime();
      if (!user || user.disabledAt || passwordChangedAfter) {
        await this.repository.revokeFamily(used.familyId, now);
        return null;
      }
      return { userId: used.userId, ...(await this.issue(used, now)) };
    });
    if (!outcome) throw CommonErrors.unauthorized.error(BAD_REFRESH);
    return outcome;
  }

  /** Ends the session the token belongs to (its whole family). Unknown tokens are ignored (RFC 7009). */
  async revoke(token: string): Promise<void> {
    if (!TOKEN_PATTERN.test(token)) return;
    const now = this.clock.now();
    await this.tx.run(null, async () => {
      const found = await this.repository.findByHash(hashRefreshToken(token));
      if (!found || found.revokedAt) return;
      await this.repository.revokeFamily(found.familyId, now);
      await this.audit.record({
        action: 'auth.signed_out',
        partnershipId: null,
        target: { type: 'user', id: found.userId },
        actor: { type: 'user', id: found.userId },
        details: { familyId: found.familyId },
      });
    });
  }

  private async issue(family: Pick<RefreshTokenRow, 'userId' | 'familyId' | 'familyStartedAt'>, now: Date): Promise<IssuedRefreshToken> {
    const refreshToken = `${REFRESH_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const { refreshTtlSeconds, refreshFamilyTtlSeconds } = this.config.auth;
    const expiresAt = new Date(Math.min(now.getTime() + refreshTtlSeconds * 1000, family.familyStartedAt.getTime() + refreshFamilyTtlSeconds * 1000));
    await this.repository.insert({
      id: uuidv7(),
      userId: family.userId,
      familyId: family.familyId,
      familyStartedAt: family.familyStartedAt,
      tokenHash: hashRefreshToken(refreshToken),
      createdAt: now,
      expiresAt,
    });
    return { refreshToken, refreshExpiresAt: expiresAt };
  }
}
