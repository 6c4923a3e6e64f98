import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import { RefreshToken } from './refresh-token.entity';

export interface RefreshTokenRow {
  id: string;
  userId: string;
  familyId: string;
  familyStartedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

interface RawRow {
  id: string;
  user_id: string;
  family_id: string;
  family_started_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

const toRow = (r: RawRow): RefreshTokenRow => ({
  id: r.id,
  userId: r.user_id,
  familyId: r.family_id,
  familyStartedAt: r.family_started_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  revokedAt: r.revoked_at,
});

const COLUMNS = 'id, user_id, family_id, family_started_at, expires_at, used_at, revoked_at';

/** Every query on refresh_tokens. */
@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(row: Omit<RefreshTokenRow, 'usedAt' | 'revokedAt'> & { tokenHash: string; createdAt: Date }): Promise<void> {
    await this.tx.manager.getRepository(RefreshToken).insert({ ...row, usedAt: null, revokedAt: null });
  }

  /**
   * Marks the live token with this hash used, atomically: of two concurrent
   * uses exactly one gets the row back.
   */
  async markUsed(tokenHash: string, now: Date): Promise<RefreshTokenRow | null> {
    const [rows] = (await this.tx.manager.query(
      `UPDATE refresh_tokens SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
        RETURNING ${COLUMNS}`,
      [tokenHash, now],
    )) as [RawRow[], number];
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM refresh_tokens WHERE token_hash = $1`, [tokenHash])) as RawRow[];
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Revokes every live token of a family; the number revoked. */
  async revokeFamily(familyId: string, now: Date): Promise<number> {
    const [, count] = (await this.tx.manager.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [
      familyId,
      now,
    ])) as [unknown, number];
    return count;
  }

  /** Deletes tokens that expired before `before` (housekeeping). */
  async deleteExpired(before: Date): Promise<number> {
    const [, count] = (await this.tx.manager.query(`DELETE FROM refresh_tokens WHERE expires_at < $1`, [before])) as [unknown, number];
    return count;
  }
}
