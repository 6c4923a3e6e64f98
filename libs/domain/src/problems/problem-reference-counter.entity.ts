import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Partnership } from '../partnerships/partnership.entity';

/**
 * The last problem number given in a partnership. Taken with one
 * `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` in the creating
 * transaction: the row stays locked until that transaction ends, so
 * concurrent creations queue for it, and a rollback gives the number back
 * (references have no gaps).
 */
@Entity('problem_reference_counters')
export class ProblemReferenceCounter {
  @PrimaryColumn('uuid')
  partnershipId: string;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

  @Column('int')
  lastNumber: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
