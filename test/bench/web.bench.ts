import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { agencyOf, member, partnershipId } from '../support/identity';
import { createGroup, scheduleMeeting } from '../support/tasking';
import { startWebWorld, type WebWorld } from '../support/web';
import { firstOf, nth } from '@app/testing';
import { say } from './measure';

/**
 * `npm run bench`: the console's server time per page (the time to the last
 * byte of the HTML, API calls included) for the home page, the problem list
 * and a meeting's agenda, over BENCH_WEB_PROBLEMS (default 50000) problems and
 * BENCH_WEB_ACTIONS (default 50000) actions spread across the partnerships,
 * and the page weight (HTML, style sheets, script). Prints figures; asserts
 * nothing about speed.
 */
const PROBLEMS = Number(process.env.BENCH_WEB_PROBLEMS ?? 50_000);
const ACTIONS = Number(process.env.BENCH_WEB_ACTIONS ?? 50_000);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 40);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return nth(sorted, Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100)));
}

describe('benchmark: console pages', () => {
  let w: WebWorld;
  beforeAll(async () => {
    w = await startWebWorld({ browser: false });
  });
  afterAll(async () => {
    await w?.close();
  });

  it(`serves the home page, the problem list and an agenda over ${PROBLEMS} problems and ${ACTIONS} actions`, async () => {
    const { t } = w;
    await t.db.query(
      `WITH p AS (SELECT id, reference_prefix, row_number() OVER (ORDER BY code) AS n, count(*) OVER () AS total FROM partnerships)
       INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, stage, stage_changed_at, planned_assessment_date)
       SELECT gen_random_uuid(), p.id, 100000 + i, p.reference_prefix || '-P-B' || i, 'Benchmark problem ' || i, 'Arranged for the benchmark',
              'anti-social-behaviour', 'monitoring', (ARRAY['scanning','analysis','response','assessment','closed'])[1 + i % 5], now(), current_date + (i % 90)
         FROM generate_series(1, $1) AS i JOIN p ON p.n = 1 + i % p.total`,
      [PROBLEMS],
    );
    await t.db.query(
      `WITH ag AS (SELECT id, partnership_id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM agencies)
       INSERT INTO actions (id, partnership_id, number, reference, title, owner_agency_id, due_date, status, created_by_type)
       SELECT gen_random_uuid(), ag.partnership_id, 1000000 + i, 'BENCH-A-' || i, 'Benchmark action', ag.id, current_date + ((i % 120) - 30),
              CASE WHEN i % 10 = 0 THEN 'cancelled' WHEN i % 10 = 1 THEN 'in_progress' ELSE 'open' END, 'system'
         FROM generate_series(1, $1) AS i JOIN ag ON ag.n = 1 + i % ag.total`,
      [ACTIONS],
    );
    await t.db.query('ANALYZE problems');
    await t.db.query('ANALYZE actions');
    const chair = await member(t, 'cardiff', 'chair');
    const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [await agencyOf(t, 'cardiff', 'police')] });
    const meeting = await scheduleMeeting(t, 'cardiff', chair.auth, group.id, new Date(Date.now() + 86_400_000).toISOString());
    const { problems, actions } = firstOf(
      await t.db.query<{ problems: number; actions: number }>(
        `SELECT (SELECT count(*)::int FROM problems WHERE partnership_id = $1) AS problems, (SELECT count(*)::int FROM actions WHERE partnership_id = $1) AS actions`,
        [await partnershipId(t, 'cardiff')],
      ),
    );

    // Sign in as the chair through the console, with a plain HTTP client.
    const first = await fetch(`${w.webUrl}/sign-in`);
    let cookie = first.headers.get('set-cookie')!.split(';')[0];
    const csrf = nth(/name="_csrf" value="([^"]+)"/.exec(await first.text())!, 1);
    const signIn = await fetch(`${w.webUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email: chair.user.email, password: chair.user.password }),
    });
    assert.equal(signIn.status, 303);
    cookie = signIn.headers.get('set-cookie')!.split(';')[0];

    const pages: [string, string][] = [
      ['home page', '/p/cardiff'],
      ['problem list', '/p/cardiff/problems'],
      ['problem list, filtered by stage', '/p/cardiff/problems?stage=analysis'],
      ['agenda of a scheduled meeting', `/p/cardiff/meetings/${meeting.id}`],
    ];
    say(`cardiff holds ${problems} problems and ${actions} actions (of ${PROBLEMS} and ${ACTIONS})`);
    for (const [name, path] of pages) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = process.hrtime.bigint();
        const res = await fetch(`${w.webUrl}${path}`, { headers: { cookie } });
        const html = await res.text();
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        assert.equal(res.status, 200, `${path}: ${res.status}`);
        bytes = Buffer.byteLength(html);
      }
      say(
        `${name}: median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms over ${RUNS} requests; HTML ${(bytes / 1024).toFixed(1)} KiB`,
      );
    }
    let assets = 0;
    for (const path of ['/assets/app/product.css', '/assets/app/app.css', '/assets/app/app.js', '/assets/govuk-js/govuk-frontend.min.js']) {
      const res = await fetch(`${w.webUrl}${path}`);
      assert.equal(res.status, 200, path);
      assets += (await res.arrayBuffer()).byteLength;
    }
    say(`page weight beyond the HTML: ${(assets / 1024).toFixed(1)} KiB (style sheets and script, uncompressed, cached after the first page)`);
  });
});
