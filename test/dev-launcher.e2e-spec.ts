import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { loadConfig } from '@app/core';
import { entryOf, firstOf, obliterateQueues } from '@app/testing';

/**
 * `npm start` on a machine with nothing configured: the launcher starts the
 * embedded PostgreSQL, migrates, seeds, runs the API and the worker, and on
 * Ctrl-C stops all of it, database last.
 */
const root = resolve(__dirname, '../..');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Launcher {
  child: ChildProcess;
  /** Everything the launcher has printed so far, stdout and stderr together. */
  output(): string;
  exit: Promise<number | null>;
  env: NodeJS.ProcessEnv;
  ports: { api: number; worker: number; postgres: number; web: number };
  dataDir: string;
  postgresRunning(): boolean;
  /** Stops it if still running (Ctrl-C, then a kill if it hangs), removes its data and its queues. */
  dispose(): Promise<void>;
}

/** Starts `cli dev` with nothing configured but its own data folder, ports (four from `base`) and queue prefix; resolves once it is ready. */
async function launch(name: string, base: number): Promise<Launcher> {
  const dataDir = resolve(root, '.data', `${name}-${process.pid}`);
  const ports = { api: base, worker: base + 1, postgres: base + 2, web: base + 3 };
  const queuePrefix = `${name}-${process.pid}`;
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REDIS_URL: redisUrl,
    DATA_DIR: dataDir,
    PORT: String(ports.api),
    WORKER_PORT: String(ports.worker),
    WEB_PORT: String(ports.web),
    EMBEDDED_POSTGRES_PORT: String(ports.postgres),
    QUEUE_PREFIX: queuePrefix,
    LOG_PRETTY: 'false',
  };
  let output = '';
  const child = spawn(process.execPath, [resolve(root, 'dist/apps/cli/src/main.js'), 'dev'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const launcher: Launcher = {
    child,
    output: () => output,
    exit,
    env,
    ports,
    dataDir,
    postgresRunning: () => spawnSync('pgrep', ['-f', `${dataDir}/postgres/cluster`], { encoding: 'utf8' }).stdout.trim().length > 0,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
      await obliterateQueues(loadConfig({ REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix }));
    },
  };
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`not ready within 90s:\n${output}`)), 90_000);
      const check = setInterval(() => {
        if (output.includes('Press Ctrl-C')) {
          clearInterval(check);
          clearTimeout(timer);
          ready();
        }
        if (child.exitCode !== null) {
          clearInterval(check);
          clearTimeout(timer);
          fail(new Error(`the launcher exited early:\n${output}`));
        }
      }, 100);
    });
  } catch (err) {
    await launcher.dispose();
    throw err;
  }
  return launcher;
}

const base = 20000 + (process.pid % 5000) * 4;

describe('npm start (the dev launcher) with no DATABASE_URL', () => {
  // One launcher for the tests that only look at it; the test that stops it starts its own.
  let launcher: Launcher;
  const output = () => launcher.output();

  beforeAll(async () => {
    launcher = await launch('launcher-test', base);
  });

  afterAll(async () => {
    await launcher?.dispose();
  });

  it('heads the ready banner with the console, which serves its sign-in page in both languages', async () => {
    const banner = output().slice(output().indexOf('CSP tasking is ready'));
    const lines = banner.split('\n').filter((l) => l.startsWith('  '));
    assert.match(firstOf(lines), new RegExp(`Console\\s+http://127\\.0\\.0\\.1:${launcher.ports.web}/`));
    const page = await fetch(`http://127.0.0.1:${launcher.ports.web}/sign-in`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<html lang="en"/);
    assert.match(html, /Partnership tasking/);
    assert.match(String(page.headers.get('set-cookie')), /csp_session=[^;]+;.*HttpOnly/i);
    const welsh = await fetch(`http://127.0.0.1:${launcher.ports.web}/sign-in`, { headers: { cookie: 'csp_lang=cy' } });
    assert.match(await welsh.text(), /Mewngofnodi/);
  });

  it('prints where the API, the OpenAPI UI and health are', () => {
    assert.match(output(), new RegExp(`API\\s+http://127\\.0\\.0\\.1:${launcher.ports.api}/api/v1`));
    assert.match(output(), /OpenAPI UI\s+http:\/\/\S+\/docs/);
    assert.match(output(), new RegExp(`Worker health\\s+http://127\\.0\\.0\\.1:${launcher.ports.worker}/health/ready`));
  });

  it("shows the banner, warnings and errors, not the framework's start-up lines", () => {
    assert.doesNotMatch(output(), /InstanceLoader|RoutesResolver|RouterExplorer/);
    assert.doesNotMatch(output(), /"level":30/, 'no info-level log lines by default');
  });

  it('creates a platform admin on the empty database and prints its one-time password once', () => {
    assert.match(output(), /A platform admin was created/);
    assert.match(output(), /e-mail\s+admin@example\.org/);
    assert.equal(output().match(/password\s{2,}(\S+)/g)?.length, 1);
  });

  it('serves the 19 seeded partnerships to the admin and is ready on both processes', async () => {
    const password = /password\s{2,}(\S+)/.exec(output())![1];
    const token = await fetch(`http://127.0.0.1:${launcher.ports.api}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.org', password }),
    });
    assert.equal(token.status, 200);
    const { accessToken } = (await token.json()) as { accessToken: string };
    assert.equal((await fetch(`http://127.0.0.1:${launcher.ports.api}/api/v1/partnerships`)).status, 401);
    const res = await fetch(`http://127.0.0.1:${launcher.ports.api}/api/v1/partnerships?limit=100`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { items: unknown[] };
    assert.equal(body.items.length, 19);
    assert.equal((await fetch(`http://127.0.0.1:${launcher.ports.api}/health/ready`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${launcher.ports.worker}/health/ready`)).status, 200);
    assert.ok(launcher.postgresRunning());
  });

  it('lets a CLI command use the running embedded database instead of starting a second one', () => {
    const scan = spawnSync(process.execPath, [resolve(root, 'dist/apps/cli/src/main.js'), 'scan', '--kind', 'webhook_subscription_disabled'], {
      env: launcher.env,
      encoding: 'utf8',
    });
    assert.equal(scan.status, 0, `${scan.stdout}\n${scan.stderr}`);
    assert.doesNotMatch(scan.stderr, /already in use/);
    assert.match(scan.stdout, /webhook_subscription_disabled/);
    assert.ok(launcher.postgresRunning(), "the CLI leaves the launcher's database running");
  });

  it("starts the API with only the application role's credentials, and the worker without the owner's", () => {
    const children = spawnSync('pgrep', ['-P', String(launcher.child.pid)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .filter(Boolean);
    const envOf = (script: string): Record<string, string> => {
      const pid = children.find((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(script));
      assert.ok(pid, `a child runs ${script}`);
      const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
      return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    };
    const api = envOf('api/src/main.js');
    const worker = envOf('worker/src/main.js');
    assert.equal(decodeURIComponent(new URL(entryOf(api, 'DATABASE_URL')).username), 'csp_app');
    assert.equal(api.DATABASE_OWNER_PASSWORD, undefined);
    assert.equal(api.DATABASE_WORKER_PASSWORD, undefined);
    assert.equal(worker.DATABASE_OWNER_PASSWORD, undefined);
    assert.equal(decodeURIComponent(new URL(entryOf(worker, 'DATABASE_URL')).username), 'csp_app');
    assert.ok(worker.DATABASE_WORKER_PASSWORD);
    assert.ok(!Object.values(api).some((v) => v.includes(entryOf(worker, 'DATABASE_WORKER_PASSWORD'))), "the API never holds the worker role's password");
  });

  it('shuts everything down on Ctrl-C (SIGINT), the embedded database included', async () => {
    // Its own launcher, on ports of its own (40000 and up), so the others keep theirs.
    const own = await launch('launcher-stop-test', 40000 + (process.pid % 5000) * 4);
    try {
      own.child.kill('SIGINT');
      const code = await own.exit;
      assert.equal(code, 0, own.output());
      assert.match(own.output(), /Stopped\./);
      assert.doesNotMatch(own.output(), /terminating connection due to administrator command/);
      assert.equal(own.postgresRunning(), false);
      await assert.rejects(fetch(`http://127.0.0.1:${own.ports.api}/health/live`));
      await assert.rejects(fetch(`http://127.0.0.1:${own.ports.web}/health/live`));
    } finally {
      await own.dispose();
    }
  });
});

describe('npm start as root from a folder the postgres user cannot enter', () => {
  // PostgreSQL refuses to run as root, so as root the embedded cluster runs as
  // the `postgres` user; a clone under /root (mode 0700) is the usual trap.
  const asRoot = process.getuid?.() === 0;
  const locked = resolve(root, '.data', `locked-${process.pid}`);

  afterAll(() => rmSync(locked, { recursive: true, force: true }));

  (asRoot ? it : it.skip)('says which folder to open up instead of failing with EACCES', () => {
    mkdirSync(resolve(locked, 'inside'), { recursive: true });
    chmodSync(locked, 0o700);
    const res = spawnSync(process.execPath, [resolve(root, 'dist/apps/cli/src/main.js'), 'dev'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        REDIS_URL: redisUrl,
        DATA_DIR: resolve(locked, 'inside'),
        EMBEDDED_POSTGRES_PORT: String(base + 5),
        LOG_PRETTY: 'false',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${res.stdout}\n${res.stderr}`;
    assert.notEqual(res.status, 0);
    assert.match(output, new RegExp(`cannot enter ${locked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(output, /chmod o\+x/);
    assert.doesNotMatch(output, /EACCES/);
  });
});
