import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A tasking group may name a deputy (vice-) chair, who chairs its meetings in
 * the chair's absence: optional, a user (RESTRICT, as the chair), never the
 * chair themself (a CHECK beneath the service's 422). A column of a table
 * the runtime roles already hold by table grant, under its row-level
 * security: no grant or policy to add.
 */
export class DeputyChair1796155263898 implements MigrationInterface {
    name = 'DeputyChair1796155263898'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "tasking_groups"
            ADD "deputy_chair_user_id" uuid
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_tasking_groups_deputy_chair" ON "tasking_groups" ("deputy_chair_user_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_groups"
            ADD CONSTRAINT "ck_tasking_groups_deputy_not_chair" CHECK ("deputy_chair_user_id" <> "chair_user_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_groups"
            ADD CONSTRAINT "FK_8986633d6bfa531e545b8454847" FOREIGN KEY ("deputy_chair_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "tasking_groups" DROP CONSTRAINT "FK_8986633d6bfa531e545b8454847"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_groups" DROP CONSTRAINT "ck_tasking_groups_deputy_not_chair"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_tasking_groups_deputy_chair"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_groups" DROP COLUMN "deputy_chair_user_id"
        `);
    }

}
