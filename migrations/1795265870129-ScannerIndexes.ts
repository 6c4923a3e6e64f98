import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Partial indexes for the problem_unevaluated scanner (libs/domain/src/problems/problem-scanners.ts),
 * which reads across partnerships: open problems without a current evaluation by planned
 * assessment date, and closed problems without one. Indexes only: no new table, so no
 * row-level security or grant changes.
 */
export class ScannerIndexes1795265870129 implements MigrationInterface {
    name = 'ScannerIndexes1795265870129'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "ix_problems_closed_unevaluated" ON "problems" ("stage_changed_at")
            WHERE "evaluated_at" IS NULL
                AND "stage" = 'closed'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_problems_unevaluated_planned" ON "problems" ("planned_assessment_date")
            WHERE "evaluated_at" IS NULL
                AND "stage" <> 'closed'
                AND "planned_assessment_date" IS NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_problems_unevaluated_planned"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_problems_closed_unevaluated"
        `);
    }

}
