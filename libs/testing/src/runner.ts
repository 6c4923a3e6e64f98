import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Client } from 'pg';
import {
  bootstrapDatabaseRoles,
  buildDataSourceOptions,
  loadConfig,
  openDatabaseServer,
  processArgs,
  runMigrations,
  testConcurrency,
  testProcessEnv,
  TransactionHost,
  urlForDatabase,
  type AppConfig,
} from '@app/core';
import { DataSource } from 'typeorm';
import { ENTITIES, ReferenceDataService } from '@app/domain';
import { MIGRATIONS_GLOB } from '../../../migrations';

/**
 * `npm test`: prepares PostgreSQL once (DATABASE_URL, which must allow
 * CREATEROLE and CREATEDB, or an embedded cluster), migrates a template
 * database, then runs every unit and e2e test file with Node's test runner.
 * Each e2e file clones the template into a database of its own.
 */
const dist = resolve(__dirname, '../../..');
const say = (line: string) => process.stdout.write(`${line}\n`);

function findTests(dir: string, suffix: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findTests(path, suffix, out);
    else if (entry.endsWith(suffix)) out.push(path);
  }
  return out;
}

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
    await new ReferenceDataService(new TransactionHost(app)).seedWales();
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

async function main(): Promise<number> {
  const args = processArgs();
  const only = args.filter((a) => !a.startsWith('--'));
  // --long: tests may take up to 30 minutes each (`npm run fuzz`).
  const kinds = args.includes('--bench') ? ['bench'] : args.includes('--unit') ? ['unit'] : args.includes('--e2e') ? ['e2e'] : ['unit', 'e2e'];
  let files = [
    ...(kinds.includes('unit') ? [...findTests(join(dist, 'apps'), '.spec.js'), ...findTests(join(dist, 'libs'), '.spec.js')] : []),
    ...(kinds.includes('e2e') ? findTests(join(dist, 'test'), '.e2e-spec.js') : []),
    // Benchmarks (`npm run bench`): print figures, assert nothing about speed; never part of `npm test`.
    ...(kinds.includes('bench') ? findTests(join(dist, 'test'), '.bench.js') : []),
  ];
  if (only.length) files = files.filter((f) => only.some((o) => f.includes(o.replace(/\.ts$/, ''))));
  if (!files.length) {
    say('No test files matched.');
    return 1;
  }

  const config = loadConfig();
  const started = Date.now();
  const server = await openDatabaseServer(config, {
    embeddedDir: resolve(config.embedded.dataDir, 'test-postgres'),
    embeddedPort: config.embedded.port + 1,
    embeddedDatabase: 'postgres',
  });
  const run = randomBytes(3).toString('hex');
  const prefix = `csp_t${run}`;
  const template = `${prefix}_tpl`;
  try {
    await prepareTemplate(server.adminUrl, server.config, template);
    say(`Template database ${template} ready in ${((Date.now() - started) / 1000).toFixed(1)}s on ${server.embedded ? 'the embedded PostgreSQL' : 'DATABASE_URL'}.`);
    const roleEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(server.childEnv)) if (key !== 'DATABASE_URL') roleEnv[key] = value;
    const env = testProcessEnv({ adminUrl: server.adminUrl, templateDatabase: template, roleEnv });
    const concurrency = testConcurrency();
    const code = await new Promise<number>((done) => {
      const child = spawn(
        process.execPath,
        ['--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, `--test-timeout=${kinds.includes('bench') || args.includes('--long') ? 1_800_000 : 180_000}`, ...files.map((f) => relative(process.cwd(), f))],
        { stdio: 'inherit', env },
      );
      child.on('exit', (exitCode) => done(exitCode ?? 1));
    });
    return code;
  } finally {
    await dropDatabases(server.adminUrl, prefix).catch(() => undefined);
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`npm test could not prepare the database: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
