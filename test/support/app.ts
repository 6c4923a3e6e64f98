import { afterAll, beforeAll } from '@jest/globals';
import { QueueEvents } from 'bullmq';
import { QUEUES, redisConnectionOptions } from '@app/queue';
import { createTestApp, createTestWorker, type TestApp, type TestAppOptions, type TestWorker } from '@app/testing';

/**
 * What the enclosing describe block arranges once before its tests: the
 * object `arrange` resolves to, copied into the returned object by a
 * beforeAll. The object is filled in then, so read it inside tests and hooks
 * only (not at describe time, and not by destructuring it there).
 */
export function useArranged<T extends object>(arrange: () => Promise<T>): T {
  const arranged = {} as T;
  beforeAll(async () => {
    Object.assign(arranged, await arrange());
  });
  return arranged;
}

/**
 * The test app of the enclosing describe block: booted with `options` before
 * its tests, closed after them. The object is filled in at boot, so read it
 * inside tests and hooks only.
 */
export function useTestApp(options?: TestAppOptions): TestApp {
  const t = useArranged(() => createTestApp(options));
  afterAll(async () => {
    await t.close();
  });
  return t;
}

/**
 * A test worker of the enclosing describe block's own, booted with `options`,
 * and the events of its maintenance queue (to wait for its jobs): both ready
 * before its tests, closed after them (the events first).
 */
export function useMaintenanceWorker(options: TestAppOptions): { worker: TestWorker; events: QueueEvents } {
  const booted = useArranged(async () => {
    const worker = await createTestWorker(options);
    const events = new QueueEvents(QUEUES.maintenance, { connection: redisConnectionOptions(worker.config, 'worker'), prefix: worker.config.redis.prefix });
    await events.waitUntilReady();
    return { worker, events };
  });
  afterAll(async () => {
    await booted.events.close();
    await booted.worker.close();
  });
  return booted;
}
