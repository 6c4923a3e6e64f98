import { SchemaChangeMigration, createIndex } from "./support";

/**
 * Partial indexes for the problem_unevaluated scanner (libs/domain/src/problems/problem-scanners.ts),
 * which reads across partnerships: open problems without a current evaluation by planned
 * assessment date, and closed problems without one. Indexes only: no new table, so no
 * row-level security or grant changes.
 */
export class ScannerIndexes1795265870129 extends SchemaChangeMigration {
    name = 'ScannerIndexes1795265870129'

    changes = [
        createIndex('problems', 'ix_problems_closed_unevaluated', ['stage_changed_at'], { where: ['"evaluated_at" IS NULL', `AND "stage" = 'closed'`] }),
        createIndex('problems', 'ix_problems_unevaluated_planned', ['planned_assessment_date'], { where: ['"evaluated_at" IS NULL', `AND "stage" <> 'closed'`, 'AND "planned_assessment_date" IS NOT NULL'] }),
    ]
}
