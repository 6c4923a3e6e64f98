import { Check, Column, Entity, Index, VersionColumn } from 'typeorm';
import { NullableColumn, Timestamped } from '../shared/columns';

/**
 * A person who signs in: a local account (e-mail and password) or an
 * external identity (OIDC subject) mapped to it. Users are not owned by a
 * partnership; memberships give them roles in partnerships.
 */
@Entity('users')
@Index('uq_users_email', ['email'], { unique: true })
@Index('uq_users_external_identity', ['externalIssuer', 'externalSubject'], { unique: true, where: '"external_subject" IS NOT NULL' })
@Check('ck_users_email_lower', '"email" = lower("email")')
export class User extends Timestamped {
  /** Stored lower-cased. */
  @Column('text')
  email: string;

  @Column('text')
  displayName: string;

  /**
   * scrypt hash (see PasswordHasher); null for accounts that only sign in through the external issuer.
   * Never loaded: the runtime roles cannot read the column; UsersService.passwordHashOf() asks the database.
   */
  @NullableColumn('text', { select: false })
  passwordHash?: string | null;

  @Column('boolean', { default: false })
  platformAdmin: boolean;

  @NullableColumn('text')
  externalIssuer: string | null;

  @NullableColumn('text')
  externalSubject: string | null;

  /** A disabled account cannot sign in, and its tokens stop working. */
  @NullableColumn('timestamptz')
  disabledAt: Date | null;

  @NullableColumn('timestamptz')
  passwordChangedAt: Date | null;

  /**
   * The oversight principal (a member of the national or a regional board):
   * granted by a platform admin, for every partnership or for those listed.
   * Such a user sees only aggregated figures, never a partnership's records.
   */
  @Column('boolean', { default: false })
  oversightAll: boolean;

  @Column('uuid', { array: true, default: () => `'{}'` })
  oversightPartnershipIds: string[];

  @VersionColumn({ default: 1 })
  version: number;
}
