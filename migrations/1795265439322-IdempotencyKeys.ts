import { MigrationInterface, QueryRunner } from "typeorm";
import { applyChanges, createIndex, createTable, dropTenantIsolation, enableTenantIsolation, revertChanges } from "./support";

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('idempotency_records', `
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
    `),
    createIndex('idempotency_records', 'ix_idempotency_records_expires', ['expires_at']),
    createIndex('idempotency_records', 'uq_idempotency_records_caller_key', ['caller_type', 'caller_id', 'key'], { unique: true }),
];

export class IdempotencyKeys1795265439322 implements MigrationInterface {
    name = 'IdempotencyKeys1795265439322'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);
        // Rows of partnership routes are that partnership's data (they hold
        // responses); rows of routes outside a partnership have no partnership.
        await enableTenantIsolation(queryRunner, ['idempotency_records'], { indent: 12, comparison: 'IS NOT DISTINCT FROM' });
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, ['idempotency_records']);
        await revertChanges(queryRunner, SCHEMA);
    }

}
