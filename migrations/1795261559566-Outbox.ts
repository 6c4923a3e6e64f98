import { MigrationInterface, QueryRunner } from "typeorm";
import { FIRST_OUTBOX_EVENT_TYPES, applyChanges, createIndex, createTable, dropTenantIsolation, enableTenantIsolation, revertChanges } from "./support";

/** The event types the check accepts, one line each. */
const TYPE_LINES = FIRST_OUTBOX_EVENT_TYPES.map((type) => `                        '${type}'`).join(',\n');

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('outbox_events', `
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
    `),
    createIndex('outbox_events', 'ix_outbox_events_partnership_occurred', ['partnership_id', 'occurred_at', 'id']),
    createIndex('outbox_events', 'ix_outbox_events_unrelayed', ['occurred_at', 'id'], { where: '"relayed_at" IS NULL' }),
];

export class Outbox1795261559566 implements MigrationInterface {
    name = 'Outbox1795261559566'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);
        // Tenant isolation: the API writes events inside its partnership's
        // transaction; the relay (worker role, BYPASSRLS) reads across them.
        await enableTenantIsolation(queryRunner, ['outbox_events'], { indent: 12 });
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, ['outbox_events']);
        await revertChanges(queryRunner, SCHEMA);
    }

}
