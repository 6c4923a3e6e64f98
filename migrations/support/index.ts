/**
 * SQL shared by the migrations: the tables, indexes and keys TypeORM generates
 * (schema.ts), the row-level security of tenant tables, the
 * append-only grants of history tables, row triggers, the runtime roles' lookup, the outbox's
 * event-type check and the body of request_context().
 *
 * Changing a helper changes every landed migration that calls it, and deployed
 * databases have already run what those migrations executed: the guard
 * (migrations.spec.ts, against executed-sql.txt) refuses any difference, down to
 * a space. A new need is a new helper (or a new parameter whose default keeps
 * the old text), never an edit of what an existing call produces.
 *
 * This folder is not loaded as migrations: TypeORM loads the files matching
 * MIGRATIONS_GLOB (`<timestamp>-<Name>.js` directly in migrations/). A migration
 * file imports these helpers and must not export them: TypeORM runs every
 * function a migration file exports as a migration.
 */
export { statement, type Indent } from './statement';
export {
  TENANT,
  createPolicy,
  createTenantWritePolicies,
  dropPolicies,
  dropTenantIsolation,
  enableRowSecurity,
  enableTenantIsolation,
} from './row-level-security';
export { makeAppendOnly, revokeRewritesLoop } from './append-only';
export { runtimeRoles } from './runtime-roles';
export { FIRST_OUTBOX_EVENT_TYPES, replaceOutboxEventTypeCheck } from './outbox-event-types';
export { requestContextFunction } from './request-context';
export { createRowTrigger } from './triggers';
export {
  PARTNERSHIP_OWNED_COLUMNS,
  TIMESTAMPED_COLUMNS,
  addCheck,
  addColumn,
  applyChanges,
  createIndex,
  createTable,
  dropped,
  foreignKey,
  generatedColumnMetadata,
  partnershipKey,
  revertChanges,
  SchemaChangeMigration,
} from './schema';
