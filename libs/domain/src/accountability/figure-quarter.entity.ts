import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Partnership } from '../partnerships/partnership.entity';
import { References } from '../shared/columns';
import type { Counts } from './figure-definitions';

/**
 * The raw counts of one partnership's quarter (see figure-definitions.ts),
 * materialised by the worker's cross-partnership role so the oversight view
 * reads a few hundred rows instead of the records. Aggregates only: no
 * record, name, subject key or free text. One row per partnership and
 * quarter, replaced when recomputed.
 */
@Entity('figure_quarters')
@Index('ix_figure_quarters_quarter', ['quarterStart', 'partnershipId'])
export class FigureQuarter {
  @References(() => Partnership, 'CASCADE', { primary: true })
  partnershipId: string;

  @PrimaryColumn('date')
  quarterStart: string;

  @Column('date')
  quarterEnd: string;

  @Column('jsonb')
  counts: Counts;

  @Column('timestamptz')
  computedAt: Date;
}
