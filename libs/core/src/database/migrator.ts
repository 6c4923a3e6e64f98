import { DataSource, type DataSourceOptions } from 'typeorm';

/** Runs pending migrations with the owner's options; returns the names applied. */
export async function runMigrations(ownerOptions: DataSourceOptions): Promise<string[]> {
  const ds = new DataSource(ownerOptions);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * SQL that would bring the schema in line with the entities. Empty when the
 * migrations and entities agree (the drift check).
 */
export async function pendingSchemaChanges(ownerOptions: DataSourceOptions): Promise<string[]> {
  const ds = new DataSource(ownerOptions);
  await ds.initialize();
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}
