import { MigrationInterface, QueryRunner } from "typeorm";
import { applyChanges, createIndex, revertChanges } from "./support";

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    createIndex('problems', 'ix_problems_closed_unevaluated', ['stage_changed_at'], { where: ['"evaluated_at" IS NULL', `AND "stage" = 'closed'`] }),
    createIndex('problems', 'ix_problems_unevaluated_planned', ['planned_assessment_date'], { where: ['"evaluated_at" IS NULL', `AND "stage" <> 'closed'`, 'AND "planned_assessment_date" IS NOT NULL'] }),
];

/**
 * Partial indexes for the problem_unevaluated scanner (libs/domain/src/problems/problem-scanners.ts),
 * which reads across partnerships: open problems without a current evaluation by planned
 * assessment date, and closed problems without one. Indexes only: no new table, so no
 * row-level security or grant changes.
 */
export class ScannerIndexes1795265870129 implements MigrationInterface {
    name = 'ScannerIndexes1795265870129'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await revertChanges(queryRunner, SCHEMA);
    }

}
