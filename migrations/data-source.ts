import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, loadConfig } from '@app/core';
import { ENTITIES } from '@app/domain';
import { MIGRATIONS_GLOB } from './index';

/**
 * The data source of the TypeORM CLI (`migration:generate`, `migration:run`),
 * built by the same options builder as the apps and connected as the owner
 * role. `npm run migration:generate -- <Name>` points DATABASE_URL at a scratch
 * database before invoking the CLI with this file.
 */
export default new DataSource(
  buildDataSourceOptions(loadConfig(process.env), {
    role: 'owner',
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    applicationName: 'csp-migrations',
  }),
);
