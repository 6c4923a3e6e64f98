import { SchemaChangeMigration, addCheck, addColumn, createIndex, foreignKey } from "./support";

/**
 * A tasking group may name a deputy (vice-) chair, who chairs its meetings in
 * the chair's absence: optional, a user (RESTRICT, as the chair), never the
 * chair themself (a CHECK beneath the service's 422). A column of a table
 * the runtime roles already hold by table grant, under its row-level
 * security: no grant or policy to add.
 */
export class DeputyChair1796155263898 extends SchemaChangeMigration {
    name = 'DeputyChair1796155263898'

    changes = [
        addColumn('tasking_groups', 'deputy_chair_user_id', 'uuid'),
        createIndex('tasking_groups', 'ix_tasking_groups_deputy_chair', ['deputy_chair_user_id']),
        addCheck('tasking_groups', 'ck_tasking_groups_deputy_not_chair', '"deputy_chair_user_id" <> "chair_user_id"'),
        foreignKey('tasking_groups', 'FK_8986633d6bfa531e545b8454847', 'deputy_chair_user_id', 'users', 'RESTRICT'),
    ]
}
