import { MigrationInterface, QueryRunner } from "typeorm";
import { dropTenantIsolation, enableTenantIsolation, makeAppendOnly } from "./support";

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

export class Tasking1795265851805 implements MigrationInterface {
    name = 'Tasking1795265851805'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "tasking_groups" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_tasking_groups_chair" ON "tasking_groups" ("chair_user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_tasking_groups_partnership_name" ON "tasking_groups" ("partnership_id", "name")
        `);
        await queryRunner.query(`
            CREATE TABLE "tasking_group_agencies" (
                "tasking_group_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "position" integer NOT NULL,
                CONSTRAINT "PK_fe22f744cb6034eee5604b7c53b" PRIMARY KEY ("tasking_group_id", "agency_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_tasking_group_agencies_agency" ON "tasking_group_agencies" ("agency_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "meetings" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meetings_one_open_per_group" ON "meetings" ("tasking_group_id")
            WHERE "status" = 'open'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_meetings_group_opened" ON "meetings" ("tasking_group_id", "opened_at")
            WHERE "opened_at" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_meetings_group_scheduled" ON "meetings" ("tasking_group_id", "scheduled_for", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "meeting_attendance" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
                "meeting_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "status" text NOT NULL,
                "attendee" text,
                "position" integer NOT NULL,
                CONSTRAINT "ck_meeting_attendance_status" CHECK ("status" IN ('present', 'apologies', 'absent')),
                CONSTRAINT "PK_1ece13054cdfcd65f8487e71267" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_meeting_attendance_agency" ON "meeting_attendance" ("agency_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meeting_attendance_meeting_agency" ON "meeting_attendance" ("meeting_id", "agency_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "meeting_decisions" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_meeting_decisions_problem" ON "meeting_decisions" ("problem_id")
            WHERE "problem_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meeting_decisions_meeting_seq" ON "meeting_decisions" ("meeting_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "meeting_addenda" (
                "id" uuid NOT NULL,
                "partnership_id" uuid NOT NULL,
                "meeting_id" uuid NOT NULL,
                "text" text NOT NULL,
                "author_id" uuid NOT NULL,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_fbbb19b5d882046662dd4177dbf" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_meeting_addenda_meeting_added" ON "meeting_addenda" ("meeting_id", "added_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "actions" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "partnership_id" uuid NOT NULL,
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_owner_agency" ON "actions" ("owner_agency_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_problem" ON "actions" ("problem_id")
            WHERE "problem_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_meeting_number" ON "actions" ("meeting_id", "number")
            WHERE "meeting_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_priority" ON "actions" ("partnership_id", "control_strategy_priority_id", "status")
            WHERE "control_strategy_priority_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_open_due" ON "actions" ("due_date")
            WHERE "status" IN ('open', 'in_progress')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_partnership_status_due" ON "actions" ("partnership_id", "status", "due_date", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_partnership_agency_due" ON "actions" (
                "partnership_id",
                "owner_agency_id",
                "due_date",
                "id"
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_partnership_due" ON "actions" ("partnership_id", "due_date", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_actions_partnership_reference" ON "actions" ("partnership_id", "reference")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_actions_partnership_number" ON "actions" ("partnership_id", "number")
        `);
        await queryRunner.query(`
            CREATE TABLE "action_status_changes" (
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
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_action_status_changes_action_changed" ON "action_status_changes" ("action_id", "changed_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "action_reference_counters" (
                "partnership_id" uuid NOT NULL,
                "last_number" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e438d5de5c51d02587f7c811c2a" PRIMARY KEY ("partnership_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_problems_scanning_logged" ON "problems" ("partnership_id", "stage_changed_at")
            WHERE "stage" = 'scanning'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_problems_open_planned_assessment" ON "problems" ("partnership_id", "planned_assessment_date")
            WHERE "stage" <> 'closed'
                AND "planned_assessment_date" IS NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_groups"
            ADD CONSTRAINT "FK_d2394431cd640634ecc07d57716" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_groups"
            ADD CONSTRAINT "FK_919ab181c5190a5925fb678977b" FOREIGN KEY ("chair_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_group_agencies"
            ADD CONSTRAINT "FK_deb5b090a1bb1893ad6565f91e6" FOREIGN KEY ("tasking_group_id") REFERENCES "tasking_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_group_agencies"
            ADD CONSTRAINT "FK_2cad22020769730081e9e71a9a2" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_b3c89c3dd77b6f2b85ca30dcbe4" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_7079d41b1c1744f218ca2e93892" FOREIGN KEY ("tasking_group_id") REFERENCES "tasking_groups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_attendance"
            ADD CONSTRAINT "FK_2bf53a2dc49796d33484ed1fe5c" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_attendance"
            ADD CONSTRAINT "FK_dab1ff83a7ddfea34ab0a149b79" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_decisions"
            ADD CONSTRAINT "FK_fef9ecaae955c88fb316a11a5fa" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_decisions"
            ADD CONSTRAINT "FK_f1da946923f513d060057a52031" FOREIGN KEY ("problem_id") REFERENCES "problems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_addenda"
            ADD CONSTRAINT "FK_677a763b00d3325f61bc626c825" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "actions"
            ADD CONSTRAINT "FK_740a3451647cc263b93b40b7102" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "actions"
            ADD CONSTRAINT "FK_50da74b6e18cec602bea8c9a874" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "actions"
            ADD CONSTRAINT "FK_f65170cd44b92c3cccc938fc64c" FOREIGN KEY ("owner_agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "actions"
            ADD CONSTRAINT "FK_7339eac979c6b7c03480315c885" FOREIGN KEY ("problem_id") REFERENCES "problems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "action_status_changes"
            ADD CONSTRAINT "FK_058e793d82a70ab5aa53b1d7307" FOREIGN KEY ("action_id") REFERENCES "actions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "action_reference_counters"
            ADD CONSTRAINT "FK_e438d5de5c51d02587f7c811c2a" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);

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
        await queryRunner.query(`
            CREATE TRIGGER "meetings_minutes_guard" BEFORE UPDATE ON "meetings"
            FOR EACH ROW EXECUTE FUNCTION "tasking_minutes_guard"()
        `);
        for (const table of ['meeting_attendance', 'meeting_decisions']) {
            await queryRunner.query(`
                CREATE TRIGGER "${table}_minutes_guard" BEFORE INSERT OR UPDATE ON "${table}"
                FOR EACH ROW EXECUTE FUNCTION "tasking_minutes_guard"()
            `);
        }
        await queryRunner.query(`
            CREATE TRIGGER "actions_minutes_guard" BEFORE INSERT OR UPDATE ON "actions"
            FOR EACH ROW EXECUTE FUNCTION "tasking_minutes_guard"()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['meetings', 'meeting_attendance', 'meeting_decisions', 'actions']) {
            await queryRunner.query(`DROP TRIGGER IF EXISTS "${table}_minutes_guard" ON "${table}"`);
        }
        await queryRunner.query(`DROP FUNCTION IF EXISTS "tasking_minutes_guard"()`);
        await dropTenantIsolation(queryRunner, TENANT_TABLES);
        await queryRunner.query(`
            ALTER TABLE "action_reference_counters" DROP CONSTRAINT "FK_e438d5de5c51d02587f7c811c2a"
        `);
        await queryRunner.query(`
            ALTER TABLE "action_status_changes" DROP CONSTRAINT "FK_058e793d82a70ab5aa53b1d7307"
        `);
        await queryRunner.query(`
            ALTER TABLE "actions" DROP CONSTRAINT "FK_7339eac979c6b7c03480315c885"
        `);
        await queryRunner.query(`
            ALTER TABLE "actions" DROP CONSTRAINT "FK_f65170cd44b92c3cccc938fc64c"
        `);
        await queryRunner.query(`
            ALTER TABLE "actions" DROP CONSTRAINT "FK_50da74b6e18cec602bea8c9a874"
        `);
        await queryRunner.query(`
            ALTER TABLE "actions" DROP CONSTRAINT "FK_740a3451647cc263b93b40b7102"
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_addenda" DROP CONSTRAINT "FK_677a763b00d3325f61bc626c825"
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_decisions" DROP CONSTRAINT "FK_f1da946923f513d060057a52031"
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_decisions" DROP CONSTRAINT "FK_fef9ecaae955c88fb316a11a5fa"
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_attendance" DROP CONSTRAINT "FK_dab1ff83a7ddfea34ab0a149b79"
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting_attendance" DROP CONSTRAINT "FK_2bf53a2dc49796d33484ed1fe5c"
        `);
        await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_7079d41b1c1744f218ca2e93892"
        `);
        await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_b3c89c3dd77b6f2b85ca30dcbe4"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_group_agencies" DROP CONSTRAINT "FK_2cad22020769730081e9e71a9a2"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_group_agencies" DROP CONSTRAINT "FK_deb5b090a1bb1893ad6565f91e6"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_groups" DROP CONSTRAINT "FK_919ab181c5190a5925fb678977b"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasking_groups" DROP CONSTRAINT "FK_d2394431cd640634ecc07d57716"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_problems_open_planned_assessment"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_problems_scanning_logged"
        `);
        await queryRunner.query(`
            DROP TABLE "action_reference_counters"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_action_status_changes_action_changed"
        `);
        await queryRunner.query(`
            DROP TABLE "action_status_changes"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_actions_partnership_number"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_actions_partnership_reference"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_partnership_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_partnership_agency_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_partnership_status_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_open_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_priority"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_meeting_number"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_problem"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_owner_agency"
        `);
        await queryRunner.query(`
            DROP TABLE "actions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_addenda_meeting_added"
        `);
        await queryRunner.query(`
            DROP TABLE "meeting_addenda"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_meeting_decisions_meeting_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_decisions_problem"
        `);
        await queryRunner.query(`
            DROP TABLE "meeting_decisions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_meeting_attendance_meeting_agency"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_attendance_agency"
        `);
        await queryRunner.query(`
            DROP TABLE "meeting_attendance"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_group_scheduled"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_group_opened"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_meetings_one_open_per_group"
        `);
        await queryRunner.query(`
            DROP TABLE "meetings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_tasking_group_agencies_agency"
        `);
        await queryRunner.query(`
            DROP TABLE "tasking_group_agencies"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_tasking_groups_partnership_name"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_tasking_groups_chair"
        `);
        await queryRunner.query(`
            DROP TABLE "tasking_groups"
        `);
    }

}
