import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readTestSettings } from '@app/core';
import type { TestEnvironment } from '@app/testing';

const root = resolve(__dirname, '../../..');

/** A TCP port nothing listens on right now (loopback). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited: its code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal; resolves with how long the process took to exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number>;
}

function track(child: ChildProcess, readyLine: RegExp, what: string, timeoutMs: number): Promise<RunningProcess> {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const running: RunningProcess = {
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM', stopTimeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return 0;
      const started = Date.now();
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
      return Date.now() - started;
    },
  };
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${what} not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = setInterval(() => {
      if (readyLine.test(output)) {
        clearInterval(check);
        clearTimeout(timer);
        ready(running);
      } else if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(check);
        clearTimeout(timer);
        fail(new Error(`${what} exited before it was ready:\n${output}`));
      }
    }, 50);
  });
}

/**
 * The real worker (`node dist/apps/worker/src/main.js`) as a child process,
 * configured like the test environment (its database, Redis and queue
 * prefix) plus `env`. Resolves once it is running.
 */
export async function startWorkerProcess(t: TestEnvironment, env: Record<string, string> = {}): Promise<RunningProcess> {
  const child = spawn(process.execPath, [join(root, 'dist/apps/worker/src/main.js')], {
    cwd: root,
    env: processEnv(t, { WORKER_PORT: String(await freePort()), LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(child, /csp-worker running/, 'the worker', 30_000);
}

/** The environment of an app process configured like the test environment (its database as the restricted role, Redis, queue prefix) plus `env`. */
function processEnv(t: TestEnvironment, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ...readTestSettings().roleEnv,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATABASE_URL: t.config.database.url!,
    REDIS_URL: t.config.redis.url,
    QUEUE_PREFIX: t.config.redis.prefix,
    ...env,
  };
}

/**
 * A command of the real CLI (`node dist/apps/cli/src/main.js <command> ...args`)
 * run to its end against the test environment's database (as the restricted
 * role; warnings and errors logged only): its status and output.
 */
export function runCli(t: TestEnvironment, command: string, ...args: string[]) {
  return spawnSync(process.execPath, [resolve(root, 'dist/apps/cli/src/main.js'), command, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, ...readTestSettings().roleEnv, NODE_ENV: 'test', DATABASE_URL: t.config.database.url!, LOG_LEVEL: 'warn' },
  });
}

/**
 * The real API (`node dist/apps/api/src/main.js`) as a child process on
 * `port`, configured like the test environment plus `env`, with Node's
 * `nodeArgs` (e.g. `--inspect`). Resolves once it listens.
 */
export async function startApiProcess(t: TestEnvironment, port: number, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    env: processEnv(t, { PORT: String(port), LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(child, /csp-api listening/, 'the API', 60_000);
}

/** A compiled script of the repository's (`dist/...`) as a child process with `env` (and Node's `nodeArgs`); resolves once it prints `readyLine`. */
export function startScriptProcess(script: string, env: Record<string, string>, readyLine: RegExp, nodeArgs: string[] = []): Promise<RunningProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(child, readyLine, script, 30_000);
}

export interface TestRedis {
  url: string;
  port: number;
  process: RunningProcess;
  /** Stops the server (it writes its append-only file first). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  remove(): Promise<void>;
}

/** A redis-server of the test's own on a spare loopback port, persistent (AOF) like production. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'csp-redis-'));
  const launch = () =>
    track(
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--dir',
          dir,
          '--maxmemory-policy',
          'noeviction',
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
      /Ready to accept connections/,
      'redis-server',
      15_000,
    );
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: await launch(),
    async stop() {
      await redis.process.stop('SIGTERM', 10_000);
    },
    async restart() {
      redis.process = await launch();
    },
    async remove() {
      await redis.process.stop('SIGTERM', 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return redis;
}

/** Whether a command exists on PATH. */
export function hasCommand(command: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':');
  return dirs.some((d) => d && existsSync(join(d, command)));
}
