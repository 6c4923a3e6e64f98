import { MigrationInterface, QueryRunner } from "typeorm";
import { dropTenantIsolation, enableTenantIsolation, makeAppendOnly } from "./support";

const TENANT_TABLES = ['strategic_assessments', 'assessment_priorities', 'assessment_reviews', 'control_strategies', 'control_strategy_priorities'];

export class AssessmentsAndStrategies1795262422924 implements MigrationInterface {
    name = 'AssessmentsAndStrategies1795262422924'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "strategic_assessments" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_strategic_assessments_review_due" ON "strategic_assessments" ("next_review_due")
            WHERE "status" = 'approved'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_strategic_assessments_partnership_status_id" ON "strategic_assessments" ("partnership_id", "status", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_strategic_assessments_partnership_id" ON "strategic_assessments" ("partnership_id", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_strategic_assessments_one_approved" ON "strategic_assessments" ("partnership_id")
            WHERE "status" = 'approved'
        `);
        await queryRunner.query(`
            CREATE TABLE "assessment_priorities" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_assessment_priorities_assessment_seq" ON "assessment_priorities" ("strategic_assessment_id", "seq")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_assessment_priorities_assessment_rank" ON "assessment_priorities" ("strategic_assessment_id", "rank")
        `);
        await queryRunner.query(`
            CREATE TABLE "assessment_reviews" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "strategic_assessment_id" uuid NOT NULL,
                "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "reviewed_by" uuid NOT NULL,
                "summary" text NOT NULL,
                "previous_review_due" date NOT NULL,
                "next_review_due" date NOT NULL,
                "was_overdue" boolean NOT NULL,
                "priority_changes" jsonb NOT NULL,
                CONSTRAINT "PK_750612f68c8fcbc4e37c28f1f33" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_assessment_reviews_assessment_reviewed" ON "assessment_reviews" ("strategic_assessment_id", "reviewed_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "control_strategies" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_control_strategies_assessment" ON "control_strategies" ("strategic_assessment_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_control_strategies_partnership_version" ON "control_strategies" ("partnership_id", "version_number")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_control_strategies_one_current" ON "control_strategies" ("partnership_id")
            WHERE "status" = 'current'
        `);
        await queryRunner.query(`
            CREATE TABLE "control_strategy_priorities" (
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_control_strategy_priorities_lead_agency" ON "control_strategy_priorities" ("lead_agency_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_control_strategy_priorities_assessment_priority" ON "control_strategy_priorities" ("assessment_priority_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_control_strategy_priorities_partnership_id" ON "control_strategy_priorities" ("partnership_id", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_control_strategy_priorities_assessment_priority" ON "control_strategy_priorities" ("control_strategy_id", "assessment_priority_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "strategic_assessments"
            ADD CONSTRAINT "FK_cebc47bb484c529c48e0469df4e" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "assessment_priorities"
            ADD CONSTRAINT "FK_46dd90be9aef3f881413ff14e2f" FOREIGN KEY ("strategic_assessment_id") REFERENCES "strategic_assessments"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "assessment_reviews"
            ADD CONSTRAINT "FK_b1b42c317a249d4a991e5535c55" FOREIGN KEY ("strategic_assessment_id") REFERENCES "strategic_assessments"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategies"
            ADD CONSTRAINT "FK_54c5d62c852b3398603d22ad14e" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategies"
            ADD CONSTRAINT "FK_7cd448f2160a7dd30ae44bd20cf" FOREIGN KEY ("strategic_assessment_id") REFERENCES "strategic_assessments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategy_priorities"
            ADD CONSTRAINT "FK_f886f5f7e5c8a0636805b288fcb" FOREIGN KEY ("control_strategy_id") REFERENCES "control_strategies"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategy_priorities"
            ADD CONSTRAINT "FK_735f11ddc2a25222d7aafadae11" FOREIGN KEY ("assessment_priority_id") REFERENCES "assessment_priorities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategy_priorities"
            ADD CONSTRAINT "FK_cef7dc3af55b7f2237480c926fa" FOREIGN KEY ("lead_agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);

        // Row-level security (see the Init migration for the pattern): every
        // table of these contexts belongs to a partnership.
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
        // Reviews are history: append-only for every role but the owner (the
        // role bootstrap keeps it so: APPEND_ONLY_TABLES).
        await makeAppendOnly(queryRunner, 'assessment_reviews');
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await queryRunner.query(`
            ALTER TABLE "control_strategy_priorities" DROP CONSTRAINT "FK_cef7dc3af55b7f2237480c926fa"
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategy_priorities" DROP CONSTRAINT "FK_735f11ddc2a25222d7aafadae11"
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategy_priorities" DROP CONSTRAINT "FK_f886f5f7e5c8a0636805b288fcb"
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategies" DROP CONSTRAINT "FK_7cd448f2160a7dd30ae44bd20cf"
        `);
        await queryRunner.query(`
            ALTER TABLE "control_strategies" DROP CONSTRAINT "FK_54c5d62c852b3398603d22ad14e"
        `);
        await queryRunner.query(`
            ALTER TABLE "assessment_reviews" DROP CONSTRAINT "FK_b1b42c317a249d4a991e5535c55"
        `);
        await queryRunner.query(`
            ALTER TABLE "assessment_priorities" DROP CONSTRAINT "FK_46dd90be9aef3f881413ff14e2f"
        `);
        await queryRunner.query(`
            ALTER TABLE "strategic_assessments" DROP CONSTRAINT "FK_cebc47bb484c529c48e0469df4e"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_control_strategy_priorities_assessment_priority"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_control_strategy_priorities_partnership_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_control_strategy_priorities_assessment_priority"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_control_strategy_priorities_lead_agency"
        `);
        await queryRunner.query(`
            DROP TABLE "control_strategy_priorities"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_control_strategies_one_current"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_control_strategies_partnership_version"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_control_strategies_assessment"
        `);
        await queryRunner.query(`
            DROP TABLE "control_strategies"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_assessment_reviews_assessment_reviewed"
        `);
        await queryRunner.query(`
            DROP TABLE "assessment_reviews"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_assessment_priorities_assessment_rank"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_assessment_priorities_assessment_seq"
        `);
        await queryRunner.query(`
            DROP TABLE "assessment_priorities"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_strategic_assessments_one_approved"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_strategic_assessments_partnership_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_strategic_assessments_partnership_status_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_strategic_assessments_review_due"
        `);
        await queryRunner.query(`
            DROP TABLE "strategic_assessments"
        `);
    }

}
