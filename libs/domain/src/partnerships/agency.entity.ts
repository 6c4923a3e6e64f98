import { Check, Column, Entity, Index } from 'typeorm';
import { AGENCY_KINDS, type AgencyKind } from './partnership.constants';
import { PartnershipRecord } from './partnership.entity';

/** A responsible authority, co-operating body or provider taking part in a partnership. */
@Entity('agencies')
@Index('uq_agencies_partnership_name', ['partnershipId', 'name'], { unique: true })
@Index('ix_agencies_partnership_created', ['partnershipId', 'createdAt', 'id'])
@Check('ck_agencies_kind', `"kind" IN (${AGENCY_KINDS.map((k) => `'${k}'`).join(', ')})`)
export class Agency extends PartnershipRecord {
  @Column('text')
  name: string;

  @Column('text')
  kind: AgencyKind;
}
