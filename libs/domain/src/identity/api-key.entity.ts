import { Column, Entity, Index } from 'typeorm';
import { PartnershipRecord } from '../partnerships/partnership.entity';
import { NullableColumn } from '../shared/columns';

/**
 * A credential for a partner system, scoped to one partnership and to named
 * scopes. Only an HMAC-SHA-256 of the key (under a server-side secret) is
 * stored; the key itself is shown once, when created.
 */
@Entity('api_keys')
@Index('uq_api_keys_key_hash', ['keyHash'], { unique: true })
@Index('ix_api_keys_partnership_created', ['partnershipId', 'createdAt', 'id'])
export class ApiKey extends PartnershipRecord {
  @Column('text')
  name: string;

  /** The visible start of the key (e.g. `cspk_3f9a1c2b7d4e`), to recognise it in lists and logs. */
  @Column('text')
  prefix: string;

  /** Hex HMAC-SHA-256 of the whole key. */
  @Column('text')
  keyHash: string;

  @Column('text', { array: true })
  scopes: string[];

  @NullableColumn('uuid')
  createdByUserId: string | null;

  @NullableColumn('timestamptz')
  lastUsedAt: Date | null;

  @NullableColumn('timestamptz')
  revokedAt: Date | null;
}
