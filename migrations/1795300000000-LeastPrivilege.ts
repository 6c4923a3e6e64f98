import { MigrationInterface, QueryRunner } from "typeorm";
import { runtimeRoles } from "./support";

/**
 * Narrows what the runtime roles (the API's and the worker's) may do:
 * - the migration bookkeeping tables are the owner's alone to write;
 * - `users.password_hash` is not readable by them: a column grant leaves
 *   every other column, and `csp_password_hash(user_id)` (SECURITY DEFINER,
 *   owned by the owner) returns one user's hash for the password check, so
 *   no query can read the hashes in bulk.
 * The role bootstrap (run before every migrate) applies the same narrowing
 * after its broad grants (RUNTIME_RESTRICTIONS in libs/core/src/database).
 * No new table, so no row-level security changes.
 */
export class LeastPrivilege1795300000000 implements MigrationInterface {
    name = 'LeastPrivilege1795300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        const runtime = await runtimeRoles(queryRunner);
        await queryRunner.query(`
            CREATE FUNCTION "csp_password_hash"(user_id uuid) RETURNS text
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
            AS $$ SELECT password_hash FROM users WHERE id = user_id $$
        `);
        await queryRunner.query(`REVOKE ALL ON FUNCTION "csp_password_hash"(uuid) FROM PUBLIC`);
        if (!runtime) return;
        await queryRunner.query(`GRANT EXECUTE ON FUNCTION "csp_password_hash"(uuid) TO ${runtime}`);
        await queryRunner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE "typeorm_migrations", "typeorm_metadata" FROM ${runtime}`);
        await queryRunner.query(`REVOKE SELECT ON TABLE "users" FROM ${runtime}`);
        await queryRunner.query(`
            GRANT SELECT ("id", "email", "display_name", "platform_admin", "external_issuer", "external_subject",
                "disabled_at", "password_changed_at", "version", "created_at", "updated_at") ON TABLE "users" TO ${runtime}
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        const runtime = await runtimeRoles(queryRunner);
        if (runtime) {
            await queryRunner.query(`GRANT SELECT ON TABLE "users" TO ${runtime}`);
            await queryRunner.query(`GRANT INSERT, UPDATE, DELETE ON TABLE "typeorm_migrations", "typeorm_metadata" TO ${runtime}`);
        }
        await queryRunner.query(`DROP FUNCTION "csp_password_hash"(uuid)`);
    }
}
