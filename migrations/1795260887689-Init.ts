import { MigrationInterface, QueryRunner } from "typeorm";
import { PARTNERSHIP_OWNED_COLUMNS, TENANT, TIMESTAMPED_COLUMNS, applyChanges, createIndex, createPolicy, createTable, dropPolicies, dropTenantIsolation, enableRowSecurity, enableTenantIsolation, foreignKey, partnershipKey, revertChanges } from "./support";

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('worker_heartbeats', `
                "name" text NOT NULL,
                "last_run_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "run_count" bigint NOT NULL DEFAULT '0',
                "last_job_id" text,
                CONSTRAINT "PK_226136e55d67a39512f95483116" PRIMARY KEY ("name")
    `),
    createTable('partnerships', `
                ${TIMESTAMPED_COLUMNS},
                "code" text NOT NULL,
                "name" text NOT NULL,
                "reference_prefix" text NOT NULL,
                "police_force" text,
                "review_interval_months" integer NOT NULL DEFAULT '3',
                "tactical_cadence_days" integer NOT NULL DEFAULT '28',
                "control_strategy_strands" jsonb NOT NULL DEFAULT '["intelligence", "prevention", "enforcement", "reassurance"]'::jsonb,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_partnerships_reference_prefix" CHECK ("reference_prefix" ~ '^[A-Z]{2,5}$'),
                CONSTRAINT "ck_partnerships_code" CHECK ("code" ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
                CONSTRAINT "ck_partnerships_tactical_cadence" CHECK (
                    "tactical_cadence_days" BETWEEN 1 AND 365
                ),
                CONSTRAINT "ck_partnerships_review_interval" CHECK (
                    "review_interval_months" BETWEEN 1 AND 3
                ),
                CONSTRAINT "PK_55de3c169ff0d5d88e9a7cb0cd6" PRIMARY KEY ("id")
    `),
    createIndex('partnerships', 'uq_partnerships_code', ['code'], { unique: true }),
    createIndex('partnerships', 'uq_partnerships_reference_prefix', ['reference_prefix'], { unique: true }),
    createTable('agencies', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "name" text NOT NULL,
                "kind" text NOT NULL,
                CONSTRAINT "ck_agencies_kind" CHECK (
                    "kind" IN (
                        'local_authority',
                        'police',
                        'fire_and_rescue',
                        'health',
                        'probation',
                        'pcc',
                        'third_sector',
                        'private',
                        'other'
                    )
                ),
                CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id")
    `),
    createIndex('agencies', 'ix_agencies_partnership_created', ['partnership_id', 'created_at', 'id']),
    createIndex('agencies', 'uq_agencies_partnership_name', ['partnership_id', 'name'], { unique: true }),
    createTable('local_authorities', `
                "code" text NOT NULL,
                "name" text NOT NULL,
                "partnership_id" uuid NOT NULL,
                "police_force" text NOT NULL,
                "fire_and_rescue_service" text NOT NULL,
                "health_board" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e5e29f343120c70cef30a806e3e" PRIMARY KEY ("code")
    `),
    createIndex('local_authorities', 'ix_local_authorities_partnership', ['partnership_id']),
    partnershipKey('agencies', 'FK_4a56ba8c0de1f40e89fce00e190'),
    foreignKey('local_authorities', 'FK_0988b4285d145be6ae8085f352b', 'partnership_id', 'partnerships', 'RESTRICT'),
];

export class Init1795260887689 implements MigrationInterface {
    name = 'Init1795260887689'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);

        // Row-level security. The tenant is the per-transaction setting
        // app.partnership_id; FORCE makes the policies bind the table owner too.
        // Partnerships and councils are readable by anyone signed in (names and
        // codes are not confidential) but written only in their own context.
        await enableRowSecurity(queryRunner, 'partnerships');
        await queryRunner.query(`CREATE POLICY "partnerships_read" ON "partnerships" FOR SELECT USING (true)`);
        await createPolicy(queryRunner, 'partnerships_insert', 'partnerships', 'INSERT', { withCheck: `"id" = ${TENANT}` });
        await createPolicy(queryRunner, 'partnerships_update', 'partnerships', 'UPDATE', { using: `"id" = ${TENANT}`, withCheck: `"id" = ${TENANT}` });
        await enableRowSecurity(queryRunner, 'local_authorities');
        await queryRunner.query(`CREATE POLICY "local_authorities_read" ON "local_authorities" FOR SELECT USING (true)`);
        await createPolicy(queryRunner, 'local_authorities_write', 'local_authorities', 'INSERT', { withCheck: `"partnership_id" = ${TENANT}` });
        await enableTenantIsolation(queryRunner, ['agencies'], { indent: 12 });
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, ['agencies']);
        await dropPolicies(queryRunner, 'local_authorities', 'local_authorities_write', 'local_authorities_read');
        await dropPolicies(queryRunner, 'partnerships', 'partnerships_update', 'partnerships_insert', 'partnerships_read');
        await revertChanges(queryRunner, SCHEMA);
    }

}
