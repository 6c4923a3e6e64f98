import { MigrationInterface, QueryRunner } from "typeorm";
import { FIRST_OUTBOX_EVENT_TYPES, PARTNERSHIP_OWNED_COLUMNS, addColumn, applyChanges, createIndex, createTable, dropTenantIsolation, enableTenantIsolation, foreignKey, makeAppendOnly, partnershipKey, replaceOutboxEventTypeCheck, revertChanges } from "./support";

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

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('incidents', `
                ${PARTNERSHIP_OWNED_COLUMNS},
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
    `),
    createIndex('incidents', 'ix_incidents_import', ['import_id'], { where: '"import_id" IS NOT NULL' }),
    createIndex('incidents', 'ix_incidents_exception_scan', ['partnership_id', 'occurred_month', 'lsoa_code', 'category'], { where: '"lsoa_code" IS NOT NULL' }),
    createIndex('incidents', 'ix_incidents_location_scan', ['partnership_id', 'occurred_on', 'location_key'], { where: '"location_key" IS NOT NULL' }),
    createIndex('incidents', 'ix_incidents_partnership_occurred', ['partnership_id', 'occurred_on', 'id']),
    createIndex('incidents', 'ix_incidents_partnership_ward', ['partnership_id', 'ward_code', 'occurred_on']),
    createIndex('incidents', 'ix_incidents_partnership_lsoa', ['partnership_id', 'lsoa_code', 'occurred_on']),
    createIndex('incidents', 'ix_incidents_partnership_source', ['partnership_id', 'source_system', 'created_at', 'id']),
    createIndex('incidents', 'ix_incidents_partnership_category', ['partnership_id', 'category', 'created_at', 'id']),
    createIndex('incidents', 'ix_incidents_partnership_created', ['partnership_id', 'created_at', 'id']),
    createIndex('incidents', 'uq_incidents_source', ['partnership_id', 'source_system', 'external_id'], { unique: true }),
    createTable('incident_subjects', `
                "incident_id" uuid NOT NULL,
                "role" text NOT NULL,
                "subject_hash" text NOT NULL,
                "partnership_id" uuid NOT NULL,
                "occurred_on" date NOT NULL,
                CONSTRAINT "ck_incident_subjects_role" CHECK ("role" IN ('victim', 'offender', 'caller')),
                CONSTRAINT "PK_12dc4d8fc33092cfeffae56bc9e" PRIMARY KEY ("incident_id", "role", "subject_hash")
    `),
    createIndex('incident_subjects', 'ix_incident_subjects_scan', ['role', 'partnership_id', 'occurred_on', 'subject_hash']),
    createTable('incident_revisions', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "incident_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "data" jsonb NOT NULL,
                "superseded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_1e3ba8d8780dc4269a0c74e48fe" PRIMARY KEY ("id")
    `),
    createIndex('incident_revisions', 'uq_incident_revisions_version', ['incident_id', 'version'], { unique: true }),
    createTable('nominations', `
                ${PARTNERSHIP_OWNED_COLUMNS},
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
    `),
    createIndex('nominations', 'ix_nominations_cause_latest', ['partnership_id', 'kind', 'cause_key', 'window_end']),
    createIndex('nominations', 'ix_nominations_partnership_state', ['partnership_id', 'state', 'created_at', 'id']),
    createIndex('nominations', 'ix_nominations_partnership_kind_state', ['partnership_id', 'kind', 'state', 'created_at', 'id']),
    createIndex('nominations', 'ix_nominations_partnership_created', ['partnership_id', 'created_at', 'id']),
    createIndex('nominations', 'uq_nominations_cause', ['partnership_id', 'kind', 'cause_key', 'window_start'], { unique: true }),
    createTable('nomination_incidents', `
                "nomination_id" uuid NOT NULL,
                "incident_id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                CONSTRAINT "PK_f589bb6c79fa6805fc7c8606f24" PRIMARY KEY ("nomination_id", "incident_id")
    `),
    createIndex('nomination_incidents', 'ix_nomination_incidents_incident', ['incident_id']),
    createTable('referrals', `
                ${PARTNERSHIP_OWNED_COLUMNS},
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
    `),
    createIndex('referrals', 'ix_referrals_partnership_created', ['partnership_id', 'created_at', 'id']),
    createTable('incident_imports', `
                ${PARTNERSHIP_OWNED_COLUMNS},
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
    `),
    createIndex('incident_imports', 'ix_incident_imports_queued', ['created_at'], { where: `"state" IN ('queued', 'running')` }),
    createIndex('incident_imports', 'ix_incident_imports_partnership_created', ['partnership_id', 'created_at', 'id']),
    createTable('intake_settings', `
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
    `),
    addColumn('problem_analyses', 'baseline_counted', 'jsonb'),
    addColumn('problem_evaluations', 'impact_counted', 'jsonb'),
    partnershipKey('incidents', 'FK_15a7019b4f1763441d32aa707d9'),
    foreignKey('incident_subjects', 'FK_738ea4c075ce9dd40f23c0794e3', 'incident_id', 'incidents', 'CASCADE'),
    foreignKey('incident_revisions', 'FK_102312e20a82e84bc8ecc2c0959', 'incident_id', 'incidents', 'CASCADE'),
    partnershipKey('nominations', 'FK_61d94dbab6279c63535debd0eb2'),
    foreignKey('nomination_incidents', 'FK_8c67e0e5b4b5d675a38292e192c', 'nomination_id', 'nominations', 'CASCADE'),
    foreignKey('nomination_incidents', 'FK_0f7c7193345a76f363ba985bd54', 'incident_id', 'incidents', 'CASCADE'),
    partnershipKey('referrals', 'FK_d0cbd5bedb63766f0808cde9772'),
    partnershipKey('incident_imports', 'FK_dac1da1f1cf323a758454942da2'),
    partnershipKey('intake_settings', 'FK_a96e887582e15a83705555d6024'),
];

export class Intake1796127310807 implements MigrationInterface {
    name = 'Intake1796127310807'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);
        // The outbox accepts the intake events (TypeORM does not compare CHECK expressions, so this is by hand).
        await replaceOutboxEventTypeCheck(queryRunner, [...FIRST_OUTBOX_EVENT_TYPES, 'nomination.created', 'nomination.decided', 'incident_import.completed']);

        // Row-level security (the pattern of the Init migration).
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
        for (const table of APPEND_ONLY) await makeAppendOnly(queryRunner, table, 16);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await replaceOutboxEventTypeCheck(queryRunner, FIRST_OUTBOX_EVENT_TYPES);
        await revertChanges(queryRunner, SCHEMA);
    }

}
