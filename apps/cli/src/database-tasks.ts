import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  buildDataSourceOptions,
  openDatabaseServer,
  prepareRoles,
  runMigrations,
  urlForDatabase,
  urlForRole,
  type AppConfig,
  type DatabaseServer,
} from '@app/core';
import { ENTITIES } from '@app/domain';
import { MIGRATIONS_GLOB } from '../../../migrations';

export function ownerOptions(config: AppConfig) {
  return buildDataSourceOptions(config, { role: 'owner', entities: ENTITIES, migrations: [MIGRATIONS_GLOB], applicationName: 'csp-migrations' });
}

/** DATABASE_URL or the embedded cluster of `npm start`. */
export function openServer(config: AppConfig, onLog?: (line: string) => void): Promise<DatabaseServer> {
  return openDatabaseServer(config, {
    embeddedDir: resolve(config.embedded.dataDir, 'postgres'),
    embeddedPort: config.embedded.port,
    onLog,
  });
}

/** Runs `work` with the server of `openServer`, and stops the server after, however `work` ends. */
export async function withServer<T>(config: AppConfig, work: (server: DatabaseServer) => Promise<T>): Promise<T> {
  const server = await openServer(config);
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** Roles, then migrations as the owner. Returns the migrations applied. */
export async function migrate(server: DatabaseServer): Promise<string[]> {
  await prepareRoles(server);
  return runMigrations(ownerOptions(server.config));
}

/**
 * A throw-away database on the same server, migrated to the latest version:
 * where the drift check and migration generation compare entities with the
 * schema the migrations produce.
 */
export async function withScratchDatabase<T>(server: DatabaseServer, work: (config: AppConfig, ownerUrl: string) => Promise<T>): Promise<T> {
  const name = `csp_scratch_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await prepareRoles(server);
    await admin.query(`CREATE DATABASE ${name} OWNER ${admin.escapeIdentifier(server.config.database.owner.user)}`);
    const scratchAdminUrl = urlForDatabase(server.adminUrl, name);
    const scratch: DatabaseServer = {
      ...server,
      adminUrl: scratchAdminUrl,
      config: { ...server.config, database: { ...server.config.database, url: scratchAdminUrl } },
    };
    await prepareRoles(scratch);
    await runMigrations(ownerOptions(scratch.config));
    return await work(scratch.config, urlForRole(scratchAdminUrl, scratch.config.database.owner));
  } finally {
    // The work's connections may still be closing: a plain DROP waits for them (PostgreSQL waits up to 5 s), where
    // FORCE would terminate them mid-goodbye and their pools log "terminating connection due to administrator
    // command". FORCE only when one was left open.
    await admin
      .query(`DROP DATABASE IF EXISTS ${name}`)
      .catch(() => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
      .catch(() => undefined);
    await admin.end();
  }
}
