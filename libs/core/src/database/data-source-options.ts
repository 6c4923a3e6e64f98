import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { AppConfig } from '../config';
import { DatabaseRole, roleUrl } from './connection';
import { SnakeNamingStrategy } from './naming';

export interface DataSourceBuildOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  role: DatabaseRole;
  /** Overrides the configured pool size (tests use a pool of one to prove context does not leak). */
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one TypeORM options builder: the API, the worker, the CLI and
 * migrations/data-source.ts all come through here. Schema changes only ever
 * arrive through migrations.
 */
export function buildDataSourceOptions(config: AppConfig, options: DataSourceBuildOptions): DataSourceOptions {
  const pg: DataSourceOptions = {
    type: 'postgres',
    url: roleUrl(config, options.role),
    entities: options.entities,
    migrations: options.migrations ?? [],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    migrationsRun: false,
    logging: config.log.level === 'silent' ? false : ['error', 'warn'],
    ssl: config.database.ssl ? { rejectUnauthorized: true } : false,
    applicationName: options.applicationName ?? `csp-${options.role}`,
    extra: {
      max: options.poolSize ?? config.database.poolSize,
      // Fail fast instead of queueing requests forever when the database is gone.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      statement_timeout: 30000,
    },
  };
  return pg;
}
