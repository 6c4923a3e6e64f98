import { MigrationInterface, QueryRunner } from "typeorm";
import { PARTNERSHIP_OWNED_COLUMNS, applyChanges, createIndex, createTable, dropTenantIsolation, enableTenantIsolation, foreignKey, makeAppendOnly, partnershipKey, revertChanges } from "./support";

const TENANT_TABLES = ['strategic_assessments', 'assessment_priorities', 'assessment_reviews', 'control_strategies', 'control_strategy_priorities'];

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('strategic_assessments', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "title" text NOT NULL,
                "period_start" date NOT NULL,
                "period_end" date NOT NULL,
                "status" text NOT NULL DEFAULT 'draft',
                "pestelo" jsonb NOT NULL,
                "intelligence_requirement" jsonb NOT NULL DEFAULT '[]',
                "data_sources" jsonb NOT NULL DEFAULT '[]',
                "authors" jsonb NOT NULL DEFAULT '[]',
                "approved_at" TIMESTAMP WITH TIME ZONE,
                "approved_by" uuid,
                "last_reviewed_at" TIMESTAMP WITH TIME ZONE,
                "last_reviewed_by" uuid,
                "review_anchor_date" date,
                "next_review_due" date,
                "superseded_at" TIMESTAMP WITH TIME ZONE,
                "superseded_by_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_strategic_assessments_review_cycle" CHECK (
                    ("status" = 'approved') = (
                        "next_review_due" IS NOT NULL
                        AND "review_anchor_date" IS NOT NULL
                    )
                ),
                CONSTRAINT "ck_strategic_assessments_approval" CHECK (
                    "status" = 'draft'
                    OR (
                        "approved_at" IS NOT NULL
                        AND "approved_by" IS NOT NULL
                    )
                ),
                CONSTRAINT "ck_strategic_assessments_period" CHECK ("period_end" >= "period_start"),
                CONSTRAINT "ck_strategic_assessments_status" CHECK ("status" IN ('draft', 'approved', 'superseded')),
                CONSTRAINT "PK_cb80ff2fad3351c47a053932d58" PRIMARY KEY ("id")
    `),
    createIndex('strategic_assessments', 'ix_strategic_assessments_review_due', ['next_review_due'], { where: `"status" = 'approved'` }),
    createIndex('strategic_assessments', 'ix_strategic_assessments_partnership_status_id', ['partnership_id', 'status', 'id']),
    createIndex('strategic_assessments', 'ix_strategic_assessments_partnership_id', ['partnership_id', 'id']),
    createIndex('strategic_assessments', 'uq_strategic_assessments_one_approved', ['partnership_id'], { unique: true, where: `"status" = 'approved'` }),
    createTable('assessment_priorities', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "strategic_assessment_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "title" text NOT NULL,
                "category" text NOT NULL,
                "rationale" text,
                "evidence" text,
                "data_sources" jsonb NOT NULL DEFAULT '[]',
                "impact" integer NOT NULL,
                "likelihood" integer NOT NULL,
                "risk_score" integer NOT NULL,
                "rank" integer,
                "pinned_rank" integer,
                "removed_at" TIMESTAMP WITH TIME ZONE,
                "removed_in_review_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_assessment_priorities_removed" CHECK (("removed_at" IS NULL) = ("rank" IS NOT NULL)),
                CONSTRAINT "ck_assessment_priorities_rank" CHECK (
                    "rank" >= 1
                    AND "pinned_rank" >= 1
                ),
                CONSTRAINT "ck_assessment_priorities_risk_score" CHECK ("risk_score" = "impact" * "likelihood"),
                CONSTRAINT "ck_assessment_priorities_likelihood" CHECK (
                    "likelihood" BETWEEN 1 AND 4
                ),
                CONSTRAINT "ck_assessment_priorities_impact" CHECK (
                    "impact" BETWEEN 1 AND 4
                ),
                CONSTRAINT "PK_fced428edc305083c2af1008eae" PRIMARY KEY ("id")
    `),
    createIndex('assessment_priorities', 'uq_assessment_priorities_assessment_seq', ['strategic_assessment_id', 'seq'], { unique: true }),
    createIndex('assessment_priorities', 'ix_assessment_priorities_assessment_rank', ['strategic_assessment_id', 'rank']),
    createTable('assessment_reviews', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "strategic_assessment_id" uuid NOT NULL,
                "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "reviewed_by" uuid NOT NULL,
                "summary" text NOT NULL,
                "previous_review_due" date NOT NULL,
                "next_review_due" date NOT NULL,
                "was_overdue" boolean NOT NULL,
                "priority_changes" jsonb NOT NULL,
                CONSTRAINT "PK_750612f68c8fcbc4e37c28f1f33" PRIMARY KEY ("id")
    `),
    createIndex('assessment_reviews', 'ix_assessment_reviews_assessment_reviewed', ['strategic_assessment_id', 'reviewed_at', 'id']),
    createTable('control_strategies', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "version_number" integer NOT NULL,
                "strategic_assessment_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'draft',
                "notes" text,
                "published_at" TIMESTAMP WITH TIME ZONE,
                "published_by" uuid,
                "superseded_at" TIMESTAMP WITH TIME ZONE,
                "superseded_by_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_control_strategies_published" CHECK (
                    "status" = 'draft'
                    OR (
                        "published_at" IS NOT NULL
                        AND "published_by" IS NOT NULL
                    )
                ),
                CONSTRAINT "ck_control_strategies_version_number" CHECK ("version_number" >= 1),
                CONSTRAINT "ck_control_strategies_status" CHECK ("status" IN ('draft', 'current', 'superseded')),
                CONSTRAINT "PK_5ebd56e4991a0b3b9691e5bfb94" PRIMARY KEY ("id")
    `),
    createIndex('control_strategies', 'ix_control_strategies_assessment', ['strategic_assessment_id']),
    createIndex('control_strategies', 'uq_control_strategies_partnership_version', ['partnership_id', 'version_number'], { unique: true }),
    createIndex('control_strategies', 'uq_control_strategies_one_current', ['partnership_id'], { unique: true, where: `"status" = 'current'` }),
    createTable('control_strategy_priorities', `
                "control_strategy_id" uuid NOT NULL,
                "id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "assessment_priority_id" uuid NOT NULL,
                "lead_agency_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "title" text NOT NULL,
                "category" text NOT NULL,
                "strands" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7db38c74272838a068f10d80e6a" PRIMARY KEY ("control_strategy_id", "id")
    `),
    createIndex('control_strategy_priorities', 'ix_control_strategy_priorities_lead_agency', ['lead_agency_id']),
    createIndex('control_strategy_priorities', 'ix_control_strategy_priorities_assessment_priority', ['assessment_priority_id']),
    createIndex('control_strategy_priorities', 'ix_control_strategy_priorities_partnership_id', ['partnership_id', 'id']),
    createIndex('control_strategy_priorities', 'uq_control_strategy_priorities_assessment_priority', ['control_strategy_id', 'assessment_priority_id'], { unique: true }),
    partnershipKey('strategic_assessments', 'FK_cebc47bb484c529c48e0469df4e'),
    foreignKey('assessment_priorities', 'FK_46dd90be9aef3f881413ff14e2f', 'strategic_assessment_id', 'strategic_assessments', 'CASCADE'),
    foreignKey('assessment_reviews', 'FK_b1b42c317a249d4a991e5535c55', 'strategic_assessment_id', 'strategic_assessments', 'CASCADE'),
    partnershipKey('control_strategies', 'FK_54c5d62c852b3398603d22ad14e'),
    foreignKey('control_strategies', 'FK_7cd448f2160a7dd30ae44bd20cf', 'strategic_assessment_id', 'strategic_assessments', 'RESTRICT'),
    foreignKey('control_strategy_priorities', 'FK_f886f5f7e5c8a0636805b288fcb', 'control_strategy_id', 'control_strategies', 'CASCADE'),
    foreignKey('control_strategy_priorities', 'FK_735f11ddc2a25222d7aafadae11', 'assessment_priority_id', 'assessment_priorities', 'RESTRICT'),
    foreignKey('control_strategy_priorities', 'FK_cef7dc3af55b7f2237480c926fa', 'lead_agency_id', 'agencies', 'RESTRICT'),
];

export class AssessmentsAndStrategies1795262422924 implements MigrationInterface {
    name = 'AssessmentsAndStrategies1795262422924'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);

        // Row-level security (see the Init migration for the pattern): every
        // table of these contexts belongs to a partnership.
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
        // Reviews are history: append-only for every role but the owner (the
        // role bootstrap keeps it so: APPEND_ONLY_TABLES).
        await makeAppendOnly(queryRunner, 'assessment_reviews');
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await revertChanges(queryRunner, SCHEMA);
    }

}
