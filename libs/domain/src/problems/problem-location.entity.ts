import { Check, Column, Entity, Index } from 'typeorm';
import { NullableColumn, PartnershipOwned, References } from '../shared/columns';
import { Problem } from './problem.entity';

/** One location of a problem, in the order given. The `locationCode` filter reads the code index. */
@Entity('problem_locations')
@Index('uq_problem_locations_problem_position', ['problemId', 'position'], { unique: true })
@Index('ix_problem_locations_partnership_code', ['partnershipId', 'code', 'problemId'], { where: '"code" IS NOT NULL' })
@Check('ck_problem_locations_coordinates', '("lat" IS NULL) = ("lng" IS NULL) AND ("lat" IS NULL OR ("lat" BETWEEN -90 AND 90 AND "lng" BETWEEN -180 AND 180))')
export class ProblemLocation extends PartnershipOwned {
  @References(() => Problem, 'CASCADE')
  problemId: string;

  @Column('int')
  position: number;

  /** An ONS code (ward, LSOA) or a local code, upper case. */
  @NullableColumn('text')
  code: string | null;

  @Column('text')
  label: string;

  @NullableColumn('double precision')
  lat: number | null;

  @NullableColumn('double precision')
  lng: number | null;
}
