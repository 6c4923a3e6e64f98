import { MigrationInterface, QueryRunner } from "typeorm";
import { dropPolicies, dropTenantIsolation, enableTenantIsolation } from "./support";

export class Accountability1796126921156 implements MigrationInterface {
    name = 'Accountability1796126921156'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "figure_quarters" (
                "partnership_id" uuid NOT NULL,
                "quarter_start" date NOT NULL,
                "quarter_end" date NOT NULL,
                "counts" jsonb NOT NULL,
                "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_08cd955827bbe5327d7bdb8e424" PRIMARY KEY ("partnership_id", "quarter_start")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_figure_quarters_quarter" ON "figure_quarters" ("quarter_start", "partnership_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "meeting_packs" (
                "meeting_id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "state" text NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "built_for_status" text,
                "built_at" TIMESTAMP WITH TIME ZONE,
                "pdf" bytea,
                "html" text,
                "builds" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_meeting_packs_state" CHECK ("state" IN ('queued', 'ready')),
                CONSTRAINT "PK_9be406b09cb6de46bfa118cd0ea" PRIMARY KEY ("meeting_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_meeting_packs_queued" ON "meeting_packs" ("requested_at")
            WHERE "state" = 'queued'
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "oversight_all" boolean NOT NULL DEFAULT false
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "oversight_partnership_ids" uuid array NOT NULL DEFAULT '{}'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_problems_partnership_created" ON "problems" ("partnership_id", "created_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "figure_quarters"
            ADD CONSTRAINT "FK_7b21306809bf50bb79cd8094f0d" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_packs"
            ADD CONSTRAINT "FK_9be406b09cb6de46bfa118cd0ea" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_packs"
            ADD CONSTRAINT "FK_a14718e8a7569953a690b5659f4" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);

        // Row-level security (see the Init migration for the pattern): both
        // tables belong to a partnership. The materialised figures hold
        // aggregates only; the oversight view reads every partnership's rows
        // in a transaction that sets app.oversight (a read-only policy).
        await enableTenantIsolation(queryRunner, ['figure_quarters', 'meeting_packs']);
        await queryRunner.query(`
            CREATE POLICY "oversight_read" ON "figure_quarters" FOR SELECT
            USING (current_setting('app.oversight', true) = 'on')
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropPolicies(queryRunner, 'figure_quarters', 'oversight_read');
        await dropTenantIsolation(queryRunner, ['figure_quarters', 'meeting_packs']);
        await queryRunner.query(`
            ALTER TABLE "meeting_packs" DROP CONSTRAINT "FK_a14718e8a7569953a690b5659f4"
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_packs" DROP CONSTRAINT "FK_9be406b09cb6de46bfa118cd0ea"
        `);
        await queryRunner.query(`
            ALTER TABLE "figure_quarters" DROP CONSTRAINT "FK_7b21306809bf50bb79cd8094f0d"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_problems_partnership_created"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "oversight_partnership_ids"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "oversight_all"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_packs_queued"
        `);
        await queryRunner.query(`
            DROP TABLE "meeting_packs"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_figure_quarters_quarter"
        `);
        await queryRunner.query(`
            DROP TABLE "figure_quarters"
        `);
    }

}
