import type { QueryRunner } from 'typeorm';
import { statement, type Indent } from './statement';

// Changing what a helper here executes changes landed migrations, which the guard refuses (see index.ts).

/**
 * Creates the row trigger `name` on `table`, running the trigger function
 * `fn` for each row at `timing` (e.g. `BEFORE INSERT OR UPDATE`). `indent` is
 * the statement's layout where the migration wrote it (16: in a loop).
 */
export async function createRowTrigger(queryRunner: QueryRunner, name: string, timing: string, table: string, fn: string, indent: Indent = 12): Promise<void> {
  await queryRunner.query(statement(indent, `CREATE TRIGGER "${name}" ${timing} ON "${table}"`, `FOR EACH ROW EXECUTE FUNCTION "${fn}"()`));
}
