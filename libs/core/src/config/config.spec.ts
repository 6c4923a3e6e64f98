import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults with no environment at all', () => {
    const config = loadConfig({});
    assert.equal(config.api.port, 3000);
    assert.equal(config.worker.port, 3001);
    assert.equal(config.redis.url, 'redis://127.0.0.1:6379');
    assert.equal(config.database.url, undefined);
    assert.equal(config.database.app.user, 'csp_app');
    assert.equal(config.embedded.port, 5433);
  });

  it('parses numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_SSL: 'true', BODY_LIMIT_BYTES: '2048' });
    assert.equal(config.api.port, 8080);
    assert.equal(config.database.ssl, true);
    assert.equal(config.api.bodyLimitBytes, 2048);
  });

  it('names every invalid variable at once', () => {
    assert.throws(
      () => loadConfig({ PORT: '0', WORKER_PORT: 'x', DATABASE_URL: 'mysql://db', QUEUE_PREFIX: 'has space' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.problems.join('\n');
        for (const name of ['PORT', 'WORKER_PORT', 'DATABASE_URL', 'QUEUE_PREFIX']) assert.match(text, new RegExp(name));
        return true;
      },
    );
  });

  it('takes the owner password from DATABASE_URL when not given separately', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://csp_owner:s3cret@db:5432/csp' });
    assert.equal(config.database.owner.password, 's3cret');
  });

  it('knows every variable it reads (the README documents this list)', () => {
    for (const name of ['PORT', 'WORKER_PORT', 'DATABASE_URL', 'DATABASE_APP_PASSWORD', 'REDIS_URL', 'PUBLIC_URL']) {
      assert.ok(CONFIG_VARIABLES.includes(name), name);
    }
  });
});
