import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readTestSettings } from '@app/core';
import { createTestEnvironment, releaseEnvironment, type TestEnvironment } from '@app/testing';
import { countRows, insertSubscriptions } from './support/webhooks';

const root = resolve(__dirname, '../..');

/** `cli scan`: the scanners on demand, as a real process against the test database. */
describe('cli scan', () => {
  let t: TestEnvironment;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [resolve(root, 'dist/apps/cli/src/main.js'), 'scan', ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, ...readTestSettings().roleEnv, NODE_ENV: 'test', DATABASE_URL: t.config.database.url!, LOG_LEVEL: 'warn' },
    });

  before(async () => {
    t = await createTestEnvironment();
  });
  after(async () => {
    await releaseEnvironment(t);
  });

  it('raises what is due across partnerships, then nothing more', async () => {
    await insertSubscriptions(t, 'cardiff', 2, { disabledReason: 'gone', disabledAt: new Date('2026-01-10T12:00:00Z') });
    await insertSubscriptions(t, 'gwynedd-anglesey', 1, { disabledReason: 'retries_exhausted', disabledAt: new Date('2026-01-10T12:00:00Z') });
    const first = cli('--kind', 'webhook_subscription_disabled');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /webhook_subscription_disabled: 3 due, 3 raised, 0 resolved/);
    const second = cli();
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /webhook_subscription_disabled: 3 due, 0 raised, 0 resolved/);
    assert.equal(await countRows(t, `SELECT 1 FROM flags WHERE due_date = '2026-01-10'`), 3);
    assert.equal(await countRows(t, `SELECT 1 FROM outbox_events WHERE type = 'flag.raised'`), 3);
  });

  it('prints query plans with --explain, and refuses an unknown kind', () => {
    const explain = cli('--explain');
    assert.equal(explain.status, 0, explain.stderr);
    assert.match(explain.stdout, /webhook_subscription_disabled:\n.*webhook_subscriptions/);
    const unknown = cli('--kind', 'made_up');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /No scanner for kind "made_up"/);
  });
});
