import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Partnership } from '../partnerships/partnership.entity';
import { PartnershipOwned } from '../shared/columns';

/**
 * A credential for a partner system, scoped to one partnership and to named
 * scopes. Only an HMAC-SHA-256 of the key (under a server-side secret) is
 * stored; the key itself is shown once, when created.
 */
@Entity('api_keys')
@Index('uq_api_keys_key_hash', ['keyHash'], { unique: true })
@Index('ix_api_keys_partnership_created', ['partnershipId', 'createdAt', 'id'])
export class ApiKey extends PartnershipOwned {
  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

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

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
