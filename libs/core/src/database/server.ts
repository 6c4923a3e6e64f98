import type { AppConfig } from '../config';
import { bootstrapDatabaseRoles, ensureDatabase } from './bootstrap';
import { databaseName, urlForDatabase, urlForRole } from './connection';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';

export interface DatabaseServer {
  /** Superuser (or CREATEROLE) URL of the application database. */
  adminUrl: string;
  /** The configuration, with role passwords filled in for an embedded cluster. */
  config: AppConfig;
  /** The variables a child process needs to reach this database as configured. */
  childEnv: Record<string, string>;
  embedded?: EmbeddedPostgres;
  stop(): Promise<void>;
}

export interface DatabaseServerOptions {
  /** Folder of the embedded cluster, when one is started. */
  embeddedDir: string;
  embeddedPort: number;
  /** Database created on the embedded cluster. */
  embeddedDatabase?: string;
  onLog?: (line: string) => void;
}

/**
 * The PostgreSQL the process works against: DATABASE_URL when set, otherwise
 * an embedded cluster started here (and stopped by `stop()`).
 */
export async function openDatabaseServer(config: AppConfig, options: DatabaseServerOptions): Promise<DatabaseServer> {
  if (config.database.url) {
    const url = config.database.url;
    const childEnv: Record<string, string> = { DATABASE_URL: url };
    return { adminUrl: url, config, childEnv, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: options.embeddedDir, port: options.embeddedPort, onLog: options.onLog });
  try {
    const dbName = options.embeddedDatabase ?? 'csp';
    await ensureDatabase(embedded.adminUrl, dbName);
    const adminUrl = urlForDatabase(embedded.adminUrl, dbName);
    const withPasswords: AppConfig = {
      ...config,
      database: {
        ...config.database,
        url: adminUrl,
        owner: { ...config.database.owner, password: embedded.rolePasswords.owner },
        app: { ...config.database.app, password: embedded.rolePasswords.app },
        worker: { ...config.database.worker, password: embedded.rolePasswords.worker },
      },
    };
    const childEnv = {
      DATABASE_URL: urlForRole(adminUrl, withPasswords.database.owner),
      DATABASE_OWNER_PASSWORD: embedded.rolePasswords.owner,
      DATABASE_APP_PASSWORD: embedded.rolePasswords.app,
      DATABASE_WORKER_PASSWORD: embedded.rolePasswords.worker,
    };
    return { adminUrl, config: withPasswords, childEnv, embedded, stop: () => embedded.stop() };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}

/** The database variables of each role's password. */
const PASSWORD_VARS = { owner: 'DATABASE_OWNER_PASSWORD', app: 'DATABASE_APP_PASSWORD', worker: 'DATABASE_WORKER_PASSWORD' } as const;

/**
 * Least privilege per process: the database variables a runtime process gets
 * (`set`) and those it must not inherit (`omit`). The API holds only the
 * application role's credentials; the worker the application role's and the
 * worker role's (its cross-partnership scans); neither holds the owner's,
 * which only the migration step (the launcher itself, or the migrate job) uses.
 */
export function runtimeDatabaseEnv(server: DatabaseServer, process: 'api' | 'worker'): { set: Record<string, string>; omit: string[] } {
  const { app, worker } = server.config.database;
  const set: Record<string, string> = {
    DATABASE_URL: urlForRole(server.adminUrl, app),
    DATABASE_APP_USER: app.user,
    DATABASE_APP_PASSWORD: app.password,
  };
  const omit: string[] = [PASSWORD_VARS.owner];
  if (process === 'worker') Object.assign(set, { DATABASE_WORKER_USER: worker.user, DATABASE_WORKER_PASSWORD: worker.password });
  else omit.push(PASSWORD_VARS.worker);
  return { set, omit };
}

/** Creates the roles on the server behind `adminUrl` and returns the database's name. */
export async function prepareRoles(server: DatabaseServer): Promise<string> {
  await bootstrapDatabaseRoles(server.adminUrl, server.config);
  return databaseName(server.adminUrl);
}
