import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The agenda's problems for review read in its own order (planned assessment
 * date, then number), so the section reads only the rows it shows: the
 * two-column index it replaces read every row of the dates in range to sort
 * them. An index only: no new table, so no row-level security or grant changes.
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
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
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
