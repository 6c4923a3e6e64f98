import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The runtime roles read `users` through a column grant (LeastPrivilege), and
 * a column grant does not reach columns added later: the oversight grants
 * (Accountability) must be granted by name, or request_context() and the
 * oversight grants service cannot read them. The role bootstrap's column list
 * (USERS_READABLE_COLUMNS) names them too.
 */
export class OversightColumnsReadable1796133000000 implements MigrationInterface {
    name = 'OversightColumnsReadable1796133000000'

    private async runtimeRoles(queryRunner: QueryRunner): Promise<string | null> {
        const roles = await queryRunner.query(`
            SELECT string_agg(quote_ident(rolname), ', ') AS names FROM pg_roles
            WHERE rolname IN (SELECT grantee FROM information_schema.role_table_grants WHERE table_name = 'users' AND grantee <> current_user)
        `);
        return roles[0]?.names ?? null;
    }

    public async up(queryRunner: QueryRunner): Promise<void> {
        const runtime = await this.runtimeRoles(queryRunner);
        if (runtime) await queryRunner.query(`GRANT SELECT ("oversight_all", "oversight_partnership_ids") ON TABLE "users" TO ${runtime}`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        const runtime = await this.runtimeRoles(queryRunner);
        if (runtime) await queryRunner.query(`REVOKE SELECT ("oversight_all", "oversight_partnership_ids") ON TABLE "users" FROM ${runtime}`);
    }
}
