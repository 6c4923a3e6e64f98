import { applyDecorators } from '@nestjs/common';
import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  ForeignKey,
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
 * A uuid column that is a foreign key: `@References(() => Problem, 'RESTRICT') problemId: string`
 * is `@Column('uuid')` with TypeORM's `@ForeignKey(() => Problem, { onDelete: 'RESTRICT' })`.
 * `{ nullable: true }` for an optional key, `{ primary: true }` for one in the primary key. No
 * relation is declared: code reads and writes the id and never loads the row it references.
 */
export function References<T>(
  target: () => ObjectType<T>,
  onDelete: NonNullable<RelationOptions['onDelete']>,
  key: { nullable?: true; primary?: true } = {},
): PropertyDecorator {
  const column = key.primary ? PrimaryColumn('uuid') : key.nullable ? NullableColumn('uuid') : Column('uuid');
  return applyDecorators(column, ForeignKey(target, { onDelete }));
}

/** The two timestamps every table carries. */
export abstract class Timestamps {
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** UUIDv7 key generated in the application, and the two timestamps. */
export abstract class Timestamped extends Timestamps {
  @PrimaryColumn('uuid')
  id: string;

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

/**
 * A history row that records a change (of a stage, of a status): who made it,
 * as the kind of caller (a user, an API key, the system) and its id, and when.
 */
export abstract class PartnershipChangeRow extends PartnershipHistoryRow {
  @Column('text')
  actorType: string;

  @NullableColumn('uuid')
  actorId: string | null;

  @Column('timestamptz')
  changedAt: Date;
}
