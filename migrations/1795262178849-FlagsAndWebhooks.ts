import { MigrationInterface, QueryRunner } from "typeorm";
import { PARTNERSHIP_OWNED_COLUMNS, applyChanges, createIndex, createTable, dropTenantIsolation, enableTenantIsolation, foreignKey, partnershipKey, revertChanges } from "./support";

const TENANT_TABLES = ['flags', 'webhook_subscriptions', 'webhook_deliveries'];

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('flags', `
                ${PARTNERSHIP_OWNED_COLUMNS},
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
    `),
    createIndex('flags', 'ix_flags_open_subject', ['subject_id'], { where: '"resolved_at" IS NULL' }),
    createIndex('flags', 'ix_flags_open_kind', ['kind', 'partnership_id', 'subject_id', 'due_date'], { where: '"resolved_at" IS NULL' }),
    createIndex('flags', 'ix_flags_open_partnership_raised', ['partnership_id', 'raised_at', 'id'], { where: '"resolved_at" IS NULL' }),
    createIndex('flags', 'ix_flags_partnership_kind_raised', ['partnership_id', 'kind', 'raised_at', 'id']),
    createIndex('flags', 'ix_flags_partnership_raised', ['partnership_id', 'raised_at', 'id']),
    createIndex('flags', 'uq_flags_cause', ['partnership_id', 'kind', 'subject_id', 'due_date'], { unique: true }),
    createTable('webhook_subscriptions', `
                ${PARTNERSHIP_OWNED_COLUMNS},
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
    `),
    createIndex('webhook_subscriptions', 'ix_webhook_subscriptions_disabled', ['disabled_at'], { where: '"disabled_at" IS NOT NULL' }),
    createIndex('webhook_subscriptions', 'ix_webhook_subscriptions_active', ['partnership_id'], { where: '"disabled_at" IS NULL' }),
    createIndex('webhook_subscriptions', 'ix_webhook_subscriptions_partnership_created', ['partnership_id', 'created_at', 'id']),
    createTable('webhook_deliveries', `
                ${PARTNERSHIP_OWNED_COLUMNS},
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
    `),
    createIndex('webhook_deliveries', 'ix_webhook_deliveries_partnership', ['partnership_id']),
    createIndex('webhook_deliveries', 'ix_webhook_deliveries_redelivery', ['redelivery_requested_at'], { where: '"redelivery_requested_at" IS NOT NULL' }),
    createIndex('webhook_deliveries', 'ix_webhook_deliveries_due', ['next_attempt_at'], { where: `"status" IN ('pending', 'retrying', 'in_flight')` }),
    createIndex('webhook_deliveries', 'ix_webhook_deliveries_subscription_created', ['subscription_id', 'created_at', 'id']),
    createIndex('webhook_deliveries', 'uq_webhook_deliveries_event_subscription', ['event_id', 'subscription_id'], { unique: true }),
    partnershipKey('flags', 'FK_aec7e38d10f6ffd2db3f32d9bc5'),
    partnershipKey('webhook_subscriptions', 'FK_b1111fb5594a474eb7ee6bfa55b'),
    partnershipKey('webhook_deliveries', 'FK_f29e5e1d6b8d636de260df22732'),
    foreignKey('webhook_deliveries', 'FK_27d1ee90033bdafe0ffe8f1be6f', 'event_id', 'outbox_events', 'CASCADE'),
    foreignKey('webhook_deliveries', 'FK_23eb2b6ae801c52cfb79a556b8a', 'subscription_id', 'webhook_subscriptions', 'CASCADE'),
];

export class FlagsAndWebhooks1795262178849 implements MigrationInterface {
    name = 'FlagsAndWebhooks1795262178849'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);

        // Row-level security (the pattern of the Init migration): the API and
        // the delivery jobs see one partnership's rows inside its transaction;
        // the scanners, the relay and the dispatcher run as the worker role
        // (BYPASSRLS) across partnerships.
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await revertChanges(queryRunner, SCHEMA);
    }

}
