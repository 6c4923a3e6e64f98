import { Check, Column, Entity, Index } from 'typeorm';
import { ROLES, type Role } from '@app/core/security';
import { Agency } from '../partnerships/agency.entity';
import { PartnershipRecord } from '../partnerships/partnership.entity';
import { References } from '../shared/columns';
import { User } from './user.entity';

/** A user's role in one partnership; a partner belongs to one of the partnership's agencies. */
@Entity('memberships')
@Index('uq_memberships_partnership_user', ['partnershipId', 'userId'], { unique: true })
@Index('ix_memberships_user', ['userId'])
@Index('ix_memberships_agency', ['agencyId'])
@Check('ck_memberships_role', `"role" IN (${ROLES.map((r) => `'${r}'`).join(', ')})`)
@Check('ck_memberships_partner_agency', `"role" <> 'partner' OR "agency_id" IS NOT NULL`)
export class Membership extends PartnershipRecord {
  @References(() => User, 'CASCADE')
  userId: string;

  @Column('text')
  role: Role;

  @References(() => Agency, 'RESTRICT', { nullable: true })
  agencyId: string | null;
}
