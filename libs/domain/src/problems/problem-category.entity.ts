import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Partnership } from '../partnerships/partnership.entity';
import { References, Timestamps } from '../shared/columns';

/**
 * A category problems are filed under, from the partnership's own list
 * (seeded with DEFAULT_PROBLEM_CATEGORIES). Keyed by the partnership and a
 * slug, which problems store and filter on.
 */
@Entity('problem_categories')
@Index('ix_problem_categories_partnership_position', ['partnershipId', 'position', 'slug'])
export class ProblemCategory extends Timestamps {
  @References(() => Partnership, 'CASCADE', { primary: true })
  partnershipId: string;

  @PrimaryColumn('text')
  slug: string;

  @Column('text')
  name: string;

  /** Listing order: the seeded categories first, then those added, in order. */
  @Column('int')
  position: number;
}
