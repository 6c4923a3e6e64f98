import { BeforeInsert, Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { uuidv7 } from '@app/core/ids';

/** UUIDv7 key generated in the application, and the two timestamps every table carries. */
export abstract class Timestamped {
  @PrimaryColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @BeforeInsert()
  protected assignId(): void {
    if (!this.id) this.id = uuidv7();
  }
}

/** Every partnership-owned row: scoped in code and by row-level security. */
export abstract class PartnershipOwned extends Timestamped {
  @Column('uuid')
  partnershipId: string;
}
