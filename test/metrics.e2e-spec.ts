import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import request from 'supertest';
import { JOBS, QUEUES } from '@app/queue';
import { createTestApp, entryOf, nth, type TestApp } from '@app/testing';
import { member } from './support/identity';
import { expectProblem } from './support/problem-details';
import { useMaintenanceWorker, useTestApp } from './support/app';

/** The value of one sample line (`name{labels} value`) of a Prometheus text answer, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = nth(match, 2).split(',');
    if (wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe('Prometheus metrics', () => {
  describe('on the API', () => {
    const t = useTestApp();

    it('counts requests by route template, method and status, outside the API prefix', async () => {
      const analyst = (await member(t, 'cardiff', 'analyst')).auth;
      await t.http.get('/api/v1/partnerships/cardiff/problems').set('authorization', analyst).expect(200);
      await t.http.get('/api/v1/partnerships/cardiff/problems').set('authorization', analyst).expect(200);
      await t.http.get('/api/v1/partnerships/cardiff/problems').expect(401);
      const res = await t.http.get('/metrics').expect(200);
      assert.match(entryOf(res.headers, 'content-type'), /^text\/plain; version=0\.0\.4/);
      assert.equal(res.headers['cache-control'], 'no-store');
      const route = '/api/v1/partnerships/:partnershipId/problems';
      assert.equal(sample(res.text, 'csp_http_request_duration_seconds_count', { method: 'GET', route, status: '200' }), 2);
      assert.equal(sample(res.text, 'csp_http_request_duration_seconds_count', { method: 'GET', route, status: '401' }), 1);
      // Concrete paths never become labels.
      assert.doesNotMatch(res.text, /route="\/api\/v1\/partnerships\/cardiff/);
      assert.ok((sample(res.text, 'csp_db_pool_connections', { pool: 'app', state: 'total' }) ?? 0) >= 1);
      assert.notEqual(sample(res.text, 'csp_db_pool_connections', { pool: 'app', state: 'waiting' }), undefined);
      assert.match(res.text, /^csp_process_cpu_user_seconds_total /m);
      await t.http.get('/api/v1/metrics').expect(404);
    });

    it('is in the OpenAPI document, outside the API prefix', async () => {
      const doc = await t.http.get('/docs/openapi.json').expect(200);
      assert.ok(doc.body.paths['/metrics'].get.responses['200']);
      assert.equal(doc.body.paths['/api/v1/metrics'], undefined);
    });
  });

  describe('with METRICS_TOKEN set', () => {
    let t: TestApp;
    const token = 'scrape-me-please-0123456789';
    beforeAll(async () => {
      t = await createTestApp({ env: { METRICS_TOKEN: token } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers only a scraper presenting the token', async () => {
      expectProblem(await t.http.get('/metrics'), 401);
      expectProblem(await t.http.get('/metrics').set('authorization', `Bearer ${token}x`), 401);
      const analyst = (await member(t, 'cardiff', 'analyst')).auth;
      expectProblem(await t.http.get('/metrics').set('authorization', analyst), 401);
      const ok = await t.http.get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
      assert.match(ok.text, /csp_http_request_duration_seconds/);
    });
  });

  describe('on the worker', () => {
    const maintenance = useMaintenanceWorker({ env: { HEARTBEAT_INTERVAL_SECONDS: '3600' } });

    it('reports queue depth, job durations, the outbox lag, scans and both database pools', async () => {
      const queue = maintenance.worker.app.get<Queue>(getQueueToken(QUEUES.maintenance));
      const job = await queue.add(JOBS.heartbeat.name, { heartbeat: 'metrics-test' });
      await job.waitUntilFinished(maintenance.events, 20_000);
      const http = request(maintenance.worker.app.getHttpServer());
      const res = await http.get('/metrics').expect(200);
      assert.ok((sample(res.text, 'csp_job_duration_seconds_count', { queue: QUEUES.maintenance, job: JOBS.heartbeat.name, outcome: 'completed' }) ?? 0) >= 1);
      for (const q of Object.values(QUEUES)) assert.notEqual(sample(res.text, 'csp_queue_jobs', { queue: q, state: 'wait' }), undefined, q);
      // The relay empties the outbox within moments, so only the presence of these two is certain here.
      assert.ok(Number(/^csp_outbox_pending_events (\S+)$/m.exec(res.text)?.[1]) >= 0);
      assert.ok(Number(/^csp_outbox_lag_seconds (\S+)$/m.exec(res.text)?.[1]) >= 0);
      assert.ok((sample(res.text, 'csp_db_pool_connections', { pool: 'cross_partnership', state: 'total' }) ?? -1) >= 0);
      assert.match(res.text, /^# TYPE csp_scan_last_duration_seconds gauge$/m);
    });
  });
});
