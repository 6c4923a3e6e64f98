import { MigrationInterface, QueryRunner } from "typeorm";
import { addColumn, applyChanges, createIndex, createPolicy, createTable, dropPolicies, dropTenantIsolation, enableTenantIsolation, foreignKey, partnershipKey, revertChanges } from "./support";

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('figure_quarters', `
                "partnership_id" uuid NOT NULL,
                "quarter_start" date NOT NULL,
                "quarter_end" date NOT NULL,
                "counts" jsonb NOT NULL,
                "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_08cd955827bbe5327d7bdb8e424" PRIMARY KEY ("partnership_id", "quarter_start")
    `),
    createIndex('figure_quarters', 'ix_figure_quarters_quarter', ['quarter_start', 'partnership_id']),
    createTable('meeting_packs', `
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
    `),
    createIndex('meeting_packs', 'ix_meeting_packs_queued', ['requested_at'], { where: `"state" = 'queued'` }),
    addColumn('users', 'oversight_all', 'boolean NOT NULL DEFAULT false'),
    addColumn('users', 'oversight_partnership_ids', "uuid array NOT NULL DEFAULT '{}'"),
    createIndex('problems', 'ix_problems_partnership_created', ['partnership_id', 'created_at']),
    partnershipKey('figure_quarters', 'FK_7b21306809bf50bb79cd8094f0d'),
    foreignKey('meeting_packs', 'FK_9be406b09cb6de46bfa118cd0ea', 'meeting_id', 'meetings', 'CASCADE'),
    partnershipKey('meeting_packs', 'FK_a14718e8a7569953a690b5659f4'),
];

export class Accountability1796126921156 implements MigrationInterface {
    name = 'Accountability1796126921156'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);

        // Row-level security (see the Init migration for the pattern): both
        // tables belong to a partnership. The materialised figures hold
        // aggregates only; the oversight view reads every partnership's rows
        // in a transaction that sets app.oversight (a read-only policy).
        await enableTenantIsolation(queryRunner, ['figure_quarters', 'meeting_packs']);
        await createPolicy(queryRunner, 'oversight_read', 'figure_quarters', 'SELECT', { using: "current_setting('app.oversight', true) = 'on'" });
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropPolicies(queryRunner, 'figure_quarters', 'oversight_read');
        await dropTenantIsolation(queryRunner, ['figure_quarters', 'meeting_packs']);
        await revertChanges(queryRunner, SCHEMA);
    }

}
