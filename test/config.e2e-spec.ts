import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from '@jest/globals';

const dist = resolve(__dirname, '..');

function start(app: 'api' | 'worker' | 'cli', env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, [resolve(dist, `apps/${app}/src/main.js`), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('configuration is validated at boot', () => {
  it('stops the API with a message naming each bad variable, and no stack trace', () => {
    const res = start('api', { PORT: 'eighty', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud' });
    assert.equal(res.status, 1);
    assert.match(res.stderr, /PORT/);
    assert.match(res.stderr, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    assert.match(res.stderr, /LOG_LEVEL/);
    assert.doesNotMatch(res.stderr, /\n\s+at /);
  });

  it('stops the worker on a bad WORKER_PORT', () => {
    const res = start('worker', { WORKER_PORT: '70000' });
    assert.equal(res.status, 1);
    assert.match(res.stderr, /WORKER_PORT/);
  });

  it('requires DATABASE_URL and the role passwords in production', () => {
    const res = start('api', { NODE_ENV: 'production' });
    assert.equal(res.status, 1);
    assert.match(res.stderr, /DATABASE_URL is required when NODE_ENV=production/);
    assert.match(res.stderr, /DATABASE_APP_PASSWORD is required/);
  });

  it('the CLI tells how to get Redis when it is unreachable, without a stack trace', () => {
    const res = start('cli', { REDIS_URL: 'redis://127.0.0.1:1', DATA_DIR: resolve(dist, '../.data/never-created') }, ['dev']);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
    assert.match(res.stderr, /docker compose up -d redis/);
    assert.doesNotMatch(res.stderr, /\n\s+at /);
  });
});
