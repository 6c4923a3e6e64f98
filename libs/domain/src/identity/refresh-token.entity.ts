import { Column, Entity, Index } from 'typeorm';
import { NullableColumn, References } from '../shared/columns';
import { User } from './user.entity';

/**
 * One refresh token of a sign-in. Every token descended from the same
 * password sign-in shares a `familyId`; a token is used once (`usedAt`) and
 * replaced by the next; presenting a used one revokes the whole family. Only
 * the SHA-256 of the token is stored (it is 256 random bits, so a plain hash
 * is enough). Platform-wide like users: no partnership, no row-level policy.
 */
@Entity('refresh_tokens')
@Index('uq_refresh_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('ix_refresh_tokens_family', ['familyId'])
@Index('ix_refresh_tokens_user', ['userId'])
@Index('ix_refresh_tokens_expires', ['expiresAt'])
export class RefreshToken {
  @Column('uuid', { primary: true })
  id: string;

  @References(() => User, 'CASCADE')
  userId: string;

  @Column('uuid')
  familyId: string;

  /** Hex SHA-256 of the token. */
  @Column('text')
  tokenHash: string;

  /** When the family began (the password sign-in): a password change after it ends the family. */
  @Column('timestamptz')
  familyStartedAt: Date;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @NullableColumn('timestamptz')
  usedAt: Date | null;

  @NullableColumn('timestamptz')
  revokedAt: Date | null;
}
