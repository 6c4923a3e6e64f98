import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ROLES, type Role } from '@app/core/security';
import { Agency } from '../partnerships/agency.entity';
import { Partnership } from '../partnerships/partnership.entity';
import { PartnershipOwned } from '../shared/columns';
import { User } from './user.entity';

/** A user's role in one partnership; a partner belongs to one of the partnership's agencies. */
@Entity('memberships')
@Index('uq_memberships_partnership_user', ['partnershipId', 'userId'], { unique: true })
@Index('ix_memberships_user', ['userId'])
@Index('ix_memberships_agency', ['agencyId'])
@Check('ck_memberships_role', `"role" IN (${ROLES.map((r) => `'${r}'`).join(', ')})`)
@Check('ck_memberships_partner_agency', `"role" <> 'partner' OR "agency_id" IS NOT NULL`)
export class Membership extends PartnershipOwned {
  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text')
  role: Role;

  @Column('uuid', { nullable: true })
  agencyId: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id' })
  agency?: Agency;
}
