import { MigrationInterface, QueryRunner } from "typeorm";
import { PARTNERSHIP_OWNED_COLUMNS, applyChanges, createIndex, createRowTrigger, createTable, dropTenantIsolation, enableTenantIsolation, foreignKey, makeAppendOnly, partnershipKey, revertChanges } from "./support";

const TENANT_TABLES = [
    'tasking_groups',
    'tasking_group_agencies',
    'meetings',
    'meeting_attendance',
    'meeting_decisions',
    'meeting_addenda',
    'action_reference_counters',
    'actions',
    'action_status_changes',
];

/** History the runtime roles may only insert and read (APPEND_ONLY_TABLES in the role bootstrap). */
const APPEND_ONLY = ['action_status_changes', 'meeting_addenda'];

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createTable('tasking_groups', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "name" text NOT NULL,
                "level" text NOT NULL,
                "cadence_days" integer NOT NULL,
                "chair_user_id" uuid NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_tasking_groups_cadence" CHECK (
                    "cadence_days" BETWEEN 1 AND 365
                ),
                CONSTRAINT "ck_tasking_groups_level" CHECK ("level" IN ('strategic', 'tactical')),
                CONSTRAINT "PK_79e3663cb10e6a210cfaeb45887" PRIMARY KEY ("id")
    `),
    createIndex('tasking_groups', 'ix_tasking_groups_chair', ['chair_user_id']),
    createIndex('tasking_groups', 'uq_tasking_groups_partnership_name', ['partnership_id', 'name'], { unique: true }),
    createTable('tasking_group_agencies', `
                "tasking_group_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "position" integer NOT NULL,
                CONSTRAINT "PK_fe22f744cb6034eee5604b7c53b" PRIMARY KEY ("tasking_group_id", "agency_id")
    `),
    createIndex('tasking_group_agencies', 'ix_tasking_group_agencies_agency', ['agency_id']),
    createTable('meetings', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "tasking_group_id" uuid NOT NULL,
                "scheduled_for" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" text NOT NULL DEFAULT 'scheduled',
                "opened_at" TIMESTAMP WITH TIME ZONE,
                "opened_by" uuid,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "closed_by" uuid,
                "agenda" jsonb,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_meetings_lifecycle" CHECK (
                    (
                        "status" = 'scheduled'
                        AND "opened_at" IS NULL
                        AND "closed_at" IS NULL
                        AND "agenda" IS NULL
                    )
                    OR (
                        "status" = 'open'
                        AND "opened_at" IS NOT NULL
                        AND "closed_at" IS NULL
                        AND "agenda" IS NOT NULL
                    )
                    OR (
                        "status" = 'closed'
                        AND "opened_at" IS NOT NULL
                        AND "closed_at" IS NOT NULL
                        AND "agenda" IS NOT NULL
                    )
                ),
                CONSTRAINT "ck_meetings_status" CHECK ("status" IN ('scheduled', 'open', 'closed')),
                CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id")
    `),
    createIndex('meetings', 'uq_meetings_one_open_per_group', ['tasking_group_id'], { unique: true, where: `"status" = 'open'` }),
    createIndex('meetings', 'ix_meetings_group_opened', ['tasking_group_id', 'opened_at'], { where: '"opened_at" IS NOT NULL' }),
    createIndex('meetings', 'ix_meetings_group_scheduled', ['tasking_group_id', 'scheduled_for', 'id']),
    createTable('meeting_attendance', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "meeting_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "status" text NOT NULL,
                "attendee" text,
                "position" integer NOT NULL,
                CONSTRAINT "ck_meeting_attendance_status" CHECK ("status" IN ('present', 'apologies', 'absent')),
                CONSTRAINT "PK_1ece13054cdfcd65f8487e71267" PRIMARY KEY ("id")
    `),
    createIndex('meeting_attendance', 'ix_meeting_attendance_agency', ['agency_id']),
    createIndex('meeting_attendance', 'uq_meeting_attendance_meeting_agency', ['meeting_id', 'agency_id'], { unique: true }),
    createTable('meeting_decisions', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "meeting_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "text" text NOT NULL,
                "problem_id" uuid,
                "control_strategy_priority_id" uuid,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_by_type" text NOT NULL,
                "recorded_by_id" uuid,
                CONSTRAINT "ck_meeting_decisions_seq" CHECK ("seq" >= 1),
                CONSTRAINT "PK_c0b1f30eb05f77cd5b817f7c7d5" PRIMARY KEY ("id")
    `),
    createIndex('meeting_decisions', 'ix_meeting_decisions_problem', ['problem_id'], { where: '"problem_id" IS NOT NULL' }),
    createIndex('meeting_decisions', 'uq_meeting_decisions_meeting_seq', ['meeting_id', 'seq'], { unique: true }),
    createTable('meeting_addenda', `
                "id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "meeting_id" uuid NOT NULL,
                "text" text NOT NULL,
                "author_id" uuid NOT NULL,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_fbbb19b5d882046662dd4177dbf" PRIMARY KEY ("id")
    `),
    createIndex('meeting_addenda', 'ix_meeting_addenda_meeting_added', ['meeting_id', 'added_at', 'id']),
    createTable('actions', `
                ${PARTNERSHIP_OWNED_COLUMNS},
                "number" integer NOT NULL,
                "reference" text NOT NULL,
                "meeting_id" uuid,
                "title" text NOT NULL,
                "owner_agency_id" uuid NOT NULL,
                "owner_name" text,
                "due_date" date NOT NULL,
                "status" text NOT NULL DEFAULT 'open',
                "problem_id" uuid,
                "control_strategy_priority_id" uuid,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "created_by_type" text NOT NULL,
                "created_by_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_actions_completed" CHECK (
                    ("status" = 'done') = ("completed_at" IS NOT NULL)
                ),
                CONSTRAINT "ck_actions_number" CHECK ("number" >= 1),
                CONSTRAINT "ck_actions_status" CHECK (
                    "status" IN ('open', 'in_progress', 'done', 'cancelled')
                ),
                CONSTRAINT "PK_7bfb822f56be449c0b8adbf83cf" PRIMARY KEY ("id")
    `),
    createIndex('actions', 'ix_actions_owner_agency', ['owner_agency_id']),
    createIndex('actions', 'ix_actions_problem', ['problem_id'], { where: '"problem_id" IS NOT NULL' }),
    createIndex('actions', 'ix_actions_meeting_number', ['meeting_id', 'number'], { where: '"meeting_id" IS NOT NULL' }),
    createIndex('actions', 'ix_actions_priority', ['partnership_id', 'control_strategy_priority_id', 'status'], { where: '"control_strategy_priority_id" IS NOT NULL', inline: true }),
    createIndex('actions', 'ix_actions_open_due', ['due_date'], { where: `"status" IN ('open', 'in_progress')` }),
    createIndex('actions', 'ix_actions_partnership_status_due', ['partnership_id', 'status', 'due_date', 'id']),
    createIndex('actions', 'ix_actions_partnership_agency_due', ['partnership_id', 'owner_agency_id', 'due_date', 'id']),
    createIndex('actions', 'ix_actions_partnership_due', ['partnership_id', 'due_date', 'id']),
    createIndex('actions', 'uq_actions_partnership_reference', ['partnership_id', 'reference'], { unique: true }),
    createIndex('actions', 'uq_actions_partnership_number', ['partnership_id', 'number'], { unique: true }),
    createTable('action_status_changes', `
                "id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "action_id" uuid NOT NULL,
                "from_status" text,
                "to_status" text NOT NULL,
                "note" text,
                "actor_type" text NOT NULL,
                "actor_id" uuid,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_action_status_changes_from" CHECK (
                    "from_status" IS NULL
                    OR "from_status" IN ('open', 'in_progress', 'done', 'cancelled')
                ),
                CONSTRAINT "ck_action_status_changes_to" CHECK (
                    "to_status" IN ('open', 'in_progress', 'done', 'cancelled')
                ),
                CONSTRAINT "PK_db4420c8f36527fe2dbeb52eb1c" PRIMARY KEY ("id")
    `),
    createIndex('action_status_changes', 'ix_action_status_changes_action_changed', ['action_id', 'changed_at', 'id']),
    createTable('action_reference_counters', `
                "partnership_id" uuid NOT NULL,
                "last_number" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e438d5de5c51d02587f7c811c2a" PRIMARY KEY ("partnership_id")
    `),
    createIndex('problems', 'ix_problems_scanning_logged', ['partnership_id', 'stage_changed_at'], { where: `"stage" = 'scanning'` }),
    createIndex('problems', 'ix_problems_open_planned_assessment', ['partnership_id', 'planned_assessment_date'], { where: [`"stage" <> 'closed'`, 'AND "planned_assessment_date" IS NOT NULL'] }),
    partnershipKey('tasking_groups', 'FK_d2394431cd640634ecc07d57716'),
    foreignKey('tasking_groups', 'FK_919ab181c5190a5925fb678977b', 'chair_user_id', 'users', 'RESTRICT'),
    foreignKey('tasking_group_agencies', 'FK_deb5b090a1bb1893ad6565f91e6', 'tasking_group_id', 'tasking_groups', 'CASCADE'),
    foreignKey('tasking_group_agencies', 'FK_2cad22020769730081e9e71a9a2', 'agency_id', 'agencies', 'RESTRICT'),
    partnershipKey('meetings', 'FK_b3c89c3dd77b6f2b85ca30dcbe4'),
    foreignKey('meetings', 'FK_7079d41b1c1744f218ca2e93892', 'tasking_group_id', 'tasking_groups', 'RESTRICT'),
    foreignKey('meeting_attendance', 'FK_2bf53a2dc49796d33484ed1fe5c', 'meeting_id', 'meetings', 'CASCADE'),
    foreignKey('meeting_attendance', 'FK_dab1ff83a7ddfea34ab0a149b79', 'agency_id', 'agencies', 'RESTRICT'),
    foreignKey('meeting_decisions', 'FK_fef9ecaae955c88fb316a11a5fa', 'meeting_id', 'meetings', 'CASCADE'),
    foreignKey('meeting_decisions', 'FK_f1da946923f513d060057a52031', 'problem_id', 'problems', 'RESTRICT'),
    foreignKey('meeting_addenda', 'FK_677a763b00d3325f61bc626c825', 'meeting_id', 'meetings', 'CASCADE'),
    partnershipKey('actions', 'FK_740a3451647cc263b93b40b7102'),
    foreignKey('actions', 'FK_50da74b6e18cec602bea8c9a874', 'meeting_id', 'meetings', 'RESTRICT'),
    foreignKey('actions', 'FK_f65170cd44b92c3cccc938fc64c', 'owner_agency_id', 'agencies', 'RESTRICT'),
    foreignKey('actions', 'FK_7339eac979c6b7c03480315c885', 'problem_id', 'problems', 'RESTRICT'),
    foreignKey('action_status_changes', 'FK_058e793d82a70ab5aa53b1d7307', 'action_id', 'actions', 'CASCADE'),
    partnershipKey('action_reference_counters', 'FK_e438d5de5c51d02587f7c811c2a'),
];

export class Tasking1795265851805 implements MigrationInterface {
    name = 'Tasking1795265851805'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);

        // Row-level security (see the Init migration for the pattern): every
        // table of the tasking context belongs to a partnership.
        await enableTenantIsolation(queryRunner, TENANT_TABLES);
        // Status histories and addenda are append-only for every role but the owner.
        for (const table of APPEND_ONLY) await makeAppendOnly(queryRunner, table, 16);

        // The minutes of a meeting are immutable once it closes (DOMAIN.md).
        // The services refuse such changes with 409; these triggers hold the
        // rule underneath: attendance and decisions are written only while
        // their meeting is open; an action is made in an open meeting, and
        // once its meeting has closed only its status moves; a meeting's
        // frozen agenda never changes and a closed meeting stays closed.
        await queryRunner.query(`
            CREATE FUNCTION "tasking_minutes_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE meeting_status text;
            BEGIN
                IF TG_TABLE_NAME = 'meetings' THEN
                    IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
                        RAISE EXCEPTION 'meeting % is closed', OLD.id USING ERRCODE = 'check_violation';
                    END IF;
                    IF OLD.agenda IS NOT NULL AND NEW.agenda IS DISTINCT FROM OLD.agenda THEN
                        RAISE EXCEPTION 'the agenda of meeting % is frozen', OLD.id USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END IF;
                IF TG_TABLE_NAME = 'actions' AND TG_OP = 'UPDATE' THEN
                    IF NEW.meeting_id IS DISTINCT FROM OLD.meeting_id
                       OR (OLD.meeting_id IS NOT NULL
                           AND (NEW.title, NEW.owner_agency_id, NEW.owner_name, NEW.due_date, NEW.problem_id, NEW.control_strategy_priority_id)
                               IS DISTINCT FROM (OLD.title, OLD.owner_agency_id, OLD.owner_name, OLD.due_date, OLD.problem_id, OLD.control_strategy_priority_id)
                           AND (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'closed') THEN
                        RAISE EXCEPTION 'action % belongs to the frozen minutes of meeting %: only its status changes', OLD.id, OLD.meeting_id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END IF;
                IF NEW.meeting_id IS NULL THEN
                    RETURN NEW;
                END IF;
                SELECT status INTO meeting_status FROM meetings WHERE id = NEW.meeting_id;
                IF meeting_status IS DISTINCT FROM 'open' THEN
                    RAISE EXCEPTION 'meeting % is not open (%): its minutes take no changes', NEW.meeting_id, meeting_status
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END
            $$
        `);
        await createRowTrigger(queryRunner, 'meetings_minutes_guard', 'BEFORE UPDATE', 'meetings', 'tasking_minutes_guard');
        for (const table of ['meeting_attendance', 'meeting_decisions']) {
            await createRowTrigger(queryRunner, `${table}_minutes_guard`, 'BEFORE INSERT OR UPDATE', table, 'tasking_minutes_guard', 16);
        }
        await createRowTrigger(queryRunner, 'actions_minutes_guard', 'BEFORE INSERT OR UPDATE', 'actions', 'tasking_minutes_guard');
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['meetings', 'meeting_attendance', 'meeting_decisions', 'actions']) {
            await queryRunner.query(`DROP TRIGGER IF EXISTS "${table}_minutes_guard" ON "${table}"`);
        }
        await queryRunner.query(`DROP FUNCTION IF EXISTS "tasking_minutes_guard"()`);
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await revertChanges(queryRunner, SCHEMA);
    }

}
