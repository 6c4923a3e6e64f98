import { MigrationInterface, QueryRunner } from "typeorm";
import { FIRST_OUTBOX_EVENT_TYPES, dropTenantIsolation, enableTenantIsolation, replaceOutboxEventTypeCheck } from "./support";

/** Every table of the community context belongs to a partnership (row-level security below). */
const TENANT_TABLES = [
    'engagements',
    'engagement_issues',
    'intelligence_source_counters',
    'intelligence_sources',
    'intelligence_items',
];

/**
 * Community engagement (engagements, the issues raised at them and their public
 * answers) and community intelligence (items graded 3x5x2 with CHECK constraints,
 * their handling conditions, and the sources held apart from them).
 */
export class CommunityEngagementAndIntelligence1796125450278 implements MigrationInterface {
    name = 'CommunityEngagementAndIntelligence1796125450278'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "engagements" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagements_area_codes" ON "engagements" USING gin ("area_codes")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagements_partnership_kind_held" ON "engagements" ("partnership_id", "kind", "held_on", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagements_partnership_held" ON "engagements" ("partnership_id", "held_on", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "engagement_issues" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_published" ON "engagement_issues" ("partnership_id", "raised_on", "area_code")
            WHERE "published_at" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_requirement" ON "engagement_issues" (
                "partnership_id",
                "strategic_assessment_id",
                "requirement_index"
            )
            WHERE "strategic_assessment_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_priority" ON "engagement_issues" ("partnership_id", "control_strategy_priority_id")
            WHERE "control_strategy_priority_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_problem" ON "engagement_issues" ("partnership_id", "problem_id")
            WHERE "problem_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_partnership_area" ON "engagement_issues" ("partnership_id", "area_code", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_partnership_category" ON "engagement_issues" ("partnership_id", "category", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_partnership_status" ON "engagement_issues" ("partnership_id", "status", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_partnership_id" ON "engagement_issues" ("partnership_id", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_engagement" ON "engagement_issues" ("engagement_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "intelligence_sources" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_sources_partnership_kind" ON "intelligence_sources" ("partnership_id", "kind", "number")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_intelligence_sources_partnership_handle" ON "intelligence_sources" ("partnership_id", "handle")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_intelligence_sources_partnership_number" ON "intelligence_sources" ("partnership_id", "number")
        `);
        await queryRunner.query(`
            CREATE TABLE "intelligence_items" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_requirement" ON "intelligence_items" (
                "partnership_id",
                "strategic_assessment_id",
                "requirement_index"
            )
            WHERE "strategic_assessment_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_priority" ON "intelligence_items" ("partnership_id", "control_strategy_priority_id")
            WHERE "control_strategy_priority_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_problem" ON "intelligence_items" ("partnership_id", "problem_id")
            WHERE "problem_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_source" ON "intelligence_items" ("partnership_id", "source_id")
            WHERE "source_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_partnership_handling" ON "intelligence_items" ("partnership_id", "handling_code", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_partnership_grade" ON "intelligence_items" (
                "partnership_id",
                "source_evaluation",
                "intelligence_assessment",
                "id"
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_partnership_area" ON "intelligence_items" ("partnership_id", "area_code", "id")
            WHERE "area_code" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_partnership_category" ON "intelligence_items" ("partnership_id", "category", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_partnership_reported" ON "intelligence_items" ("partnership_id", "reported_on", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_partnership_id" ON "intelligence_items" ("partnership_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "intelligence_source_counters" (
                "partnership_id" uuid NOT NULL,
                "last_number" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ad8e9c283577ca6bd0270c46a6a" PRIMARY KEY ("partnership_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "engagements"
            ADD CONSTRAINT "FK_a3dd2483ef04819c7481fd0d4a6" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues"
            ADD CONSTRAINT "FK_405c01c90d52eb0353ccf3d18a6" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues"
            ADD CONSTRAINT "FK_a1ad2c8fd02651d01aa7080cd24" FOREIGN KEY ("problem_id") REFERENCES "problems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues"
            ADD CONSTRAINT "FK_e5ad38137b2f0c4c540c21b097c" FOREIGN KEY ("strategic_assessment_id") REFERENCES "strategic_assessments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues"
            ADD CONSTRAINT "FK_41ce9c105b625bfc351551f9149" FOREIGN KEY ("answer_agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_sources"
            ADD CONSTRAINT "FK_4060b27d8e83b9f13a035e9ad7b" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_items"
            ADD CONSTRAINT "FK_349357a4593dea0b358d27bd291" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_items"
            ADD CONSTRAINT "FK_c820e4a0beffbcc95cb503dc965" FOREIGN KEY ("source_id") REFERENCES "intelligence_sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_items"
            ADD CONSTRAINT "FK_9be291a9077e53028fcad935fd8" FOREIGN KEY ("problem_id") REFERENCES "problems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_items"
            ADD CONSTRAINT "FK_a7d5ae04796de8b09d8605f4f42" FOREIGN KEY ("strategic_assessment_id") REFERENCES "strategic_assessments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_source_counters"
            ADD CONSTRAINT "FK_ad8e9c283577ca6bd0270c46a6a" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);

        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_partnership_answered" ON "engagement_issues" ("partnership_id", "id")
            WHERE "answered_at" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_engagement_issues_partnership_published_id" ON "engagement_issues" ("partnership_id", "id")
            WHERE "published_at" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_intelligence_items_partnership_assessment" ON "intelligence_items" ("partnership_id", "intelligence_assessment", "id")
        `);
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
        await queryRunner.query(`
            ALTER TABLE "intelligence_source_counters" DROP CONSTRAINT "FK_ad8e9c283577ca6bd0270c46a6a"
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_items" DROP CONSTRAINT "FK_a7d5ae04796de8b09d8605f4f42"
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_items" DROP CONSTRAINT "FK_9be291a9077e53028fcad935fd8"
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_items" DROP CONSTRAINT "FK_c820e4a0beffbcc95cb503dc965"
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_items" DROP CONSTRAINT "FK_349357a4593dea0b358d27bd291"
        `);
        await queryRunner.query(`
            ALTER TABLE "intelligence_sources" DROP CONSTRAINT "FK_4060b27d8e83b9f13a035e9ad7b"
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues" DROP CONSTRAINT "FK_41ce9c105b625bfc351551f9149"
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues" DROP CONSTRAINT "FK_e5ad38137b2f0c4c540c21b097c"
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues" DROP CONSTRAINT "FK_a1ad2c8fd02651d01aa7080cd24"
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues" DROP CONSTRAINT "FK_405c01c90d52eb0353ccf3d18a6"
        `);
        await queryRunner.query(`
            ALTER TABLE "engagements" DROP CONSTRAINT "FK_a3dd2483ef04819c7481fd0d4a6"
        `);
        await queryRunner.query(`
            DROP TABLE "intelligence_source_counters"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_partnership_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_partnership_reported"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_partnership_category"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_partnership_area"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_partnership_grade"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_partnership_handling"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_source"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_problem"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_priority"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_items_requirement"
        `);
        await queryRunner.query(`
            DROP TABLE "intelligence_items"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_intelligence_sources_partnership_number"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_intelligence_sources_partnership_handle"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_intelligence_sources_partnership_kind"
        `);
        await queryRunner.query(`
            DROP TABLE "intelligence_sources"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_engagement"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_partnership_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_partnership_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_partnership_category"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_partnership_area"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_problem"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_priority"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_requirement"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagement_issues_published"
        `);
        await queryRunner.query(`
            DROP TABLE "engagement_issues"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagements_partnership_held"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagements_partnership_kind_held"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_engagements_area_codes"
        `);
        await queryRunner.query(`
            DROP TABLE "engagements"
        `);
    }

}
