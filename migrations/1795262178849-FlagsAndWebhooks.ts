import { MigrationInterface, QueryRunner } from "typeorm";
import { dropTenantIsolation, enableTenantIsolation } from "./support";

const TENANT_TABLES = ['flags', 'webhook_subscriptions', 'webhook_deliveries'];

export class FlagsAndWebhooks1795262178849 implements MigrationInterface {
    name = 'FlagsAndWebhooks1795262178849'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "flags" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "subject_type" text NOT NULL,
                "subject_id" uuid NOT NULL,
                "due_date" date NOT NULL,
                "data" jsonb NOT NULL DEFAULT '{}',
                "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "resolution" text,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_by_type" text,
                "acknowledged_by_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_flags_acknowledged_by" CHECK (
                    "acknowledged_by_type" IS NULL
                    OR "acknowledged_by_type" IN ('user', 'api_key')
                ),
                CONSTRAINT "ck_flags_resolution" CHECK (
                    "resolution" IS NULL
                    OR "resolution" IN ('cause_fixed', 'scan')
                ),
                CONSTRAINT "ck_flags_kind" CHECK (
                    "kind" IN (
                        'assessment_review_overdue',
                        'assessment_review_due_soon',
                        'problem_unevaluated',
                        'action_overdue',
                        'control_strategy_stale',
                        'webhook_subscription_disabled'
                    )
                ),
                CONSTRAINT "PK_ea7e333c92a55de9e9b8d0b9afd" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_flags_open_subject" ON "flags" ("subject_id")
            WHERE "resolved_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_flags_open_kind" ON "flags" (
                "kind",
                "partnership_id",
                "subject_id",
                "due_date"
            )
            WHERE "resolved_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_flags_open_partnership_raised" ON "flags" ("partnership_id", "raised_at", "id")
            WHERE "resolved_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_flags_partnership_kind_raised" ON "flags" ("partnership_id", "kind", "raised_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_flags_partnership_raised" ON "flags" ("partnership_id", "raised_at", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_flags_cause" ON "flags" (
                "partnership_id",
                "kind",
                "subject_id",
                "due_date"
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_subscriptions" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "url" text NOT NULL,
                "events" text array NOT NULL,
                "description" text,
                "secret_ciphertext" text NOT NULL,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "disabled_reason" text,
                "created_by_user_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_webhook_subscriptions_disabled" CHECK (
                    ("disabled_at" IS NULL) = ("disabled_reason" IS NULL)
                ),
                CONSTRAINT "ck_webhook_subscriptions_disabled_reason" CHECK (
                    "disabled_reason" IS NULL
                    OR "disabled_reason" IN ('gone', 'retries_exhausted', 'manual')
                ),
                CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_subscriptions_disabled" ON "webhook_subscriptions" ("disabled_at")
            WHERE "disabled_at" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_subscriptions_active" ON "webhook_subscriptions" ("partnership_id")
            WHERE "disabled_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_subscriptions_partnership_created" ON "webhook_subscriptions" ("partnership_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "event_id" uuid NOT NULL,
                "subscription_id" uuid NOT NULL,
                "event_type" text NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "attempt_limit" integer NOT NULL,
                "manual" boolean NOT NULL DEFAULT false,
                "redelivery_requested_at" TIMESTAMP WITH TIME ZONE,
                "next_attempt_at" TIMESTAMP WITH TIME ZONE,
                "attempt_started_at" TIMESTAMP WITH TIME ZONE,
                "last_attempt_at" TIMESTAMP WITH TIME ZONE,
                "last_status_code" integer,
                "last_error" text,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_webhook_deliveries_status" CHECK (
                    "status" IN (
                        'pending',
                        'in_flight',
                        'retrying',
                        'succeeded',
                        'failed'
                    )
                ),
                CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_partnership" ON "webhook_deliveries" ("partnership_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_redelivery" ON "webhook_deliveries" ("redelivery_requested_at")
            WHERE "redelivery_requested_at" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at")
            WHERE "status" IN ('pending', 'retrying', 'in_flight')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_subscription_created" ON "webhook_deliveries" ("subscription_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_webhook_deliveries_event_subscription" ON "webhook_deliveries" ("event_id", "subscription_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "flags"
            ADD CONSTRAINT "FK_aec7e38d10f6ffd2db3f32d9bc5" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_subscriptions"
            ADD CONSTRAINT "FK_b1111fb5594a474eb7ee6bfa55b" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "FK_f29e5e1d6b8d636de260df22732" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "FK_27d1ee90033bdafe0ffe8f1be6f" FOREIGN KEY ("event_id") REFERENCES "outbox_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "FK_23eb2b6ae801c52cfb79a556b8a" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);

        // Row-level security (the pattern of the Init migration): the API and
        // the delivery jobs see one partnership's rows inside its transaction;
        // the scanners, the relay and the dispatcher run as the worker role
        // (BYPASSRLS) across partnerships.
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_23eb2b6ae801c52cfb79a556b8a"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_27d1ee90033bdafe0ffe8f1be6f"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_f29e5e1d6b8d636de260df22732"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "FK_b1111fb5594a474eb7ee6bfa55b"
        `);
        await queryRunner.query(`
            ALTER TABLE "flags" DROP CONSTRAINT "FK_aec7e38d10f6ffd2db3f32d9bc5"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_webhook_deliveries_event_subscription"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_subscription_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_redelivery"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_partnership"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_subscriptions_partnership_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_subscriptions_active"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_subscriptions_disabled"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_subscriptions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_flags_cause"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_flags_partnership_raised"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_flags_partnership_kind_raised"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_flags_open_partnership_raised"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_flags_open_kind"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_flags_open_subject"
        `);
        await queryRunner.query(`
            DROP TABLE "flags"
        `);
    }

}
