import { applyDecorators } from '@nestjs/common';
import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type ColumnOptions,
  type ColumnType,
  type ObjectType,
  type RelationOptions,
} from 'typeorm';
import { uuidv7 } from '@app/core/ids';

/** A column that may be NULL: `@NullableColumn('uuid')` is `@Column('uuid', { nullable: true })`. */
export function NullableColumn(type: ColumnType, options: Omit<ColumnOptions, 'type' | 'nullable'> = {}): PropertyDecorator {
  return Column({ ...options, type, nullable: true });
}

/**
 * The relation of a foreign key: `@BelongsTo(() => Problem, 'problem_id', 'RESTRICT')` is
 * `@ManyToOne(() => Problem, { onDelete: 'RESTRICT' })` with `@JoinColumn({ name: 'problem_id' })`.
 * The key column itself is declared beside it (`@Column('uuid') problemId`), so that code reads and
 * writes the id without loading the relation.
 */
export function BelongsTo<T>(target: () => ObjectType<T>, joinColumn: string, onDelete: NonNullable<RelationOptions['onDelete']>): PropertyDecorator {
  return applyDecorators(ManyToOne(target, { onDelete }), JoinColumn({ name: joinColumn }));
}

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

/**
 * Every partnership-owned row: scoped in code and by row-level security. Rows
 * whose partnership_id is also a foreign key extend PartnershipRecord
 * (partnerships/partnership.entity.ts).
 */
export abstract class PartnershipOwned extends Timestamped {
  @Column('uuid')
  partnershipId: string;
}

/**
 * A row of a partnership's append-only history (stage and status changes,
 * addenda): its UUIDv7 key given by the writer, its own time column instead
 * of the two timestamps.
 */
export abstract class PartnershipHistoryRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  partnershipId: string;
}
