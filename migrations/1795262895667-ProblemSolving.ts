import { MigrationInterface, QueryRunner } from "typeorm";
import { PARTNERSHIP_OWNED_COLUMNS, applyChanges, createIndex, createRowTrigger, createTable, dropTenantIsolation, enableTenantIsolation, foreignKey, generatedColumnMetadata, makeAppendOnly, partnershipKey, revertChanges } from "./support";

const TENANT_TABLES = [
    'problem_categories',
    'problem_reference_counters',
    'problems',
    'problem_locations',
    'problem_analyses',
    'problem_responses',
    'problem_evaluations',
    'problem_stage_changes',
];

/**
 * The categories every partnership starts with (DEFAULT_PROBLEM_CATEGORIES in
 * libs/domain/src/problems/problem.constants.ts, written out here so this
 * migration never changes; a test checks the two agree).
 */
const DEFAULT_CATEGORIES_SQL = `(VALUES
    ('anti-social-behaviour', 'Anti-social behaviour', 1),
    ('vawdasv', 'Violence against women, domestic abuse and sexual violence', 2),
    ('substance-misuse', 'Substance misuse', 3),
    ('acquisitive-crime', 'Acquisitive crime', 4),
    ('criminal-damage-and-arson', 'Criminal damage and arson', 5),
    ('hate-crime', 'Hate crime', 6),
    ('serious-violence', 'Serious violence', 7),
    ('exploitation', 'Exploitation', 8),
    ('road-safety', 'Road safety', 9),
    ('environmental', 'Environmental', 10)
) AS c(slug, name, position)`;

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('problem_categories', `
                "partnership_id" uuid NOT NULL,
                "slug" text NOT NULL,
                "name" text NOT NULL,
                "position" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_62451ee9bc6dc75642447b0648c" PRIMARY KEY ("partnership_id", "slug")
    `),
    createIndex('problem_categories', 'ix_problem_categories_partnership_position', ['partnership_id', 'position', 'slug']),
    generatedColumnMetadata('problems', 'search', `to_tsvector('english'::regconfig, coalesce("title", '') || ' ' || coalesce("description", ''))`),
    createTable('problems', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "number" integer NOT NULL,
                "reference" text NOT NULL,
                "title" text NOT NULL,
                "description" text,
                "objective" text,
                "category" text NOT NULL,
                "source" text NOT NULL,
                "control_strategy_priority_id" uuid,
                "stage" text NOT NULL DEFAULT 'scanning',
                "stage_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "planned_assessment_date" date,
                "evaluated_at" TIMESTAMP WITH TIME ZONE,
                "search" tsvector GENERATED ALWAYS AS (
                    to_tsvector(
                        'english'::regconfig,
                        coalesce("title", '') || ' ' || coalesce("description", '')
                    )
                ) STORED NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_problems_number" CHECK ("number" >= 1),
                CONSTRAINT "ck_problems_source" CHECK (
                    "source" IN (
                        'community_engagement',
                        'monitoring',
                        'referral',
                        'strategic_assessment',
                        'community_intelligence',
                        'partner_intelligence',
                        'environmental_visual_audit',
                        'complaint',
                        'asb_case_review'
                    )
                ),
                CONSTRAINT "ck_problems_stage" CHECK (
                    "stage" IN (
                        'scanning',
                        'analysis',
                        'response',
                        'assessment',
                        'closed'
                    )
                ),
                CONSTRAINT "PK_b3994afba6ab64a42cda1ccaeff" PRIMARY KEY ("id")
    `),
    createIndex('problems', 'ix_problems_search', ['search'], { using: 'gin' }),
    createIndex('problems', 'ix_problems_unevaluated', ['partnership_id', 'stage', 'planned_assessment_date'], { where: '"evaluated_at" IS NULL' }),
    createIndex('problems', 'ix_problems_partnership_priority_number', ['partnership_id', 'control_strategy_priority_id', 'number'], { where: '"control_strategy_priority_id" IS NOT NULL' }),
    createIndex('problems', 'ix_problems_partnership_source_number', ['partnership_id', 'source', 'number']),
    createIndex('problems', 'ix_problems_partnership_category_number', ['partnership_id', 'category', 'number']),
    createIndex('problems', 'ix_problems_partnership_stage_number', ['partnership_id', 'stage', 'number']),
    createIndex('problems', 'uq_problems_partnership_reference', ['partnership_id', 'reference'], { unique: true }),
    createIndex('problems', 'uq_problems_partnership_number', ['partnership_id', 'number'], { unique: true }),
    createTable('problem_analyses', `
                "problem_id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "offender" text,
                "handler" text,
                "victim" text,
                "guardian" text,
                "location" text,
                "manager" text,
                "repeat_patterns" text array NOT NULL DEFAULT '{}',
                "baseline_measure" text,
                "baseline_period_start" date,
                "baseline_period_end" date,
                "baseline_value" double precision,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_problem_analyses_repeat_patterns" CHECK (
                    "repeat_patterns" <@ ARRAY ['repeat_offender', 'repeat_victim', 'repeat_location']::text []
                ),
                CONSTRAINT "ck_problem_analyses_baseline_period" CHECK ("baseline_period_end" >= "baseline_period_start"),
                CONSTRAINT "ck_problem_analyses_baseline" CHECK (
                    ("baseline_measure" IS NULL) = ("baseline_value" IS NULL)
                    AND ("baseline_measure" IS NULL) = ("baseline_period_start" IS NULL)
                    AND ("baseline_measure" IS NULL) = ("baseline_period_end" IS NULL)
                ),
                CONSTRAINT "PK_621f3b14f3d615f0b52627b4686" PRIMARY KEY ("problem_id")
    `),
    createTable('problem_evaluations', `
                "problem_id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "process" jsonb NOT NULL,
                "impact_measure" text NOT NULL,
                "impact_period_start" date NOT NULL,
                "impact_period_end" date NOT NULL,
                "impact_value" double precision NOT NULL,
                "impact_result" text NOT NULL,
                "displacement_kinds" text array NOT NULL,
                "displacement_note" text,
                "diffusion_of_benefits" text,
                "lessons" text NOT NULL,
                "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "evaluated_by_type" text NOT NULL,
                "evaluated_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_problem_evaluations_displacement" CHECK (
                    "displacement_kinds" <@ ARRAY ['none', 'spatial', 'temporal', 'tactical', 'target', 'offence']::text []
                    AND cardinality("displacement_kinds") >= 1
                ),
                CONSTRAINT "ck_problem_evaluations_period" CHECK ("impact_period_end" >= "impact_period_start"),
                CONSTRAINT "ck_problem_evaluations_result" CHECK (
                    "impact_result" IN (
                        'eliminated',
                        'reduced',
                        'less_harmful',
                        'handled_elsewhere',
                        'no_change',
                        'worse'
                    )
                ),
                CONSTRAINT "PK_6fad8cf42e1360f2bf096c93d51" PRIMARY KEY ("problem_id")
    `),
    createTable('problem_locations', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "problem_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "code" text,
                "label" text NOT NULL,
                "lat" double precision,
                "lng" double precision,
                CONSTRAINT "ck_problem_locations_coordinates" CHECK (
                    ("lat" IS NULL) = ("lng" IS NULL)
                    AND (
                        "lat" IS NULL
                        OR (
                            "lat" BETWEEN -90 AND 90
                            AND "lng" BETWEEN -180 AND 180
                        )
                    )
                ),
                CONSTRAINT "PK_07362cfddfc5f9a6150ebfb1f15" PRIMARY KEY ("id")
    `),
    createIndex('problem_locations', 'ix_problem_locations_partnership_code', ['partnership_id', 'code', 'problem_id'], { where: '"code" IS NOT NULL' }),
    createIndex('problem_locations', 'uq_problem_locations_problem_position', ['problem_id', 'position'], { unique: true }),
    createTable('problem_reference_counters', `
                "partnership_id" uuid NOT NULL,
                "last_number" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_98a83040f4a8b117b0ab5432b9b" PRIMARY KEY ("partnership_id")
    `),
    createTable('problem_responses', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "problem_id" uuid NOT NULL,
                "description" text NOT NULL,
                "type" text NOT NULL,
                "owner_agency_id" uuid NOT NULL,
                "start_date" date NOT NULL,
                "end_date" date,
                "status" text NOT NULL DEFAULT 'planned',
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_problem_responses_dates" CHECK (
                    "end_date" IS NULL
                    OR "end_date" >= "start_date"
                ),
                CONSTRAINT "ck_problem_responses_status" CHECK (
                    "status" IN (
                        'planned',
                        'in_progress',
                        'delivered',
                        'cancelled'
                    )
                ),
                CONSTRAINT "ck_problem_responses_type" CHECK (
                    "type" IN (
                        'enforcement',
                        'target_hardening',
                        'environmental_design',
                        'diversion',
                        'support',
                        'education',
                        'mediation',
                        'other'
                    )
                ),
                CONSTRAINT "PK_a5393820dc277f9cfbc8416e4ca" PRIMARY KEY ("id")
    `),
    createIndex('problem_responses', 'ix_problem_responses_owner_agency', ['partnership_id', 'owner_agency_id']),
    createIndex('problem_responses', 'ix_problem_responses_problem_created', ['problem_id', 'created_at', 'id']),
    createTable('problem_stage_changes', `
                "id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "problem_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "from_stage" text,
                "to_stage" text NOT NULL,
                "reason" text,
                "actor_type" text NOT NULL,
                "actor_id" uuid,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_problem_stage_changes_kind" CHECK ("kind" IN ('created', 'advanced', 'reopened')),
                CONSTRAINT "ck_problem_stage_changes_from" CHECK (
                    "from_stage" IS NULL
                    OR "from_stage" IN (
                        'scanning',
                        'analysis',
                        'response',
                        'assessment',
                        'closed'
                    )
                ),
                CONSTRAINT "ck_problem_stage_changes_to" CHECK (
                    "to_stage" IN (
                        'scanning',
                        'analysis',
                        'response',
                        'assessment',
                        'closed'
                    )
                ),
                CONSTRAINT "PK_d910d9190b10cc099c36ffcfe56" PRIMARY KEY ("id")
    `),
    createIndex('problem_stage_changes', 'ix_problem_stage_changes_problem_changed', ['problem_id', 'changed_at', 'id']),
    partnershipKey('problem_categories', 'FK_b0dbbc83fa232cb30c9a8a99f1f'),
    partnershipKey('problems', 'FK_1b6616633b3da1628165326570b'),
    foreignKey('problems', 'FK_8bd23903bb8de48b33a6e3e135f', ['partnership_id', 'category'], 'problem_categories', 'NO ACTION', ['partnership_id', 'slug']),
    foreignKey('problem_analyses', 'FK_621f3b14f3d615f0b52627b4686', 'problem_id', 'problems', 'CASCADE'),
    foreignKey('problem_evaluations', 'FK_6fad8cf42e1360f2bf096c93d51', 'problem_id', 'problems', 'CASCADE'),
    foreignKey('problem_locations', 'FK_2279fda1ac0d3aba68b935745b8', 'problem_id', 'problems', 'CASCADE'),
    partnershipKey('problem_reference_counters', 'FK_98a83040f4a8b117b0ab5432b9b'),
    foreignKey('problem_responses', 'FK_0b6e9e11cd54ecce9b6b2e89333', 'problem_id', 'problems', 'CASCADE'),
    foreignKey('problem_responses', 'FK_776bee239321e7b15b549a7f510', 'owner_agency_id', 'agencies', 'NO ACTION'),
    foreignKey('problem_stage_changes', 'FK_640c8bd80d014704a95d266bfce', 'problem_id', 'problems', 'CASCADE'),
];

export class ProblemSolving1795262895667 implements MigrationInterface {
    name = 'ProblemSolving1795262895667'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);

        // Every partnership starts with the default categories: those that
        // exist now (seeded before row-level security is switched on, as the
        // owner is bound by it once forced), and every one inserted later,
        // by whichever path (API, seed, CLI), through a trigger that runs in
        // the inserting transaction (inside the new partnership's context).
        await queryRunner.query(`
            INSERT INTO "problem_categories" ("partnership_id", "slug", "name", "position")
            SELECT p."id", c.slug, c.name, c.position FROM "partnerships" p CROSS JOIN ${DEFAULT_CATEGORIES_SQL}
            ON CONFLICT DO NOTHING
        `);
        await queryRunner.query(`
            CREATE FUNCTION "seed_problem_categories"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO "problem_categories" ("partnership_id", "slug", "name", "position")
                SELECT NEW."id", c.slug, c.name, c.position FROM ${DEFAULT_CATEGORIES_SQL}
                ON CONFLICT DO NOTHING;
                RETURN NULL;
            END
            $$
        `);
        await createRowTrigger(queryRunner, 'partnerships_seed_problem_categories', 'AFTER INSERT', 'partnerships', 'seed_problem_categories');

        // Row-level security (see the Init migration for the pattern): every
        // table of the problems context belongs to a partnership.
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
        // Stage history is append-only for every role but the owner (the role
        // bootstrap keeps it so: APPEND_ONLY_TABLES).
        await makeAppendOnly(queryRunner, 'problem_stage_changes');
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER IF EXISTS "partnerships_seed_problem_categories" ON "partnerships"`);
        await queryRunner.query(`DROP FUNCTION IF EXISTS "seed_problem_categories"()`);
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await revertChanges(queryRunner, SCHEMA);
    }

}
