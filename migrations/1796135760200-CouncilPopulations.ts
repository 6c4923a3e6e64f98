import { SchemaChangeMigration, createTable, foreignKey } from "./support";

/**
 * The resident population of each principal council by year (ONS mid-year
 * estimates; Accountability): the denominator of the incidents per 1,000
 * residents. National reference data with no partnership of its own, like
 * local_authorities; the runtime roles get it by the schema's default
 * privileges.
 */
export class CouncilPopulations1796135760200 extends SchemaChangeMigration {
    name = 'CouncilPopulations1796135760200'

    changes = [
        createTable('council_populations', `
                "code" text NOT NULL,
                "year" integer NOT NULL,
                "name" text NOT NULL,
                "population" integer NOT NULL,
                "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_council_populations_population" CHECK ("population" > 0),
                CONSTRAINT "ck_council_populations_year" CHECK (
                    "year" BETWEEN 1981 AND 2100
                ),
                CONSTRAINT "PK_1c422866e92a0d8a43bb8d9b41e" PRIMARY KEY ("code", "year")
        `),
        foreignKey('council_populations', 'FK_8e1ffb9fbb029085065fd2ae970', 'code', 'local_authorities', 'CASCADE', ['code']),
    ]
}
