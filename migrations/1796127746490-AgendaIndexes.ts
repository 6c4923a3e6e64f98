import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes in the agenda's own order, so each section reads only the rows it
 * shows: problems for review by planned assessment date, then number (the
 * two-column index it replaces read every row of the dates in range to sort
 * them), and a partnership's open actions by due date, then number (the
 * overdue and due sections). Indexes only: no new table, so no row-level
 * security or grant changes.
 */
export class AgendaIndexes1796127746490 implements MigrationInterface {
    name = 'AgendaIndexes1796127746490'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_problems_open_planned_assessment"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_problems_for_review" ON "problems" (
                "partnership_id",
                "planned_assessment_date",
                "number"
            )
            WHERE "stage" <> 'closed'
                AND "planned_assessment_date" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_actions_open_partnership_due" ON "actions" ("partnership_id", "due_date", "number")
            WHERE "status" IN ('open', 'in_progress')
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_actions_open_partnership_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_problems_for_review"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_problems_open_planned_assessment" ON "problems" USING btree ("partnership_id", "planned_assessment_date")
            WHERE (
                    (stage <> 'closed'::text)
                    AND (planned_assessment_date IS NOT NULL)
                )
        `);
    }

}
