import { SchemaChangeMigration, createIndex, dropped } from "./support";

/**
 * Fewer indexes on incidents, so an import writes fewer (docs/intake.md,
 * "Indexes and scale"). Every read keeps an index that bounds it by its
 * window or its page:
 * - the scanners' two partial indexes go: the location and exception
 *   scanners read their window from ix_incidents_partnership_occurred,
 *   which the summaries, figures and annual report read already;
 * - ix_incidents_import goes: nothing reads incidents by import;
 * - the ward index becomes partial (rows without a ward, every data.police.uk
 *   row, no longer write it); a ward filter implies a ward.
 * Indexes only: no new table, so no row-level security or grant changes.
 */
export class IncidentIndexes1796156000000 extends SchemaChangeMigration {
    name = 'IncidentIndexes1796156000000'

    changes = [
        dropped(createIndex('incidents', 'ix_incidents_import', ['import_id'], { where: '"import_id" IS NOT NULL' })),
        dropped(createIndex('incidents', 'ix_incidents_exception_scan', ['partnership_id', 'occurred_month', 'lsoa_code', 'category'], { where: '"lsoa_code" IS NOT NULL' })),
        dropped(createIndex('incidents', 'ix_incidents_location_scan', ['partnership_id', 'occurred_on', 'location_key'], { where: '"location_key" IS NOT NULL' })),
        dropped(createIndex('incidents', 'ix_incidents_partnership_ward', ['partnership_id', 'ward_code', 'occurred_on'])),
        createIndex('incidents', 'ix_incidents_partnership_ward', ['partnership_id', 'ward_code', 'occurred_on'], { where: '"ward_code" IS NOT NULL' }),
    ]
}
