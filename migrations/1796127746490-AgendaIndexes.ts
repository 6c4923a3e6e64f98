import { SchemaChangeMigration, createIndex, dropped } from "./support";

/**
 * The agenda's problems for review read in its own order (planned assessment
 * date, then number), so the section reads only the rows it shows: the
 * two-column index it replaces read every row of the dates in range to sort
 * them. An index only: no new table, so no row-level security or grant changes.
 */
export class AgendaIndexes1796127746490 extends SchemaChangeMigration {
    name = 'AgendaIndexes1796127746490'

    changes = [
        // The index it replaces, as PostgreSQL prints it back (down() makes it again so).
        dropped(createIndex('problems', 'ix_problems_open_planned_assessment', ['partnership_id', 'planned_assessment_date'], { using: 'btree', where: ['(', "    (stage <> 'closed'::text)", '    AND (planned_assessment_date IS NOT NULL)', ')'] })),
        createIndex('problems', 'ix_problems_for_review', ['partnership_id', 'planned_assessment_date', 'number'], { where: [`"stage" <> 'closed'`, 'AND "planned_assessment_date" IS NOT NULL'] }),
    ]
}
