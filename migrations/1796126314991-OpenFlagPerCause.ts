import { SchemaChangeMigration, createIndex, dropped } from "./support";

/**
 * One open flag per cause and due date: the unique key covers open flags
 * only, so a cause that comes back after its flag was resolved (an action
 * reopened after it was done, a review overdue again at the same due date)
 * gets a new flag, the earlier one kept as history. The partial unique index
 * also serves the scans' resolve step (it replaces ix_flags_open_kind, on the
 * same columns). Indexes only: no new table, so no row-level security or
 * grant changes. `down` fails once a cause has two flags.
 */
export class OpenFlagPerCause1796126314991 extends SchemaChangeMigration {
    name = 'OpenFlagPerCause1796126314991'

    changes = [
        createIndex('flags', 'uq_flags_open_cause', ['kind', 'partnership_id', 'subject_id', 'due_date'], { unique: true, where: '"resolved_at" IS NULL' }),
        dropped(createIndex('flags', 'uq_flags_cause', ['partnership_id', 'kind', 'subject_id', 'due_date'], { unique: true, inline: true })),
        dropped(createIndex('flags', 'ix_flags_open_kind', ['kind', 'partnership_id', 'subject_id', 'due_date'], { where: '"resolved_at" IS NULL', inline: true })),
    ]
}
