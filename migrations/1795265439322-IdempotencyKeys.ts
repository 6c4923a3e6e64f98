import { MigrationInterface, QueryRunner } from "typeorm";
import { dropTenantIsolation, enableTenantIsolation } from "./support";

export class IdempotencyKeys1795265439322 implements MigrationInterface {
    name = 'IdempotencyKeys1795265439322'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "idempotency_records" (
                "id" uuid NOT NULL,
                "partnership_id" uuid,
                "caller_type" text NOT NULL,
                "caller_id" uuid NOT NULL,
                "key" text NOT NULL,
                "method" text NOT NULL,
                "path" text NOT NULL,
                "request_hash" text NOT NULL,
                "state" text NOT NULL,
                "response_status" integer,
                "response_body" jsonb,
                "response_headers" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_idempotency_records_caller_type" CHECK ("caller_type" IN ('user', 'api_key')),
                CONSTRAINT "ck_idempotency_records_state" CHECK ("state" IN ('in_flight', 'completed')),
                CONSTRAINT "PK_9ae4e93699362b0d4e3da3dd1c2" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_idempotency_records_expires" ON "idempotency_records" ("expires_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_idempotency_records_caller_key" ON "idempotency_records" ("caller_type", "caller_id", "key")
        `);
        // Rows of partnership routes are that partnership's data (they hold
        // responses); rows of routes outside a partnership have no partnership.
        await enableTenantIsolation(queryRunner, ['idempotency_records'], { indent: 12, comparison: 'IS NOT DISTINCT FROM' });
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, ['idempotency_records']);
        await queryRunner.query(`
            DROP INDEX "public"."uq_idempotency_records_caller_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_idempotency_records_expires"
        `);
        await queryRunner.query(`
            DROP TABLE "idempotency_records"
        `);
    }

}
