import { MigrationInterface, QueryRunner } from "typeorm";

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
export class IncidentIndexes1796156000000 implements MigrationInterface {
    name = 'IncidentIndexes1796156000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_import"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_exception_scan"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_location_scan"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_partnership_ward"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_partnership_ward" ON "incidents" ("partnership_id", "ward_code", "occurred_on")
            WHERE "ward_code" IS NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_incidents_partnership_ward"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_partnership_ward" ON "incidents" ("partnership_id", "ward_code", "occurred_on")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_location_scan" ON "incidents" ("partnership_id", "occurred_on", "location_key")
            WHERE "location_key" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_exception_scan" ON "incidents" (
                "partnership_id",
                "occurred_month",
                "lsoa_code",
                "category"
            )
            WHERE "lsoa_code" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_incidents_import" ON "incidents" ("import_id")
            WHERE "import_id" IS NOT NULL
        `);
    }

}
