import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { References } from '../shared/columns';
import { Partnership } from './partnership.entity';

/** National reference data: a principal council and the partnership it belongs to. */
@Entity('local_authorities')
export class LocalAuthority {
  /** ONS area code, e.g. W06000015 (Cardiff). */
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Index('ix_local_authorities_partnership')
  @References(() => Partnership, 'RESTRICT')
  partnershipId: string;

  @Column('text')
  policeForce: string;

  @Column('text')
  fireAndRescueService: string;

  @Column('text')
  healthBoard: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
