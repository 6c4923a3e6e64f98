import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One open flag per cause and due date: the unique key covers open flags
 * only, so a cause that comes back after its flag was resolved (an action
 * reopened after it was done, a review overdue again at the same due date)
 * gets a new flag, the earlier one kept as history. The partial unique index
 * also serves the scans' resolve step (it replaces ix_flags_open_kind, on the
 * same columns). Indexes only: no new table, so no row-level security or
 * grant changes. `down` fails once a cause has two flags.
 */
export class OpenFlagPerCause1796126314991 implements MigrationInterface {
    name = 'OpenFlagPerCause1796126314991'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_flags_open_cause" ON "flags" (
                "kind",
                "partnership_id",
                "subject_id",
                "due_date"
            )
            WHERE "resolved_at" IS NULL
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_flags_cause"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_flags_open_kind"
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "ix_flags_open_kind" ON "flags" ("kind", "partnership_id", "subject_id", "due_date")
            WHERE "resolved_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_flags_cause" ON "flags" ("partnership_id", "kind", "subject_id", "due_date")
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_flags_open_cause"
        `);
    }
}
