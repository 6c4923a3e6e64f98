import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from '@jest/globals';
import { parse } from 'yaml';
import { entryOf } from '@app/testing/narrow';

/**
 * No Docker engine runs where the tests run, so the deployment files are
 * checked by reading them: the services, their commands and health checks.
 */
const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

interface Service {
  image?: string;
  build?: { dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas: number };
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const { services } = compose;
  const service = (name: string) => entryOf(services, name);

  it('has postgres, redis, a one-off migration, the api and the worker', () => {
    assert.deepEqual(Object.keys(services).sort(), ['api', 'migrate', 'postgres', 'redis', 'web', 'worker']);
  });

  it('runs Redis with persistence and without eviction (queue data must never be evicted)', () => {
    const command = service('redis').command!.join(' ');
    assert.match(command, /--appendonly yes/);
    assert.match(command, /--maxmemory-policy noeviction/);
  });

  it('gives every long-running service a health check', () => {
    for (const name of ['postgres', 'redis', 'api', 'worker']) {
      assert.ok(entryOf(services, name).healthcheck?.test?.length, `${name} has a health check`);
    }
    assert.match(service('api').healthcheck!.test.join(' '), /3000\/health\/ready/);
    assert.match(service('worker').healthcheck!.test.join(' '), /3001\/health\/ready/);
    assert.match(service('web').healthcheck!.test.join(' '), /3002\/health\/live/);
    assert.deepEqual(service('web').command, ['web']);
    assert.equal(service('web').image, service('api').image);
    assert.equal(service('web').environment?.API_URL, 'http://api:3000');
    assert.equal(service('web').environment?.NODE_ENV, 'production');
  });

  it('starts the api and worker from one image, after migrations succeed, with the worker replicated', () => {
    assert.deepEqual(service('api').command, ['api']);
    assert.deepEqual(service('worker').command, ['worker']);
    assert.equal(service('api').image, service('worker').image);
    assert.equal(service('migrate').image, service('api').image);
    assert.equal(service('migrate').build?.dockerfile, 'docker/Dockerfile');
    for (const name of ['api', 'worker']) {
      assert.equal(entryOf(services, name).depends_on?.migrate?.condition, 'service_completed_successfully');
      assert.notEqual(entryOf(services, name).environment?.RUN_MIGRATIONS, 'true', `${name} does not migrate on start`);
      assert.equal(entryOf(services, name).environment?.NODE_ENV, 'production');
      assert.match(entryOf(services, name).environment?.REDIS_URL ?? '', /^redis:\/\/redis:6379/);
    }
    assert.ok((service('worker').deploy?.replicas ?? 1) >= 2);
    assert.equal(service('migrate').environment?.RUN_MIGRATIONS, 'true');
    assert.equal(service('migrate').depends_on?.postgres?.condition, 'service_healthy');
  });

  it("gives each service only its own database credentials (the owner's to the migrate job alone)", () => {
    const api = service('api').environment ?? {};
    const worker = service('worker').environment ?? {};
    assert.equal(new URL(entryOf(api, 'DATABASE_URL')).username, 'csp_app');
    assert.equal(new URL(entryOf(worker, 'DATABASE_URL')).username, 'csp_app');
    assert.equal(api.DATABASE_OWNER_PASSWORD, undefined);
    assert.equal(api.DATABASE_WORKER_PASSWORD, undefined);
    assert.equal(worker.DATABASE_OWNER_PASSWORD, undefined);
    assert.ok(worker.DATABASE_WORKER_PASSWORD);
    const ownerPassword = service('migrate').environment?.DATABASE_OWNER_PASSWORD;
    assert.ok(ownerPassword);
    for (const name of ['api', 'worker'])
      assert.ok(!JSON.stringify(entryOf(services, name).environment).includes(ownerPassword), `${name} never sees the owner's password`);
  });
});

describe('docker/Dockerfile and entrypoint', () => {
  const dockerfile = read('docker/Dockerfile');
  const entrypoint = read('docker/entrypoint.sh');

  it('builds in stages and runs as a non-root user', () => {
    assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 2);
    const userLines = dockerfile.match(/^USER (\S+)/gm) ?? [];
    assert.ok(userLines.length > 0);
    assert.notEqual(userLines[userLines.length - 1], 'USER root');
    assert.match(dockerfile, /npm ci --omit=dev/);
  });

  it('runs migrations only when RUN_MIGRATIONS=true and starts api, worker or cli', () => {
    assert.match(entrypoint, /if \[ "\$\{RUN_MIGRATIONS:-false\}" = "true" \]/);
    for (const role of ['api', 'worker', 'web', 'cli']) assert.match(entrypoint, new RegExp(`${role}\\)[^;]*exec node dist/apps/${role}/src/main.js`));
    assert.ok(statSync(resolve(root, 'docker/entrypoint.sh')).mode & 0o111, 'the entrypoint is executable');
  });

  it("starts the api as the application role without the owner's or the worker's password, and the worker without the owner's", () => {
    // A stand-in `node` that runs `node -e` for real and prints the environment of the process it would start.
    const bin = mkdtempSync(join(tmpdir(), 'csp-entrypoint-'));
    try {
      writeFileSync(join(bin, 'node'), `#!/bin/sh\nif [ "$1" = "-e" ]; then exec "${process.execPath}" "$@"; fi\nenv\n`);
      chmodSync(join(bin, 'node'), 0o755);
      const env = {
        PATH: `${bin}:/usr/bin:/bin`,
        DATABASE_URL: 'postgres://csp_owner:owner-secret@db:5432/csp',
        DATABASE_OWNER_PASSWORD: 'owner-secret',
        DATABASE_APP_PASSWORD: 'app-secret',
        DATABASE_WORKER_PASSWORD: 'worker-secret',
      };
      const run = (role: string) => {
        const res = spawnSync('sh', [resolve(root, 'docker/entrypoint.sh'), role], { env, encoding: 'utf8' });
        assert.equal(res.status, 0, res.stderr);
        return Object.fromEntries(
          res.stdout
            .trim()
            .split('\n')
            .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
        );
      };
      const api = run('api');
      assert.equal(api.DATABASE_URL, 'postgres://csp_app:app-secret@db:5432/csp');
      assert.equal(api.DATABASE_OWNER_PASSWORD, undefined);
      assert.equal(api.DATABASE_WORKER_PASSWORD, undefined);
      assert.ok(!Object.values(api).some((v) => v.includes('owner-secret') || v.includes('worker-secret')));
      const worker = run('worker');
      assert.equal(worker.DATABASE_URL, 'postgres://csp_app:app-secret@db:5432/csp');
      assert.equal(worker.DATABASE_OWNER_PASSWORD, undefined);
      assert.equal(worker.DATABASE_WORKER_PASSWORD, 'worker-secret');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
