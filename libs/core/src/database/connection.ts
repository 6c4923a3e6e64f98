import type { AppConfig, DatabaseRoleCredentials } from '../config';

export type DatabaseRole = 'owner' | 'app' | 'worker';

/** The same server and database as `baseUrl`, logged in as another role. */
export function urlForRole(baseUrl: string, credentials: DatabaseRoleCredentials): string {
  const url = new URL(baseUrl);
  url.username = encodeURIComponent(credentials.user);
  url.password = encodeURIComponent(credentials.password);
  return url.toString();
}

/** The same server, another database (used for scratch and test databases). */
export function urlForDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function databaseName(baseUrl: string): string {
  return decodeURIComponent(new URL(baseUrl).pathname.replace(/^\//, '')) || 'postgres';
}

export function requireDatabaseUrl(config: AppConfig): string {
  if (!config.database.url) {
    throw new Error('DATABASE_URL is not set. `npm start` starts an embedded PostgreSQL for you; other commands need DATABASE_URL.');
  }
  return config.database.url;
}

export function roleUrl(config: AppConfig, role: DatabaseRole): string {
  return urlForRole(requireDatabaseUrl(config), config.database[role]);
}

/** Hides the password of a connection URL for log lines and messages. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<invalid url>';
  }
}
