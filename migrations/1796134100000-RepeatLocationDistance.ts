import { MigrationInterface, QueryRunner } from "typeorm";
import { addColumn, applyChanges, revertChanges } from "./support";

/** The schema changes, in order: up() makes each, down() undoes them, the last first. */
const SCHEMA = [
    addColumn('intake_settings', 'repeat_location_metres', "integer NOT NULL DEFAULT '50'"),
];

/** A repeat location by coordinates: incidents within a partnership's distance (metres) of each other are one location. */
export class RepeatLocationDistance1796134100000 implements MigrationInterface {
    name = 'RepeatLocationDistance1796134100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await applyChanges(queryRunner, SCHEMA);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await revertChanges(queryRunner, SCHEMA);
    }
}
