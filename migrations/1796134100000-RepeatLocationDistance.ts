import { MigrationInterface, QueryRunner } from "typeorm";

/** A repeat location by coordinates: incidents within a partnership's distance (metres) of each other are one location. */
export class RepeatLocationDistance1796134100000 implements MigrationInterface {
    name = 'RepeatLocationDistance1796134100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "intake_settings"
            ADD "repeat_location_metres" integer NOT NULL DEFAULT '50'
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "intake_settings" DROP COLUMN "repeat_location_metres"
        `);
    }
}
