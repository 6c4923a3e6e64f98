import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  bootstrapDatabaseRoles,
  buildDataSourceOptions,
  loadConfig,
  openDatabaseServer,
  publishTestSettings,
  runMigrations,
  TransactionHost,
  urlForDatabase,
  type AppConfig,
} from '@app/core';
import { AgenciesRepository, ENTITIES, PartnershipsRepository, ReferenceDataService } from '@app/domain';
import { MIGRATIONS_GLOB } from '../../../../migrations';

/**
 * The PostgreSQL the e2e tests and benchmarks run on (DATABASE_URL, which must
 * allow CREATEROLE and CREATEDB, or an embedded cluster), with a template
 * database migrated once: every test file clones it (`CREATE DATABASE ... TEMPLATE`).
 */
export interface TestServer {
  stop(): Promise<void>;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function prepareTemplate(adminUrl: string, config: AppConfig, template: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${template}`);
  } finally {
    await client.end();
  }
  const templateUrl = urlForDatabase(adminUrl, template);
  const templateConfig: AppConfig = { ...config, database: { ...config.database, url: templateUrl } };
  await bootstrapDatabaseRoles(templateUrl, templateConfig);
  await runMigrations(buildDataSourceOptions(templateConfig, { role: 'owner', entities: ENTITIES, migrations: [MIGRATIONS_GLOB] }));
  // The state of a first start: the Welsh reference data, loaded as the application role.
  const app = new DataSource(buildDataSourceOptions(templateConfig, { role: 'app', entities: ENTITIES, poolSize: 1 }));
  await app.initialize();
  try {
    const tx = new TransactionHost(app);
    await new ReferenceDataService(tx, new PartnershipsRepository(tx), new AgenciesRepository(tx)).seedWales();
  } finally {
    await app.destroy();
  }
}

async function dropDatabases(adminUrl: string, prefix: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Starts (or reaches) the server, migrates the template and tells the test processes where it is. */
export async function startTestServer(): Promise<TestServer> {
  const config = loadConfig();
  const started = Date.now();
  const server = await openDatabaseServer(config, {
    embeddedDir: resolve(config.embedded.dataDir, 'test-postgres'),
    embeddedPort: config.embedded.port + 1,
    embeddedDatabase: 'postgres',
  });
  const prefix = `csp_t${randomBytes(3).toString('hex')}`;
  const template = `${prefix}_tpl`;
  const stop = async () => {
    await dropDatabases(server.adminUrl, prefix).catch(() => undefined);
    await server.stop();
  };
  try {
    await prepareTemplate(server.adminUrl, server.config, template);
  } catch (err) {
    await stop();
    throw err;
  }
  say(
    `\nTemplate database ${template} ready in ${((Date.now() - started) / 1000).toFixed(1)}s on ${server.embedded ? 'the embedded PostgreSQL' : 'DATABASE_URL'}.`,
  );
  const roleEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(server.childEnv)) if (key !== 'DATABASE_URL') roleEnv[key] = value;
  // Jest starts its workers after the global setup: they inherit these.
  publishTestSettings({ adminUrl: server.adminUrl, templateDatabase: template, roleEnv });
  return { stop };
}
