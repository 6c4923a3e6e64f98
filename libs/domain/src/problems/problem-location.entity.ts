import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { PartnershipOwned } from '../shared/columns';
import { Problem } from './problem.entity';

/** One location of a problem, in the order given. The `locationCode` filter reads the code index. */
@Entity('problem_locations')
@Index('uq_problem_locations_problem_position', ['problemId', 'position'], { unique: true })
@Index('ix_problem_locations_partnership_code', ['partnershipId', 'code', 'problemId'], { where: '"code" IS NOT NULL' })
@Check('ck_problem_locations_coordinates', '("lat" IS NULL) = ("lng" IS NULL) AND ("lat" IS NULL OR ("lat" BETWEEN -90 AND 90 AND "lng" BETWEEN -180 AND 180))')
export class ProblemLocation extends PartnershipOwned {
  @Column('uuid')
  problemId: string;

  @ManyToOne(() => Problem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'problem_id' })
  problem?: Problem;

  @Column('int')
  position: number;

  /** An ONS code (ward, LSOA) or a local code, upper case. */
  @Column('text', { nullable: true })
  code: string | null;

  @Column('text')
  label: string;

  @Column('double precision', { nullable: true })
  lat: number | null;

  @Column('double precision', { nullable: true })
  lng: number | null;
}
