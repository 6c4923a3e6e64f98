import { MigrationInterface, QueryRunner } from "typeorm";
import { PARTNERSHIP_OWNED_COLUMNS, TENANT, TIMESTAMPED_COLUMNS, applyChanges, createIndex, createPolicy, createTable, createTenantWritePolicies, dropPolicies, enableRowSecurity, foreignKey, makeAppendOnly, partnershipKey, revertChanges } from "./support";

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('audit_events', `
                "id" uuid NOT NULL,
                "partnership_id" uuid,
                "seq" bigint NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "actor_type" text NOT NULL,
                "actor_id" text,
                "action" text NOT NULL,
                "target_type" text,
                "target_id" text,
                "request_id" text,
                "details" jsonb NOT NULL DEFAULT '{}',
                "prev_hash" text NOT NULL,
                "hash" text NOT NULL,
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
    `),
    createIndex('audit_events', 'ix_audit_events_occurred', ['partnership_id', 'occurred_at']),
    createIndex('audit_events', 'ix_audit_events_actor', ['partnership_id', 'actor_id', 'seq']),
    createIndex('audit_events', 'ix_audit_events_target', ['partnership_id', 'target_type', 'target_id', 'seq']),
    createIndex('audit_events', 'ix_audit_events_action', ['partnership_id', 'action', 'seq']),
    createIndex('audit_events', 'uq_audit_events_platform_seq', ['seq'], { unique: true, where: '"partnership_id" IS NULL' }),
    createIndex('audit_events', 'uq_audit_events_partnership_seq', ['partnership_id', 'seq'], { unique: true, where: '"partnership_id" IS NOT NULL' }),
    createTable('api_keys', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "name" text NOT NULL,
                "prefix" text NOT NULL,
                "key_hash" text NOT NULL,
                "scopes" text array NOT NULL,
                "created_by_user_id" uuid,
                "last_used_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id")
    `),
    createIndex('api_keys', 'ix_api_keys_partnership_created', ['partnership_id', 'created_at', 'id']),
    createIndex('api_keys', 'uq_api_keys_key_hash', ['key_hash'], { unique: true }),
    createTable('users', `
                ${TIMESTAMPED_COLUMNS},
                "email" text NOT NULL,
                "display_name" text NOT NULL,
                "password_hash" text,
                "platform_admin" boolean NOT NULL DEFAULT false,
                "external_issuer" text,
                "external_subject" text,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "password_changed_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_users_email_lower" CHECK ("email" = lower("email")),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
    `),
    createIndex('users', 'uq_users_external_identity', ['external_issuer', 'external_subject'], { unique: true, where: '"external_subject" IS NOT NULL' }),
    createIndex('users', 'uq_users_email', ['email'], { unique: true }),
    createTable('memberships', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "user_id" uuid NOT NULL,
                "role" text NOT NULL,
                "agency_id" uuid,
                CONSTRAINT "ck_memberships_partner_agency" CHECK (
                    "role" <> 'partner'
                    OR "agency_id" IS NOT NULL
                ),
                CONSTRAINT "ck_memberships_role" CHECK (
                    "role" IN ('admin', 'analyst', 'chair', 'partner', 'viewer')
                ),
                CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id")
    `),
    createIndex('memberships', 'ix_memberships_agency', ['agency_id']),
    createIndex('memberships', 'ix_memberships_user', ['user_id']),
    createIndex('memberships', 'uq_memberships_partnership_user', ['partnership_id', 'user_id'], { unique: true }),
    partnershipKey('api_keys', 'FK_9f16bd44fb35dd821711ed744e2'),
    partnershipKey('memberships', 'FK_47f0a2caba79f5ef1a72ec4a8b1'),
    foreignKey('memberships', 'FK_7c1e2fdfed4f6838e0c05ae5051', 'user_id', 'users', 'CASCADE'),
    foreignKey('memberships', 'FK_41562e033e7daf7424266bff112', 'agency_id', 'agencies', 'RESTRICT'),
];

export class IdentityAndAudit1795261385330 implements MigrationInterface {
    name = 'IdentityAndAudit1795261385330'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);

        // Row-level security (see the Init migration for the pattern). The
        // tenant is the per-transaction setting app.partnership_id (TENANT).

        // Memberships: a partnership's rows in its context; and, before any
        // partnership is chosen, a user's own rows when the transaction carries
        // that user (app.user_id): how a request finds the caller's role.
        await enableRowSecurity(queryRunner, 'memberships');
        await createPolicy(queryRunner, 'memberships_read', 'memberships', 'SELECT', {
            using: `"partnership_id" = ${TENANT} OR "user_id" = NULLIF(current_setting('app.user_id', true), '')::uuid`,
        });
        await createTenantWritePolicies(queryRunner, 'memberships');

        // API keys: a partnership's rows in its context; and, to authenticate a
        // request, the one row whose hash the transaction carries (app.api_key_hash).
        await enableRowSecurity(queryRunner, 'api_keys');
        await createPolicy(queryRunner, 'api_keys_read', 'api_keys', 'SELECT', {
            using: `"partnership_id" = ${TENANT} OR "key_hash" = NULLIF(current_setting('app.api_key_hash', true), '')`,
        });
        await createTenantWritePolicies(queryRunner, 'api_keys');

        // Audit: a partnership's chain in its context; the platform chain
        // (partnership_id NULL: sign-ins, accounts) only outside any partnership.
        // SELECT and INSERT only: no UPDATE or DELETE policy, and no privilege.
        await enableRowSecurity(queryRunner, 'audit_events');
        await queryRunner.query(`CREATE POLICY "audit_events_read" ON "audit_events" FOR SELECT USING ("partnership_id" IS NOT DISTINCT FROM ${TENANT})`);
        await queryRunner.query(`CREATE POLICY "audit_events_insert" ON "audit_events" FOR INSERT WITH CHECK ("partnership_id" IS NOT DISTINCT FROM ${TENANT})`);
        // Append-only: every role but the owner loses UPDATE, DELETE and TRUNCATE
        // (the runtime roles got them through default privileges). The role
        // bootstrap keeps it so (APPEND_ONLY_TABLES).
        await makeAppendOnly(queryRunner, 'audit_events');

        // Users are platform-wide (not owned by a partnership): no row-level
        // security; the API reaches them only through the identity services.
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropPolicies(queryRunner, 'audit_events', 'audit_events_read', 'audit_events_insert');
        await dropPolicies(queryRunner, 'api_keys', 'api_keys_read', 'api_keys_insert', 'api_keys_update', 'api_keys_delete');
        await dropPolicies(queryRunner, 'memberships', 'memberships_read', 'memberships_insert', 'memberships_update', 'memberships_delete');
        await revertChanges(queryRunner, SCHEMA);
    }

}
