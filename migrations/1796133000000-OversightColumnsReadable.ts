import { MigrationInterface, QueryRunner } from "typeorm";
import { runtimeRoles } from "./support";

/**
 * The runtime roles read `users` through a column grant (LeastPrivilege), and
 * a column grant does not reach columns added later: the oversight grants
 * (Accountability) must be granted by name, or request_context() and the
 * oversight grants service cannot read them. The role bootstrap's column list
 * (USERS_READABLE_COLUMNS) names them too.
 */
export class OversightColumnsReadable1796133000000 implements MigrationInterface {
    name = 'OversightColumnsReadable1796133000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        const runtime = await runtimeRoles(queryRunner);
        if (runtime) await queryRunner.query(`GRANT SELECT ("oversight_all", "oversight_partnership_ids") ON TABLE "users" TO ${runtime}`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        const runtime = await runtimeRoles(queryRunner);
        if (runtime) await queryRunner.query(`REVOKE SELECT ("oversight_all", "oversight_partnership_ids") ON TABLE "users" FROM ${runtime}`);
    }
}
