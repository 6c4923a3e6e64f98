import { MigrationInterface, QueryRunner } from "typeorm";
import { FIRST_OUTBOX_EVENT_TYPES, dropTenantIsolation, enableTenantIsolation, makeAppendOnly, replaceOutboxEventTypeCheck } from "./support";

/** Every table of the intake context belongs to a partnership (row-level security, ENABLE + FORCE). */
const TENANT_TABLES = [
    'incidents',
    'incident_subjects',
    'incident_revisions',
    'nominations',
    'nomination_incidents',
    'referrals',
    'incident_imports',
    'intake_settings',
];

/** The incident categories, one line each, as the CHECKs of incidents and referrals list them. */
const CATEGORY_LINES = [
    'anti-social-behaviour',
    'bicycle-theft',
    'burglary',
    'criminal-damage-arson',
    'drugs',
    'other-theft',
    'possession-of-weapons',
    'public-order',
    'robbery',
    'shoplifting',
    'theft-from-the-person',
    'vehicle-crime',
    'violent-crime',
    'other-crime',
    'asb-personal',
    'asb-nuisance',
    'asb-environmental',
    'deliberate-primary-fire',
    'deliberate-secondary-fire',
    'fly-tipping',
].map((category) => `                        '${category}'`).join(',\n');

/** History the runtime roles may only insert and read (APPEND_ONLY_TABLES in the role bootstrap). */
const APPEND_ONLY = ['incident_revisions'];

export class Intake1796127310807 implements MigrationInterface {
    name = 'Intake1796127310807'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "incidents" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "source_system" text NOT NULL,
                "external_id" text NOT NULL,
                "category" text NOT NULL,
                "hate_incident" boolean NOT NULL DEFAULT false,
                "occurred_at" TIMESTAMP WITH TIME ZONE,
                "month_only" boolean NOT NULL,
                "occurred_month" date NOT NULL,
                "occurred_on" date NOT NULL,
                "lsoa_code" text,
                "ward_code" text,
                "location_label" text,
                "location_key" text,
                "lat" double precision,
                "lng" double precision,
                "uprn" text,
                "outcome" text,
                "content_hash" text NOT NULL,
                "import_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_incidents_coordinates" CHECK (("lat" IS NULL) = ("lng" IS NULL)),
                CONSTRAINT "ck_incidents_month_only" CHECK (
                    (
                        "month_only"
                        AND "occurred_at" IS NULL
                    )
                    OR (
                        NOT "month_only"
                        AND "occurred_at" IS NOT NULL
                    )
                ),
                CONSTRAINT "ck_incidents_month" CHECK (
                    "occurred_month" = date_trunc('month', "occurred_month")::date
                ),
                CONSTRAINT "ck_incidents_category" CHECK (
                    "category" IN (
${CATEGORY_LINES}
                    )
                ),
                CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_import" ON "incidents" ("import_id")
            WHERE "import_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_exception_scan" ON "incidents" (
                "partnership_id",
                "occurred_month",
                "lsoa_code",
                "category"
            )
            WHERE "lsoa_code" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_location_scan" ON "incidents" ("partnership_id", "occurred_on", "location_key")
            WHERE "location_key" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_partnership_occurred" ON "incidents" ("partnership_id", "occurred_on", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_partnership_ward" ON "incidents" ("partnership_id", "ward_code", "occurred_on")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_partnership_lsoa" ON "incidents" ("partnership_id", "lsoa_code", "occurred_on")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_partnership_source" ON "incidents" (
                "partnership_id",
                "source_system",
                "created_at",
                "id"
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_partnership_category" ON "incidents" ("partnership_id", "category", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_partnership_created" ON "incidents" ("partnership_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_incidents_source" ON "incidents" ("partnership_id", "source_system", "external_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "incident_subjects" (
                "incident_id" uuid NOT NULL,
                "role" text NOT NULL,
                "subject_hash" text NOT NULL,
                "partnership_id" uuid NOT NULL,
                "occurred_on" date NOT NULL,
                CONSTRAINT "ck_incident_subjects_role" CHECK ("role" IN ('victim', 'offender', 'caller')),
                CONSTRAINT "PK_12dc4d8fc33092cfeffae56bc9e" PRIMARY KEY ("incident_id", "role", "subject_hash")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incident_subjects_scan" ON "incident_subjects" (
                "role",
                "partnership_id",
                "occurred_on",
                "subject_hash"
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "incident_revisions" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "incident_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "data" jsonb NOT NULL,
                "superseded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_1e3ba8d8780dc4269a0c74e48fe" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_incident_revisions_version" ON "incident_revisions" ("incident_id", "version")
        `);
        await queryRunner.query(`
            CREATE TABLE "nominations" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "state" text NOT NULL DEFAULT 'open',
                "cause_key" text NOT NULL,
                "window_start" date NOT NULL,
                "window_end" date NOT NULL,
                "title" text NOT NULL,
                "category" text,
                "location" jsonb,
                "evidence_count" integer NOT NULL DEFAULT '0',
                "data" jsonb NOT NULL DEFAULT '{}',
                "referral_id" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decided_by_type" text,
                "decided_by_id" uuid,
                "decision_meeting_id" uuid,
                "meeting_decision_id" uuid,
                "decision_reason" text,
                "problem_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_nominations_window" CHECK ("window_start" <= "window_end"),
                CONSTRAINT "ck_nominations_decided" CHECK (("state" = 'open') = ("decided_at" IS NULL)),
                CONSTRAINT "ck_nominations_state" CHECK (
                    "state" IN ('open', 'accepted', 'declined', 'merged')
                ),
                CONSTRAINT "ck_nominations_kind" CHECK (
                    "kind" IN (
                        'repeat_location',
                        'repeat_victim',
                        'repeat_offender',
                        'exception',
                        'referral',
                        'engagement_issue'
                    )
                ),
                CONSTRAINT "PK_94d2a23f18ea8e3b22d1ec6e972" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_nominations_cause_latest" ON "nominations" (
                "partnership_id",
                "kind",
                "cause_key",
                "window_end"
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_nominations_partnership_state" ON "nominations" ("partnership_id", "state", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_nominations_partnership_kind_state" ON "nominations" (
                "partnership_id",
                "kind",
                "state",
                "created_at",
                "id"
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_nominations_partnership_created" ON "nominations" ("partnership_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_nominations_cause" ON "nominations" (
                "partnership_id",
                "kind",
                "cause_key",
                "window_start"
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "nomination_incidents" (
                "nomination_id" uuid NOT NULL,
                "incident_id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                CONSTRAINT "PK_f589bb6c79fa6805fc7c8606f24" PRIMARY KEY ("nomination_id", "incident_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_nomination_incidents_incident" ON "nomination_incidents" ("incident_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "referrals" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "referrer_kind" text NOT NULL,
                "referring_agency" text,
                "description" text NOT NULL,
                "category" text NOT NULL,
                "location" jsonb,
                "received_by_type" text NOT NULL,
                "received_by_id" uuid NOT NULL,
                CONSTRAINT "ck_referrals_category" CHECK (
                    "category" IN (
${CATEGORY_LINES}
                    )
                ),
                CONSTRAINT "ck_referrals_referrer_kind" CHECK (
                    "referrer_kind" IN (
                        'agency',
                        'elected_member',
                        'third_sector',
                        'public'
                    )
                ),
                CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_referrals_partnership_created" ON "referrals" ("partnership_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "incident_imports" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "format" text NOT NULL,
                "state" text NOT NULL DEFAULT 'queued',
                "content_hash" text NOT NULL,
                "size_bytes" bigint NOT NULL,
                "routed" boolean NOT NULL DEFAULT false,
                "rows_read" integer NOT NULL DEFAULT '0',
                "added" integer NOT NULL DEFAULT '0',
                "already_held" integer NOT NULL DEFAULT '0',
                "outside_area" integer NOT NULL DEFAULT '0',
                "rejected" integer NOT NULL DEFAULT '0',
                "rejections" jsonb NOT NULL DEFAULT '[]',
                "failure" text,
                "requested_by_type" text NOT NULL,
                "requested_by_id" uuid NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_incident_imports_state" CHECK (
                    "state" IN ('queued', 'running', 'completed', 'failed')
                ),
                CONSTRAINT "ck_incident_imports_format" CHECK ("format" IN ('police-uk-street', 'generic')),
                CONSTRAINT "PK_9e9147b9aea698b276dc9f51274" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incident_imports_queued" ON "incident_imports" ("created_at")
            WHERE "state" IN ('queued', 'running')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incident_imports_partnership_created" ON "incident_imports" ("partnership_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "intake_settings" (
                "partnership_id" uuid NOT NULL,
                "repeat_location_threshold" integer NOT NULL DEFAULT '3',
                "repeat_location_months" integer NOT NULL DEFAULT '6',
                "repeat_victim_threshold" integer NOT NULL DEFAULT '3',
                "repeat_offender_threshold" integer NOT NULL DEFAULT '3',
                "repeat_subject_months" integer NOT NULL DEFAULT '6',
                "exception_score" double precision NOT NULL DEFAULT '3',
                "exception_baseline_months" integer NOT NULL DEFAULT '12',
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a96e887582e15a83705555d6024" PRIMARY KEY ("partnership_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "problem_analyses"
            ADD "baseline_counted" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "problem_evaluations"
            ADD "impact_counted" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "incidents"
            ADD CONSTRAINT "FK_15a7019b4f1763441d32aa707d9" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "incident_subjects"
            ADD CONSTRAINT "FK_738ea4c075ce9dd40f23c0794e3" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "incident_revisions"
            ADD CONSTRAINT "FK_102312e20a82e84bc8ecc2c0959" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations"
            ADD CONSTRAINT "FK_61d94dbab6279c63535debd0eb2" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "nomination_incidents"
            ADD CONSTRAINT "FK_8c67e0e5b4b5d675a38292e192c" FOREIGN KEY ("nomination_id") REFERENCES "nominations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "nomination_incidents"
            ADD CONSTRAINT "FK_0f7c7193345a76f363ba985bd54" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD CONSTRAINT "FK_d0cbd5bedb63766f0808cde9772" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "incident_imports"
            ADD CONSTRAINT "FK_dac1da1f1cf323a758454942da2" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "intake_settings"
            ADD CONSTRAINT "FK_a96e887582e15a83705555d6024" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        // The outbox accepts the intake events (TypeORM does not compare CHECK expressions, so this is by hand).
        await replaceOutboxEventTypeCheck(queryRunner, [...FIRST_OUTBOX_EVENT_TYPES, 'nomination.created', 'nomination.decided', 'incident_import.completed']);

        // Row-level security (the pattern of the Init migration).
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
        for (const table of APPEND_ONLY) await makeAppendOnly(queryRunner, table, 16);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await replaceOutboxEventTypeCheck(queryRunner, FIRST_OUTBOX_EVENT_TYPES);
        await queryRunner.query(`
            ALTER TABLE "intake_settings" DROP CONSTRAINT "FK_a96e887582e15a83705555d6024"
        `);
        await queryRunner.query(`
            ALTER TABLE "incident_imports" DROP CONSTRAINT "FK_dac1da1f1cf323a758454942da2"
        `);
        await queryRunner.query(`
            ALTER TABLE "referrals" DROP CONSTRAINT "FK_d0cbd5bedb63766f0808cde9772"
        `);
        await queryRunner.query(`
            ALTER TABLE "nomination_incidents" DROP CONSTRAINT "FK_0f7c7193345a76f363ba985bd54"
        `);
        await queryRunner.query(`
            ALTER TABLE "nomination_incidents" DROP CONSTRAINT "FK_8c67e0e5b4b5d675a38292e192c"
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations" DROP CONSTRAINT "FK_61d94dbab6279c63535debd0eb2"
        `);
        await queryRunner.query(`
            ALTER TABLE "incident_revisions" DROP CONSTRAINT "FK_102312e20a82e84bc8ecc2c0959"
        `);
        await queryRunner.query(`
            ALTER TABLE "incident_subjects" DROP CONSTRAINT "FK_738ea4c075ce9dd40f23c0794e3"
        `);
        await queryRunner.query(`
            ALTER TABLE "incidents" DROP CONSTRAINT "FK_15a7019b4f1763441d32aa707d9"
        `);
        await queryRunner.query(`
            ALTER TABLE "problem_evaluations" DROP COLUMN "impact_counted"
        `);
        await queryRunner.query(`
            ALTER TABLE "problem_analyses" DROP COLUMN "baseline_counted"
        `);
        await queryRunner.query(`
            DROP TABLE "intake_settings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incident_imports_partnership_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incident_imports_queued"
        `);
        await queryRunner.query(`
            DROP TABLE "incident_imports"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_referrals_partnership_created"
        `);
        await queryRunner.query(`
            DROP TABLE "referrals"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_nomination_incidents_incident"
        `);
        await queryRunner.query(`
            DROP TABLE "nomination_incidents"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_nominations_cause"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_nominations_partnership_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_nominations_partnership_kind_state"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_nominations_partnership_state"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_nominations_cause_latest"
        `);
        await queryRunner.query(`
            DROP TABLE "nominations"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_incident_revisions_version"
        `);
        await queryRunner.query(`
            DROP TABLE "incident_revisions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incident_subjects_scan"
        `);
        await queryRunner.query(`
            DROP TABLE "incident_subjects"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_incidents_source"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_partnership_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_partnership_category"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_partnership_source"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_partnership_lsoa"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_partnership_ward"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_partnership_occurred"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_location_scan"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_exception_scan"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_import"
        `);
        await queryRunner.query(`
            DROP TABLE "incidents"
        `);
    }

}
