import { SchemaChangeMigration, addColumn } from "./support";

/** A repeat location by coordinates: incidents within a partnership's distance (metres) of each other are one location. */
export class RepeatLocationDistance1796134100000 extends SchemaChangeMigration {
    name = 'RepeatLocationDistance1796134100000'

    changes = [
        addColumn('intake_settings', 'repeat_location_metres', "integer NOT NULL DEFAULT '50'"),
    ]
}
