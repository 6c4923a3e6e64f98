import type { MigrationInterface, QueryRunner } from 'typeorm';
import { statement } from './statement';

// Changing what a helper here executes changes landed migrations, which the guard refuses (see index.ts).

/** A statement and the parameters it is run with, if any. */
export interface Query {
  sql: string;
  parameters?: unknown[];
}

/**
 * One step of a schema change as TypeORM's migration generator writes it: the
 * statement that makes it and the one that undoes it. A migration lists its
 * steps in order; up() makes them (applyChanges) and down() undoes them in the
 * reverse order (revertChanges), which is how the generator writes down().
 */
export interface SchemaChange {
  make: Query;
  undo: Query;
}

/** What ON DELETE does to the rows that reference a deleted row. */
export type OnDelete = 'CASCADE' | 'RESTRICT' | 'NO ACTION' | 'SET NULL';

/** A statement laid out as the generator writes one (12 spaces in a method body). */
function generated(...lines: string[]): Query {
  return { sql: statement(12, ...lines) };
}

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

/** The columns every Timestamped entity starts with (libs/domain/src/shared/columns.ts), as a CREATE TABLE lists them. */
export const TIMESTAMPED_COLUMNS = [
  '"id" uuid NOT NULL',
  '"created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()',
  '"updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()',
].join(',\n                ');

/** The columns every PartnershipOwned entity starts with: the Timestamped ones and its partnership. */
export const PARTNERSHIP_OWNED_COLUMNS = `${TIMESTAMPED_COLUMNS},\n                "partnership_id" uuid NOT NULL`;

/**
 * CREATE TABLE `name` with `definition`: its columns and constraints, one a
 * line, exactly as the statement lists them (16 spaces in; the template
 * literal's first and last line breaks are not part of it). A definition may
 * start with TIMESTAMPED_COLUMNS or PARTNERSHIP_OWNED_COLUMNS.
 */
export function createTable(name: string, definition: string): SchemaChange {
  const lines = definition.replace(/^\n/, '').replace(/\n *$/, '');
  return {
    make: { sql: `\n            CREATE TABLE "${name}" (\n${lines}\n            )\n        ` },
    undo: generated(`DROP TABLE "${name}"`),
  };
}

export interface IndexOptions {
  unique?: boolean;
  /** The index method (USING), where it is not the default. */
  using?: string;
  /** The WHERE of a partial index: its first line, then any further lines (four spaces further in). */
  where?: string | readonly string[];
  /**
   * The generator's formatter puts the columns one a line when their list,
   * parentheses included, is longer than 50 characters; `inline` keeps a
   * longer list on one line, where a migration was written so by hand.
   */
  inline?: boolean;
}

/** CREATE INDEX `name` on `columns` of `table`. */
export function createIndex(table: string, name: string, columns: readonly string[], options: IndexOptions = {}): SchemaChange {
  const { unique = false, using, where = [], inline = false } = options;
  const head = `CREATE ${unique ? 'UNIQUE ' : ''}INDEX "${name}" ON "${table}" ${using ? `USING ${using} ` : ''}`;
  const list = `(${quoted(columns)})`;
  const columnLines =
    inline || list.length <= 50 ? [head + list] : [`${head}(`, ...columns.map((column, i) => `    "${column}"${i < columns.length - 1 ? ',' : ''}`), ')'];
  const [condition, ...more] = typeof where === 'string' ? [where] : where;
  const whereLines = condition === undefined ? [] : [`WHERE ${condition}`, ...more.map((line) => `    ${line}`)];
  return { make: generated(...columnLines, ...whereLines), undo: generated(`DROP INDEX "public"."${name}"`) };
}

/**
 * The foreign key `name` from `columns` of `table` to `referencedColumns`
 * (its id, by default) of `referencedTable`.
 */
export function foreignKey(
  table: string,
  name: string,
  columns: string | readonly string[],
  referencedTable: string,
  onDelete: OnDelete,
  referencedColumns: readonly string[] = ['id'],
): SchemaChange {
  const from = quoted(typeof columns === 'string' ? [columns] : columns);
  return {
    make: generated(
      `ALTER TABLE "${table}"`,
      `ADD CONSTRAINT "${name}" FOREIGN KEY (${from}) REFERENCES "${referencedTable}"(${quoted(referencedColumns)}) ON DELETE ${onDelete} ON UPDATE NO ACTION`,
    ),
    undo: generated(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`),
  };
}

/** The foreign key of a PartnershipRecord: its partnership_id, gone with its partnership (CASCADE). */
export function partnershipKey(table: string, name: string): SchemaChange {
  return foreignKey(table, name, 'partnership_id', 'partnerships', 'CASCADE');
}

/** ADD the column `name` of `type` (its type and constraints, e.g. `uuid` or `boolean NOT NULL DEFAULT false`) to `table`. */
export function addColumn(table: string, name: string, type: string): SchemaChange {
  return { make: generated(`ALTER TABLE "${table}"`, `ADD "${name}" ${type}`), undo: generated(`ALTER TABLE "${table}" DROP COLUMN "${name}"`) };
}

/** ADD the CHECK constraint `name` of `expression` to `table`. */
export function addCheck(table: string, name: string, expression: string): SchemaChange {
  return {
    make: generated(`ALTER TABLE "${table}"`, `ADD CONSTRAINT "${name}" CHECK (${expression})`),
    undo: generated(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`),
  };
}

/** The row of typeorm_metadata that tells TypeORM `column` of `table` is GENERATED ALWAYS AS `expression`. */
export function generatedColumnMetadata(table: string, column: string, expression: string): SchemaChange {
  return {
    make: {
      sql: statement(
        12,
        'INSERT INTO "typeorm_metadata"(',
        ...['database', 'schema', 'table', 'type', 'name'].map((field) => `        "${field}",`),
        '        "value"',
        '    )',
        'VALUES (current_database(), current_schema(), $1, $2, $3, $4)',
      ),
      parameters: [table, 'GENERATED_COLUMN', column, expression],
    },
    undo: {
      sql: statement(
        12,
        'DELETE FROM "typeorm_metadata"',
        'WHERE "type" = $1',
        '    AND "name" = $2',
        '    AND "database" = current_database()',
        '    AND "schema" = current_schema()',
        '    AND "table" = $3',
      ),
      parameters: ['GENERATED_COLUMN', column, table],
    },
  };
}

/** The change that undoes `change`: an index, column or constraint a migration drops, which its down() makes again. */
export function dropped(change: SchemaChange): SchemaChange {
  return { make: change.undo, undo: change.make };
}

async function run(queryRunner: QueryRunner, { sql, parameters }: Query): Promise<void> {
  if (parameters === undefined) await queryRunner.query(sql);
  else await queryRunner.query(sql, parameters);
}

/** Makes each change in turn (a migration's up()). */
export async function applyChanges(queryRunner: QueryRunner, changes: readonly SchemaChange[]): Promise<void> {
  for (const change of changes) await run(queryRunner, change.make);
}

/** Undoes each change, the last first (a migration's down()). */
export async function revertChanges(queryRunner: QueryRunner, changes: readonly SchemaChange[]): Promise<void> {
  for (const change of [...changes].reverse()) await run(queryRunner, change.undo);
}

/**
 * A migration that only changes the schema: up() makes its `changes`, down()
 * undoes them, the last first.
 */
export abstract class SchemaChangeMigration implements MigrationInterface {
  abstract readonly name: string;
  abstract readonly changes: readonly SchemaChange[];

  async up(queryRunner: QueryRunner): Promise<void> {
    await applyChanges(queryRunner, this.changes);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await revertChanges(queryRunner, this.changes);
  }
}
