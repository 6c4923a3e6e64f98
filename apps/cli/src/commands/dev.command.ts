import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Inject } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Command, CommandRunner, Option } from 'nest-commander';
import { APP_CONFIG, childProcessEnv, redactUrl, runtimeDatabaseEnv, type AppConfig, type DatabaseServer } from '@app/core';
import { UsersService } from '@app/domain/identity';
import { ReferenceDataService } from '@app/domain/partnerships';
import { withDomainContext } from '../cli-context';
import { DEMO_PARTNERSHIP, DEMO_PEOPLE, demoConfig, describeDemo, ensureDemoPeople, refusedInProduction, seedDemoData } from '../demo/demo';
import { migrate, openServer } from '../database-tasks';

const say = (line: string) => process.stdout.write(`${line}\n`);

export const REDIS_HELP = (url: string) =>
  [
    `Redis is not reachable at ${redactUrl(url)}; the worker's queues need it.`,
    'Start one, then run `npm start` again:',
    '  - Debian/Ubuntu: sudo apt-get install redis-server   (it starts as a service)',
    '  - macOS:         brew install redis && brew services start redis',
    '  - Docker:        docker compose up -d redis',
    'or point REDIS_URL at a Redis you already run.',
  ].join('\n');

export async function redisReachable(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with code ${child.exitCode} before becoming ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000}s`);
}

/**
 * `npm start`: the whole system on one machine with no configuration. Starts
 * the embedded PostgreSQL when DATABASE_URL is unset, checks Redis, creates the
 * roles, migrates, seeds the reference data, then runs the API and the worker
 * as child processes until Ctrl-C, when it stops them and the database cleanly.
 */
@Command({ name: 'dev', description: 'Run the API and the worker locally (embedded PostgreSQL unless DATABASE_URL is set)' })
export class DevCommand extends CommandRunner {
  private children: ChildProcess[] = [];
  private server?: DatabaseServer;
  private stopping = false;

  constructor(@Inject(APP_CONFIG) private config: AppConfig) {
    super();
  }

  @Option({ flags: '--demo', description: 'On a separate embedded database filled with a demo partnership and a sign-in per role (`npm run demo`)' })
  parseDemo(): boolean {
    return true;
  }

  async run(_args: string[] = [], options: { demo?: boolean } = {}): Promise<void> {
    const started = Date.now();
    if (options.demo) {
      if (refusedInProduction(this.config)) return;
      if (this.config.database.url) say('The demo keeps to its own embedded database: DATABASE_URL is not used.');
      this.config = demoConfig(this.config);
    }
    if (!(await redisReachable(this.config.redis.url))) {
      process.stderr.write(`${REDIS_HELP(this.config.redis.url)}\n`);
      process.exitCode = 1;
      return;
    }
    process.once('SIGINT', () => void this.shutdown(0, 'SIGINT'));
    process.once('SIGTERM', () => void this.shutdown(0, 'SIGTERM'));

    say(
      this.config.database.url
        ? `Using PostgreSQL at ${redactUrl(this.config.database.url)}`
        : `Starting the embedded PostgreSQL (data in ${resolve(this.config.embedded.dataDir, 'postgres')})...`,
    );
    this.server = await openServer(this.config);
    const applied = await migrate(this.server);
    if (applied.length) say(`Applied ${applied.length} migration(s).`);
    const seeded = await withDomainContext(this.server.config, (ctx) => ctx.get(ReferenceDataService).seedWales());
    if (seeded.partnershipsCreated) say(`Loaded the Welsh reference data: ${seeded.partnershipsCreated} partnerships, ${seeded.agenciesCreated} agencies.`);
    const admin = await withDomainContext(this.server.config, (ctx) => ctx.get(UsersService).ensureInitialAdmin(this.config.auth.initialAdminEmail));
    if (options.demo) {
      // Loaded before the worker starts, so its scanners see the demo's year only once it is all there.
      await ensureDemoPeople(this.server.config);
      try {
        say(describeDemo(await seedDemoData(this.server.config)));
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        await this.shutdown(1, 'demo failure');
        return;
      }
    }

    const dist = resolve(__dirname, '../../..');
    // Each process gets only its own database credentials (runtimeDatabaseEnv); the owner's stay here, and the
    // console, which calls the API over HTTP, gets none. Warnings and errors only, unless LOG_LEVEL asks for more:
    // the banner below is what a newcomer needs to see.
    const logEnv = {
      LOG_PRETTY: String(this.config.log.pretty || this.config.env !== 'production'),
      LOG_LEVEL: this.config.log.levelSet ? this.config.log.level : 'warn',
    };
    // The console tells the API whose address each sign-in is for; the two share this secret (one per run unless set).
    const forwarding = { CONSOLE_FORWARDING_SECRET: this.config.web.forwardingSecret ?? randomBytes(32).toString('base64url') };
    const envFor = (name: 'api' | 'worker') => {
      const { set, omit } = runtimeDatabaseEnv(this.server!, name);
      return childProcessEnv({ ...set, ...logEnv, ...(name === 'api' ? forwarding : {}) }, omit);
    };
    const api = this.spawnChild('api', resolve(dist, 'api/src/main.js'), envFor('api'));
    const worker = this.spawnChild('worker', resolve(dist, 'worker/src/main.js'), envFor('worker'));
    const web = this.spawnChild(
      'console',
      resolve(dist, 'web/src/main.js'),
      childProcessEnv({ ...logEnv, ...forwarding }, ['DATABASE_URL', 'DATABASE_OWNER_PASSWORD', 'DATABASE_APP_PASSWORD', 'DATABASE_WORKER_PASSWORD']),
    );

    const apiUrl = `http://127.0.0.1:${this.config.api.port}`;
    const workerUrl = `http://127.0.0.1:${this.config.worker.port}`;
    const webUrl = `http://127.0.0.1:${this.config.web.port}`;
    try {
      await Promise.all([
        waitReady(`${apiUrl}/health/ready`, api, 60_000),
        waitReady(`${workerUrl}/health/ready`, worker, 60_000),
        waitReady(`${webUrl}/health/live`, web, 60_000),
      ]);
    } catch (err) {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      await this.shutdown(1, 'startup failure');
      return;
    }
    say('');
    say(`CSP tasking is ready (${((Date.now() - started) / 1000).toFixed(1)}s):`);
    say(`  Console         ${webUrl}/   (sign in with a user's e-mail and password; Cymraeg or English)`);
    say(`  API             ${this.config.api.publicUrl}/api/v1`);
    say(`  OpenAPI UI      ${this.config.api.publicUrl}/docs   (document: /docs/openapi.json)`);
    say(`  API health      ${this.config.api.publicUrl}/health/ready`);
    say(`  Worker health   ${workerUrl}/health/ready`);
    if (admin) {
      say('');
      say('A platform admin was created on this empty database. Its password is shown this once:');
      say(`  e-mail          ${admin.email}`);
      say(`  password        ${admin.password}`);
      say(`  sign in         curl -s -X POST ${this.config.api.publicUrl}/api/v1/auth/token -H 'content-type: application/json' \\`);
      say(`                    -d '{"email":"${admin.email}","password":"<the password>"}'`);
      say(`  or sign in to the console at ${webUrl}/sign-in`);
      say('  Change it with POST /api/v1/me/password; create more users with `npm run cli -- user-create`.');
    }
    if (options.demo) {
      say('');
      say(`Demo sign-ins for the ${DEMO_PARTNERSHIP} partnership (this demo database only: ${resolve(this.config.embedded.dataDir, 'postgres')}):`);
      for (const p of DEMO_PEOPLE) say(`  ${p.role.padEnd(8)} ${p.email.padEnd(28)} ${p.password}   (${p.displayName})`);
    }
    say('Press Ctrl-C to stop.');
    await new Promise<void>(() => undefined);
  }

  private spawnChild(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(process.execPath, [script], { env, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (!this.stopping) {
        process.stderr.write(`The ${name} stopped unexpectedly (${signal ?? `code ${code}`}); shutting down.\n`);
        void this.shutdown(1, `${name} exited`);
      }
    });
    this.children.push(child);
    return child;
  }

  private async shutdown(code: number, reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    say(`\nStopping (${reason})...`);
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 25_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    if (this.server) await this.server.stop();
    say('Stopped.');
    process.exit(code);
  }
}
