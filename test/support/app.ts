import { afterAll, beforeAll } from '@jest/globals';
import { createTestApp, type TestApp, type TestAppOptions } from '@app/testing';

/**
 * The test app of the enclosing describe block: booted with `options` before
 * its tests, closed after them. The object is filled in at boot, so read it
 * inside tests and hooks only.
 */
export function useTestApp(options?: TestAppOptions): TestApp {
  const t = {} as TestApp;
  beforeAll(async () => {
    Object.assign(t, await createTestApp(options));
  });
  afterAll(async () => {
    await t.close();
  });
  return t;
}
