import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { LocalAuthority } from '../partnerships/local-authority.entity';

/**
 * National reference data: the resident population of a principal council
 * in a year (the ONS mid-year estimate), loaded by a platform admin. Rates
 * per 1,000 residents are computed only from these rows: without one, the
 * figure says there is not enough data.
 */
@Entity('council_populations')
@Check('ck_council_populations_year', '"year" BETWEEN 1981 AND 2100')
@Check('ck_council_populations_population', '"population" > 0')
export class CouncilPopulation {
  /** ONS area code of the council, e.g. W06000011 (Swansea). */
  @PrimaryColumn('text')
  @ForeignKey(() => LocalAuthority, { onDelete: 'CASCADE' })
  code: string;

  /** The year of the mid-year estimate (30 June). */
  @PrimaryColumn('int')
  year: number;

  /** The name as the file gave it. */
  @Column('text')
  name: string;

  @Column('int')
  population: number;

  @Column('timestamptz', { default: () => 'now()' })
  loadedAt: Date;
}
