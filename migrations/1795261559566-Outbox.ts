import { MigrationInterface, QueryRunner } from "typeorm";

export class Outbox1795261559566 implements MigrationInterface {
    name = 'Outbox1795261559566'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "outbox_events" (
                "id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "type" text NOT NULL,
                "subject_type" text NOT NULL,
                "subject_id" uuid NOT NULL,
                "data" jsonb NOT NULL DEFAULT '{}',
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "request_id" text,
                "relayed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_outbox_events_type" CHECK (
                    "type" IN (
                        'flag.raised',
                        'flag.resolved',
                        'problem.created',
                        'problem.stage_changed',
                        'meeting.closed',
                        'action.created',
                        'action.updated',
                        'strategic_assessment.approved',
                        'strategic_assessment.reviewed',
                        'control_strategy.published'
                    )
                ),
                CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_outbox_events_partnership_occurred" ON "outbox_events" ("partnership_id", "occurred_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_outbox_events_unrelayed" ON "outbox_events" ("occurred_at", "id")
            WHERE "relayed_at" IS NULL
        `);
        // Tenant isolation: the API writes events inside its partnership's
        // transaction; the relay (worker role, BYPASSRLS) reads across them.
        await queryRunner.query(`ALTER TABLE "outbox_events" ENABLE ROW LEVEL SECURITY`);
        await queryRunner.query(`ALTER TABLE "outbox_events" FORCE ROW LEVEL SECURITY`);
        await queryRunner.query(`
            CREATE POLICY "tenant_isolation" ON "outbox_events"
            USING ("partnership_id" = NULLIF(current_setting('app.partnership_id', true), '')::uuid)
            WITH CHECK ("partnership_id" = NULLIF(current_setting('app.partnership_id', true), '')::uuid)
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP POLICY IF EXISTS "tenant_isolation" ON "outbox_events"`);
        await queryRunner.query(`
            DROP INDEX "public"."ix_outbox_events_unrelayed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_outbox_events_partnership_occurred"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox_events"
        `);
    }

}
