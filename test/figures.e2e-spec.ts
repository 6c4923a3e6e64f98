import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { arrangeWorkedExample, figure, type Json } from './support/accountability';
import { apiKey, member } from './support/identity';
import { expectProblem } from './support/problem-details';
import { client, tokenNow } from './support/http';
import { useArranged, useTestApp } from './support/app';

const PERIOD = 'from=2025-12-01&to=2026-03-31';

describe('hallmark figures of a partnership', () => {
  const t = useTestApp();
  /** Swansea's worked example: its chair's bearer header value, its police and council agencies. */
  const swansea = useArranged(() => arrangeWorkedExample(t, 'swansea'));
  let body: Json;

  beforeAll(async () => {
    const res = await client(t, swansea.chair).get(`/api/v1/partnerships/swansea/figures?${PERIOD}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    body = res.body;
  });

  it('groups the figures under the six hallmarks, each with its definition', () => {
    assert.deepEqual(
      body.hallmarks.map((h: Json) => h.hallmark),
      ['leadership', 'intelligence_led', 'delivery_structures', 'engaged_communities', 'accountability', 'skills_knowledge'],
    );
    for (const h of body.hallmarks) {
      for (const f of h.figures) {
        assert.equal(f.hallmark, h.hallmark);
        assert.ok(f.definition.length > 30, f.key);
        assert.equal(typeof f.sufficientData, 'boolean');
      }
    }
    assert.deepEqual([body.from, body.to, body.asOf], ['2025-12-01', '2026-03-31', '2026-04-10']);
    assert.deepEqual(
      body.quarters.map((q: Json) => [q.quarter, q.start, q.end]),
      [
        ['2025-Q4', '2025-12-01', '2025-12-31'],
        ['2026-Q1', '2026-01-01', '2026-03-31'],
      ],
    );
  });

  it('assessment reviews on time: the one period was reviewed 4 days late', () => {
    const f = figure(body.hallmarks, 'assessment_reviews_on_time');
    assert.deepEqual([f.value, f.numerator, f.denominator, f.sufficientData], [0, 0, 1, true]);
    assert.deepEqual(
      [figure(body.hallmarks, 'assessment_review_days_overdue').value, figure(body.hallmarks, 'assessment_review_days_overdue').denominator],
      [4, 1],
    );
    assert.equal(figure(body.quarters[0].hallmarks, 'assessment_reviews_on_time').sufficientData, false, 'no review was due in December');
  });

  it('control strategy coverage and priorities with no activity', () => {
    const f = figure(body.hallmarks, 'control_strategy_coverage');
    assert.deepEqual([f.value, f.numerator, f.denominator], [0.5, 1, 2]);
    assert.equal(figure(body.hallmarks, 'priorities_without_activity').value, 1);
    assert.deepEqual(
      [figure(body.quarters[0].hallmarks, 'control_strategy_coverage').numerator, figure(body.quarters[0].hallmarks, 'control_strategy_coverage').denominator],
      [0, 2],
    );
  });

  it('tactical meeting cadence: 4 kept of 8 expected in the period, 4 of 6 in Q1, 0 of 2 in December', () => {
    const f = figure(body.hallmarks, 'meeting_cadence_kept');
    assert.deepEqual([f.value, f.numerator, f.denominator], [0.5, 4, 8]);
    assert.deepEqual(
      [figure(body.quarters[1].hallmarks, 'meeting_cadence_kept').numerator, figure(body.quarters[1].hallmarks, 'meeting_cadence_kept').denominator],
      [4, 6],
    );
    assert.deepEqual(
      [figure(body.quarters[0].hallmarks, 'meeting_cadence_kept').value, figure(body.quarters[0].hallmarks, 'meeting_cadence_kept').denominator],
      [0, 2],
    );
  });

  it('actions on time overall and per agency (too few per agency to judge), and rolled over', () => {
    const f = figure(body.hallmarks, 'action_on_time_rate');
    assert.deepEqual([f.numerator, f.denominator, f.sufficientData], [4, 7, true]);
    assert.equal(f.value, 4 / 7);
    const p = figure(body.hallmarks, `action_on_time_rate:agency:${swansea.police}`);
    assert.deepEqual([p.numerator, p.denominator, p.sufficientData, p.value], [1, 4, false, null]);
    const c = figure(body.hallmarks, `action_on_time_rate:agency:${swansea.council}`);
    assert.deepEqual([c.numerator, c.denominator, c.sufficientData], [3, 3, false]);
    const r = figure(body.hallmarks, 'actions_rolled_over');
    assert.deepEqual([r.value, r.denominator], [1, 7]);
  });

  it('problems by stage at the end of the period (from the history), by source, and community sources', () => {
    const stage = (s: string) => figure(body.hallmarks, `problems_by_stage:${s}`).value;
    assert.deepEqual(['scanning', 'analysis', 'response', 'assessment', 'closed'].map(stage), [1, 2, 0, 0, 2]);
    const source = (s: string) => figure(body.hallmarks, `problems_by_source:${s}`).value;
    assert.deepEqual(['community_engagement', 'monitoring', 'asb_case_review', 'referral'].map(source), [1, 2, 1, 0]);
    const c = figure(body.hallmarks, 'community_sources_used');
    assert.deepEqual([c.value, c.denominator, c.hallmark], [2, 4, 'engaged_communities']);
  });

  it('closed problems with an evaluation, and their results', () => {
    const f = figure(body.hallmarks, 'closed_problems_evaluated');
    assert.deepEqual([f.value, f.numerator, f.denominator], [0.5, 1, 2]);
    assert.equal(figure(body.hallmarks, 'evaluation_results:reduced').value, 1);
    assert.equal(figure(body.hallmarks, 'evaluation_results:eliminated').value, 0);
  });

  it('says what cannot be measured from records, and has no figure without enough data', async () => {
    assert.deepEqual([figure(body.hallmarks, 'skills_knowledge').value, figure(body.hallmarks, 'skills_knowledge').sufficientData], [null, false]);
    const viewer = await member(t, 'ceredigion', 'viewer');
    const empty = (
      await client(t, await tokenNow(t, viewer.user.id))
        .get(`/api/v1/partnerships/ceredigion/figures?${PERIOD}`)
        .expect(200)
    ).body;
    for (const key of [
      'assessment_reviews_on_time',
      'control_strategy_coverage',
      'meeting_cadence_kept',
      'action_on_time_rate',
      'closed_problems_evaluated',
      'strategic_attendance',
    ]) {
      const f = figure(empty.hallmarks, key);
      assert.deepEqual([f.value, f.sufficientData], [null, false], key);
    }
  });

  it('answers CSV when asked, one row per figure and window', async () => {
    const res = await client(t, swansea.chair).get(`/api/v1/partnerships/swansea/figures?${PERIOD}`).set('accept', 'text/csv').expect(200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    const rate = rows.find((r) => r.period === 'period' && r.key === 'action_on_time_rate')!;
    assert.deepEqual([rate.numerator, rate.denominator, rate.sufficientData, rate.hallmark], ['4', '7', 'true', 'delivery_structures']);
    assert.ok(rows.some((r) => r.period === '2026-Q1' && r.key === 'meeting_cadence_kept' && r.numerator === '4' && r.denominator === '6'));
  });

  it("refuses a bad period, and another partnership's members", async () => {
    expectProblem(await client(t, swansea.chair).get('/api/v1/partnerships/swansea/figures?from=2026-04-01&to=2026-01-01'), 400);
    expectProblem(await client(t, swansea.chair).get('/api/v1/partnerships/swansea/figures?from=2020-01-01&to=2026-01-01'), 400);
    expectProblem(await client(t, swansea.chair).get('/api/v1/partnerships/swansea/figures?from=soon'), 400);
    const other = await member(t, 'newport', 'admin');
    expectProblem(await client(t, await tokenNow(t, other.user.id)).get(`/api/v1/partnerships/swansea/figures?${PERIOD}`), 404);
  });

  it('gives the figures to an API key with tasking:read', async () => {
    const admin = await member(t, 'swansea', 'admin');
    const key = await apiKey(t, 'swansea', await tokenNow(t, admin.user.id), ['tasking:read']);
    const res = await client(t, key.key).get(`/api/v1/partnerships/swansea/figures?${PERIOD}`).expect(200);
    assert.equal(figure(res.body.hallmarks, 'action_on_time_rate').numerator, 4);
  });
});
