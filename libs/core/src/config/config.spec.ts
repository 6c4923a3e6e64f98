import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
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

  it("enables the console's organisation sign-in only with issuer, client id and redirect URL together", () => {
    const redirect = 'https://console.example.org/sign-in/organisation/callback';
    const full = loadConfig({ WEB_OIDC_ISSUER: 'https://login.example.org/tenant/v2.0', WEB_OIDC_CLIENT_ID: 'console', WEB_OIDC_REDIRECT_URL: redirect });
    assert.deepEqual(full.web.oidc, { issuer: 'https://login.example.org/tenant/v2.0', clientId: 'console', clientSecret: undefined, redirectUrl: redirect });
    assert.equal(loadConfig({}).web.oidc, undefined);
    assert.throws(() => loadConfig({ WEB_OIDC_ISSUER: 'https://login.example.org', WEB_OIDC_CLIENT_SECRET: 's' }), /set together/);
    assert.throws(
      () =>
        loadConfig({ WEB_OIDC_ISSUER: 'https://login.example.org', WEB_OIDC_CLIENT_ID: 'c', WEB_OIDC_REDIRECT_URL: 'https://console.example.org/elsewhere' }),
      /WEB_OIDC_REDIRECT_URL/,
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

describe('flags, outbox and webhook settings', () => {
  it('defaults to a retry schedule spanning more than 72 hours and private targets refused', () => {
    const config = loadConfig({});
    const total = config.webhooks.retryScheduleMs.reduce((a, b) => a + b, 0);
    assert.ok(total >= 72 * 3600_000, `retries span ${total / 3600_000}h`);
    assert.deepEqual(config.webhooks.retryScheduleMs.slice(0, 3), [5000, 300_000, 1_800_000]);
    assert.equal(config.webhooks.timeoutMs, 15_000);
    assert.equal(config.webhooks.allowPrivateTargets, false);
    assert.deepEqual(config.webhooks.allowedCidrs, []);
    assert.equal(config.flags.scanIntervalMinutes, 15);
  });

  it('parses a short retry schedule and allowed ranges', () => {
    const config = loadConfig({ WEBHOOK_RETRY_SCHEDULE: '100ms, 2s,1m', WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8, ::1/128' });
    assert.deepEqual(config.webhooks.retryScheduleMs, [100, 2000, 60_000]);
    assert.deepEqual(config.webhooks.allowedCidrs, ['127.0.0.0/8', '::1/128']);
  });

  it('opens /metrics outside production, and in production only behind METRICS_TOKEN', () => {
    assert.deepEqual(loadConfig({}).metrics, { enabled: true, token: undefined });
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://csp_owner:x@db/csp',
      DATABASE_APP_PASSWORD: 'a',
      DATABASE_WORKER_PASSWORD: 'w',
      API_KEY_SECRET: 'k'.repeat(32),
      WEBHOOK_SECRETS_KEY: 's'.repeat(32),
    };
    assert.deepEqual(loadConfig(production).metrics, { enabled: false, token: undefined });
    assert.deepEqual(loadConfig({ ...production, METRICS_TOKEN: 't'.repeat(16) }).metrics, { enabled: true, token: 't'.repeat(16) });
    assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN/);
  });

  it('refuses a malformed schedule, a bad CIDR, and private targets in production', () => {
    assert.throws(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '5 minutes' }), /WEBHOOK_RETRY_SCHEDULE/);
    assert.throws(() => loadConfig({ WEBHOOK_ALLOWED_CIDRS: '300.1.1.1/8' }), /WEBHOOK_ALLOWED_CIDRS/);
    assert.throws(() => loadConfig({ WEBHOOK_ALLOWED_CIDRS: '10.0.0.0/33' }), /WEBHOOK_ALLOWED_CIDRS/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }), /WEBHOOK_ALLOW_PRIVATE_TARGETS/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /WEBHOOK_SECRETS_KEY is required/);
  });
});
