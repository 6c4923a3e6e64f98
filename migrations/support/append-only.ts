import type { QueryRunner } from 'typeorm';
import { statement, type Indent } from './statement';

// Changing what a helper here executes changes landed migrations, which the guard refuses (see index.ts).

/**
 * The PL/pgSQL loop (inside a DO block declaring `grantee_name text`) that
 * revokes UPDATE, DELETE and TRUNCATE on `table` from every role granted it
 * but the current one (the owner running the migrations).
 */
export function revokeRewritesLoop(table: string): string[] {
  return [
    '    FOR grantee_name IN',
    '        SELECT DISTINCT grantee FROM information_schema.role_table_grants',
    `        WHERE table_schema = 'public' AND table_name = '${table}' AND grantee <> current_user`,
    '    LOOP',
    `        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON TABLE ${table} FROM %I', grantee_name);`,
    '    END LOOP;',
  ];
}

/**
 * Makes a history table append-only for every role but the owner: the roles
 * granted it and PUBLIC lose UPDATE, DELETE and TRUNCATE (the role bootstrap
 * keeps it so: APPEND_ONLY_TABLES). `indent` is the DO block's layout where the
 * migration wrote it (16: in a loop).
 */
export async function makeAppendOnly(queryRunner: QueryRunner, table: string, indent: Indent = 12): Promise<void> {
  await queryRunner.query(statement(indent, 'DO $$', 'DECLARE grantee_name text;', 'BEGIN', ...revokeRewritesLoop(table), 'END', '$$'));
  await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "${table}" FROM PUBLIC`);
}
