import { MigrationInterface, QueryRunner } from "typeorm";
import { FIRST_OUTBOX_EVENT_TYPES, PARTNERSHIP_OWNED_COLUMNS, applyChanges, createIndex, createTable, dropTenantIsolation, enableTenantIsolation, foreignKey, partnershipKey, replaceOutboxEventTypeCheck, revertChanges } from "./support";

/** Every table of the community context belongs to a partnership (row-level security below). */
const TENANT_TABLES = [
    'engagements',
    'engagement_issues',
    'intelligence_source_counters',
    'intelligence_sources',
    'intelligence_items',
];

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('engagements', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "held_on" date NOT NULL,
                "kind" text NOT NULL,
                "title" text NOT NULL,
                "area_codes" text array NOT NULL,
                "attendance" integer,
                "response_count" integer,
                "agency_ids" uuid array NOT NULL DEFAULT '{}',
                "notes" text,
                "created_by_type" text NOT NULL,
                "created_by_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_engagements_responses" CHECK (
                    "response_count" IS NULL
                    OR "response_count" >= 0
                ),
                CONSTRAINT "ck_engagements_attendance" CHECK (
                    "attendance" IS NULL
                    OR "attendance" >= 0
                ),
                CONSTRAINT "ck_engagements_areas" CHECK (cardinality("area_codes") >= 1),
                CONSTRAINT "ck_engagements_kind" CHECK (
                    "kind" IN (
                        'pact_meeting',
                        'ward_meeting',
                        'survey',
                        'street_briefing',
                        'environmental_visual_audit',
                        'online',
                        'other'
                    )
                ),
                CONSTRAINT "PK_aec8c95c82a37a5791001cdb9ae" PRIMARY KEY ("id")
    `),
    createIndex('engagements', 'ix_engagements_area_codes', ['area_codes'], { using: 'gin' }),
    createIndex('engagements', 'ix_engagements_partnership_kind_held', ['partnership_id', 'kind', 'held_on', 'id']),
    createIndex('engagements', 'ix_engagements_partnership_held', ['partnership_id', 'held_on', 'id']),
    createTable('engagement_issues', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "engagement_id" uuid NOT NULL,
                "raised_on" date NOT NULL,
                "category" text NOT NULL,
                "area_code" text NOT NULL,
                "location_label" text,
                "what_was_said" text NOT NULL,
                "raised_by_count" integer NOT NULL,
                "status" text NOT NULL DEFAULT 'open',
                "problem_id" uuid,
                "control_strategy_priority_id" uuid,
                "closed_reason" text,
                "strategic_assessment_id" uuid,
                "requirement_index" integer,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "answer_text" text,
                "answer_text_cy" text,
                "answer_agency_id" uuid,
                "answered_at" TIMESTAMP WITH TIME ZONE,
                "answered_by" uuid,
                "published_at" TIMESTAMP WITH TIME ZONE,
                "created_by_type" text NOT NULL,
                "created_by_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_engagement_issues_published" CHECK (
                    "published_at" IS NULL
                    OR "answer_text" IS NOT NULL
                ),
                CONSTRAINT "ck_engagement_issues_answer" CHECK (
                    ("answer_text" IS NULL) = ("answered_at" IS NULL)
                    AND ("answer_text" IS NULL) = ("answer_agency_id" IS NULL)
                ),
                CONSTRAINT "ck_engagement_issues_closed" CHECK (
                    ("status" = 'closed') = ("closed_reason" IS NOT NULL)
                ),
                CONSTRAINT "ck_engagement_issues_linked" CHECK (
                    ("status" <> 'linked')
                    OR "problem_id" IS NOT NULL
                    OR "control_strategy_priority_id" IS NOT NULL
                ),
                CONSTRAINT "ck_engagement_issues_nominated" CHECK (
                    ("status" <> 'nominated')
                    OR "problem_id" IS NOT NULL
                ),
                CONSTRAINT "ck_engagement_issues_requirement" CHECK (
                    ("strategic_assessment_id" IS NULL) = ("requirement_index" IS NULL)
                    AND (
                        "requirement_index" IS NULL
                        OR "requirement_index" >= 0
                    )
                ),
                CONSTRAINT "ck_engagement_issues_raised_by" CHECK ("raised_by_count" >= 1),
                CONSTRAINT "ck_engagement_issues_status" CHECK (
                    "status" IN ('open', 'nominated', 'linked', 'closed')
                ),
                CONSTRAINT "PK_e1be5679dbdf2947db4567267bb" PRIMARY KEY ("id")
    `),
    createIndex('engagement_issues', 'ix_engagement_issues_published', ['partnership_id', 'raised_on', 'area_code'], { where: '"published_at" IS NOT NULL' }),
    createIndex('engagement_issues', 'ix_engagement_issues_requirement', ['partnership_id', 'strategic_assessment_id', 'requirement_index'], { where: '"strategic_assessment_id" IS NOT NULL' }),
    createIndex('engagement_issues', 'ix_engagement_issues_priority', ['partnership_id', 'control_strategy_priority_id'], { where: '"control_strategy_priority_id" IS NOT NULL' }),
    createIndex('engagement_issues', 'ix_engagement_issues_problem', ['partnership_id', 'problem_id'], { where: '"problem_id" IS NOT NULL' }),
    createIndex('engagement_issues', 'ix_engagement_issues_partnership_area', ['partnership_id', 'area_code', 'id']),
    createIndex('engagement_issues', 'ix_engagement_issues_partnership_category', ['partnership_id', 'category', 'id']),
    createIndex('engagement_issues', 'ix_engagement_issues_partnership_status', ['partnership_id', 'status', 'id']),
    createIndex('engagement_issues', 'ix_engagement_issues_partnership_id', ['partnership_id', 'id']),
    createIndex('engagement_issues', 'ix_engagement_issues_engagement', ['engagement_id', 'id']),
    createTable('intelligence_sources', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "number" integer NOT NULL,
                "handle" text NOT NULL,
                "kind" text NOT NULL,
                "identity" text,
                "contact" text,
                "notes" text,
                "created_by_type" text NOT NULL,
                "created_by_id" uuid,
                CONSTRAINT "ck_intelligence_sources_number" CHECK ("number" >= 1),
                CONSTRAINT "ck_intelligence_sources_kind" CHECK (
                    "kind" IN (
                        'community_member',
                        'partner_agency',
                        'elected_member',
                        'third_sector',
                        'anonymous'
                    )
                ),
                CONSTRAINT "PK_4b959cb5037e73560a4741e78b5" PRIMARY KEY ("id")
    `),
    createIndex('intelligence_sources', 'ix_intelligence_sources_partnership_kind', ['partnership_id', 'kind', 'number']),
    createIndex('intelligence_sources', 'uq_intelligence_sources_partnership_handle', ['partnership_id', 'handle'], { unique: true }),
    createIndex('intelligence_sources', 'uq_intelligence_sources_partnership_number', ['partnership_id', 'number'], { unique: true }),
    createTable('intelligence_items', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "reported_on" date NOT NULL,
                "category" text NOT NULL,
                "area_code" text,
                "location_label" text,
                "content" text NOT NULL,
                "source_evaluation" smallint NOT NULL,
                "intelligence_assessment" text NOT NULL,
                "handling_code" text NOT NULL,
                "handling_conditions" text,
                "handling_roles" text array NOT NULL DEFAULT '{}',
                "handling_agency_ids" uuid array NOT NULL DEFAULT '{}',
                "source_id" uuid,
                "problem_id" uuid,
                "control_strategy_priority_id" uuid,
                "strategic_assessment_id" uuid,
                "requirement_index" integer,
                "created_by_type" text NOT NULL,
                "created_by_id" uuid,
                CONSTRAINT "ck_intelligence_items_requirement" CHECK (
                    ("strategic_assessment_id" IS NULL) = ("requirement_index" IS NULL)
                    AND (
                        "requirement_index" IS NULL
                        OR "requirement_index" >= 0
                    )
                ),
                CONSTRAINT "ck_intelligence_items_handling_roles" CHECK (
                    "handling_roles" <@ ARRAY ['admin', 'analyst', 'chair', 'partner', 'viewer']::text []
                ),
                CONSTRAINT "ck_intelligence_items_handling_conditions" CHECK (
                    ("handling_code" = 'C') = ("handling_conditions" IS NOT NULL)
                    AND (
                        "handling_code" = 'C'
                        OR (
                            cardinality("handling_roles") = 0
                            AND cardinality("handling_agency_ids") = 0
                        )
                    )
                ),
                CONSTRAINT "ck_intelligence_items_handling_code" CHECK ("handling_code" IN ('P', 'C')),
                CONSTRAINT "ck_intelligence_items_assessment" CHECK (
                    "intelligence_assessment" IN ('A', 'B', 'C', 'D', 'E')
                ),
                CONSTRAINT "ck_intelligence_items_source_evaluation" CHECK ("source_evaluation" IN (1, 2, 3)),
                CONSTRAINT "PK_770a1717f4c6b613003b17a064e" PRIMARY KEY ("id")
    `),
    createIndex('intelligence_items', 'ix_intelligence_items_requirement', ['partnership_id', 'strategic_assessment_id', 'requirement_index'], { where: '"strategic_assessment_id" IS NOT NULL' }),
    createIndex('intelligence_items', 'ix_intelligence_items_priority', ['partnership_id', 'control_strategy_priority_id'], { where: '"control_strategy_priority_id" IS NOT NULL' }),
    createIndex('intelligence_items', 'ix_intelligence_items_problem', ['partnership_id', 'problem_id'], { where: '"problem_id" IS NOT NULL' }),
    createIndex('intelligence_items', 'ix_intelligence_items_source', ['partnership_id', 'source_id'], { where: '"source_id" IS NOT NULL' }),
    createIndex('intelligence_items', 'ix_intelligence_items_partnership_handling', ['partnership_id', 'handling_code', 'id']),
    createIndex('intelligence_items', 'ix_intelligence_items_partnership_grade', ['partnership_id', 'source_evaluation', 'intelligence_assessment', 'id']),
    createIndex('intelligence_items', 'ix_intelligence_items_partnership_area', ['partnership_id', 'area_code', 'id'], { where: '"area_code" IS NOT NULL' }),
    createIndex('intelligence_items', 'ix_intelligence_items_partnership_category', ['partnership_id', 'category', 'id']),
    createIndex('intelligence_items', 'ix_intelligence_items_partnership_reported', ['partnership_id', 'reported_on', 'id']),
    createIndex('intelligence_items', 'ix_intelligence_items_partnership_id', ['partnership_id', 'id']),
    createTable('intelligence_source_counters', `
                "partnership_id" uuid NOT NULL,
                "last_number" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ad8e9c283577ca6bd0270c46a6a" PRIMARY KEY ("partnership_id")
    `),
    partnershipKey('engagements', 'FK_a3dd2483ef04819c7481fd0d4a6'),
    foreignKey('engagement_issues', 'FK_405c01c90d52eb0353ccf3d18a6', 'engagement_id', 'engagements', 'CASCADE'),
    foreignKey('engagement_issues', 'FK_a1ad2c8fd02651d01aa7080cd24', 'problem_id', 'problems', 'RESTRICT'),
    foreignKey('engagement_issues', 'FK_e5ad38137b2f0c4c540c21b097c', 'strategic_assessment_id', 'strategic_assessments', 'RESTRICT'),
    foreignKey('engagement_issues', 'FK_41ce9c105b625bfc351551f9149', 'answer_agency_id', 'agencies', 'RESTRICT'),
    partnershipKey('intelligence_sources', 'FK_4060b27d8e83b9f13a035e9ad7b'),
    partnershipKey('intelligence_items', 'FK_349357a4593dea0b358d27bd291'),
    foreignKey('intelligence_items', 'FK_c820e4a0beffbcc95cb503dc965', 'source_id', 'intelligence_sources', 'RESTRICT'),
    foreignKey('intelligence_items', 'FK_9be291a9077e53028fcad935fd8', 'problem_id', 'problems', 'RESTRICT'),
    foreignKey('intelligence_items', 'FK_a7d5ae04796de8b09d8605f4f42', 'strategic_assessment_id', 'strategic_assessments', 'RESTRICT'),
    partnershipKey('intelligence_source_counters', 'FK_ad8e9c283577ca6bd0270c46a6a'),
];

/** Indexes added by hand after the generated schema (down() drops them one line each). */
const LIST_INDEXES = [
    createIndex('engagement_issues', 'ix_engagement_issues_partnership_answered', ['partnership_id', 'id'], { where: '"answered_at" IS NOT NULL' }),
    createIndex('engagement_issues', 'ix_engagement_issues_partnership_published_id', ['partnership_id', 'id'], { where: '"published_at" IS NOT NULL' }),
    createIndex('intelligence_items', 'ix_intelligence_items_partnership_assessment', ['partnership_id', 'intelligence_assessment', 'id'], { inline: true }),
];

/**
 * Community engagement (engagements, the issues raised at them and their public
 * answers) and community intelligence (items graded 3x5x2 with CHECK constraints,
 * their handling conditions, and the sources held apart from them).
 */
export class CommunityEngagementAndIntelligence1796125450278 implements MigrationInterface {
    name = 'CommunityEngagementAndIntelligence1796125450278'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);
        await applyChanges(queryRunner, LIST_INDEXES);
        // The two events this context emits (DOMAIN_EVENTS): the outbox's CHECK lists every event type.
        await replaceOutboxEventTypeCheck(queryRunner, [...FIRST_OUTBOX_EVENT_TYPES, 'engagement.recorded', 'you_said_we_did.published']);

        // Row-level security (the pattern of the Init migration).
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await replaceOutboxEventTypeCheck(queryRunner, FIRST_OUTBOX_EVENT_TYPES);
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await queryRunner.query(`DROP INDEX "public"."ix_intelligence_items_partnership_assessment"`);
        await queryRunner.query(`DROP INDEX "public"."ix_engagement_issues_partnership_published_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_engagement_issues_partnership_answered"`);
        await revertChanges(queryRunner, SCHEMA);
    }

}
