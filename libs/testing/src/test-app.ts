import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import request from 'supertest';
import { FixedClock, loadConfig, readTestSettings, urlForRole, type AppConfig } from '@app/core';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { createWorkerApp } from '../../../apps/worker/src/bootstrap';
import { QUEUES, redisConnectionOptions } from '@app/queue';
import { TestDatabase } from './test-database';

export interface TestEnvironment {
  db: TestDatabase;
  config: AppConfig;
  clock: FixedClock;
}

export interface TestEnvironmentOptions {
  /** Extra environment variables for the configuration (e.g. REDIS_URL, HEARTBEAT_INTERVAL_SECONDS). */
  env?: Record<string, string>;
  clock?: FixedClock;
}

/**
 * A configuration for one test file: its own cloned database and its own
 * BullMQ key prefix, connected exactly as production connects (the API as
 * the restricted application role, never as a superuser).
 */
export async function createTestEnvironment(options: TestEnvironmentOptions = {}): Promise<TestEnvironment> {
  const settings = readTestSettings();
  const db = await TestDatabase.create();
  const prefix = `test-${randomBytes(5).toString('hex')}`;
  const base = loadConfig({ ...settings.roleEnv, NODE_ENV: 'test' });
  const config = loadConfig({
    ...settings.roleEnv,
    NODE_ENV: 'test',
    DATABASE_URL: urlForRole(db.adminUrl, base.database.owner),
    REDIS_URL: settings.redisUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: settings.logLevel,
    PORT: '3000',
    // Generous limits, so suites never trip them by accident; the rate-limit
    // tests set their own.
    RATE_LIMIT_PER_PRINCIPAL: '100000',
    RATE_LIMIT_PER_ADDRESS: '100000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
    ...options.env,
  });
  return { db, config, clock: options.clock ?? new FixedClock() };
}

export interface TestApp extends TestEnvironment {
  app: NestFastifyApplication;
  /** supertest against the in-process API. */
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface TestAppOptions extends TestEnvironmentOptions {
  /** Reuse another test app's database and prefix (e.g. an API and a worker side by side). */
  environment?: TestEnvironment;
  poolSize?: number;
}

/** Boots the real API in-process, as `main.ts` does, against real PostgreSQL and Redis. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const started = await startApp(options, (env) => createApiApp(env.config, { clock: env.clock, poolSize: options.poolSize }));
  return { ...started, http: request(started.app.getHttpServer()) };
}

export interface TestWorker extends TestEnvironment {
  app: NestFastifyApplication;
  close(): Promise<void>;
}

/** Boots the real worker in-process (queues consumed, schedulers registered). */
export async function createTestWorker(options: TestAppOptions = {}): Promise<TestWorker> {
  return startApp(options, (env) => createWorkerApp(env.config, { clock: env.clock }));
}

/**
 * Creates an app on the given environment (or a new one), initialises it and
 * waits for Fastify; `close()` closes the app, then releases the environment
 * if it was made here.
 */
async function startApp(options: TestAppOptions, create: (env: TestEnvironment) => Promise<NestFastifyApplication>): Promise<TestWorker> {
  const env = options.environment ?? (await createTestEnvironment(options));
  const app = await create(env);
  await app.init();
  // Its HTTP side (the API; the worker's health and metrics) answers in-process requests only once Fastify is ready.
  await app.getHttpAdapter().getInstance().ready();
  const owned = !options.environment;
  return {
    ...env,
    app,
    async close() {
      await app.close();
      if (owned) await releaseEnvironment(env);
    },
  };
}

/**
 * Drops the test database and removes the file's queues. Each queue is
 * obliterated through its own key structures (no SCAN of the whole Redis,
 * which other test files and developers share); rate-limit keys expire.
 */
export async function releaseEnvironment(env: TestEnvironment): Promise<void> {
  await env.db.drop();
  await obliterateQueues(env.config);
}

/** Removes every queue of a configuration's prefix, within 10 s per queue; quiet when Redis is unreachable. */
export async function obliterateQueues(config: AppConfig): Promise<void> {
  const connection = { ...redisConnectionOptions(config, 'producer'), retryStrategy: () => null };
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection, prefix: config.redis.prefix });
    queue.on('error', () => undefined);
    try {
      await Promise.race([queue.obliterate({ force: true }), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 10_000).unref())]);
    } catch {
      // Redis unreachable (a test that points elsewhere): nothing to clean.
    } finally {
      await queue.close().catch(() => undefined);
    }
  }
}
