import { MigrationInterface, QueryRunner } from "typeorm";
import { FIRST_OUTBOX_EVENT_TYPES, dropTenantIsolation, enableTenantIsolation } from "./support";

/** The event types the check accepts, one line each. */
const TYPE_LINES = FIRST_OUTBOX_EVENT_TYPES.map((type) => `                        '${type}'`).join(',\n');

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
${TYPE_LINES}
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
        await enableTenantIsolation(queryRunner, ['outbox_events'], { indent: 12 });
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, ['outbox_events']);
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
