import type { QueryRunner } from 'typeorm';
import { statement } from './statement';

// Changing what a helper here executes changes landed migrations, which the guard refuses (see index.ts).

/**
 * The runtime roles (the API's and the worker's), quoted and joined for a
 * GRANT or REVOKE: the roles other than the owner granted the users table.
 * Null on a database whose roles the bootstrap has not granted anything yet.
 */
export async function runtimeRoles(queryRunner: QueryRunner): Promise<string | null> {
  const roles = (await queryRunner.query(
    statement(
      12,
      `SELECT string_agg(quote_ident(rolname), ', ') AS names FROM pg_roles`,
      `WHERE rolname IN (SELECT grantee FROM information_schema.role_table_grants WHERE table_name = 'users' AND grantee <> current_user)`,
    ),
  )) as { names: string | null }[];
  return roles[0]?.names ?? null;
}
