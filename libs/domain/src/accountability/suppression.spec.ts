import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { computeFigures, type Counts } from './figure-definitions';
import { median, ranks, suppress, type PublishedFigure } from './suppression';

/** Each published figure by its key; a key that is not there fails the test. */
const shown =
  (figures: PublishedFigure[]) =>
  (key: string): PublishedFigure => {
    const found = figures.find((f) => f.key === key);
    assert.ok(found, `no figure ${key}`);
    return found;
  };

/** What a reader can add up from the published cells of a group. */
function recoverable(figures: PublishedFigure[], prefix: string, total: number): number | null {
  const cells = figures.filter((f) => f.key.startsWith(prefix));
  const hidden = cells.filter((f) => f.suppressed);
  if (hidden.length !== 1) return null;
  const known = cells.filter((f) => !f.suppressed).reduce((s, f) => s + ((f as { value: number }).value ?? 0), 0);
  return total - known;
}

describe('suppression of small counts', () => {
  it('hides counts from 1 to 4 and never 0 or 5', () => {
    const counts: Counts = {
      'problems.stage:scanning': 0,
      'problems.stage:analysis': 4,
      'problems.stage:response': 5,
      'problems.stage:assessment': 1,
      'problems.stage:closed': 9,
    };
    const f = shown(suppress(computeFigures(counts)));
    assert.equal(f('problems_by_stage:scanning').suppressed, undefined);
    assert.equal(f('problems_by_stage:analysis').suppressed, true);
    assert.equal(f('problems_by_stage:assessment').suppressed, true);
    assert.equal(f('problems_by_stage:response').suppressed, undefined);
    assert.equal('value' in f('problems_by_stage:analysis'), false, 'no value, numerator or denominator left behind');
  });

  it('hides a rate whose numerator, denominator or complement is small', () => {
    const f = shown(
      suppress(
        computeFigures({
          'actions.onTime': 18,
          'actions.late': 2,
          'reviews.periods': 3,
          'reviews.onTime': 3,
          'problems.closed': 40,
          'problems.closedEvaluated': 40,
        }),
      ),
    );
    assert.equal(f('action_on_time_rate').suppressed, true, '18 of 20: the 2 late ones would show');
    assert.equal(f('assessment_reviews_on_time').suppressed, true, '3 periods');
    assert.equal(f('closed_problems_evaluated').suppressed, undefined, '40 of 40: nothing small');
  });

  it('suppresses a complementary cell so a single hidden source cannot be found by differencing the total', () => {
    const counts: Counts = {
      'problems.created': 30,
      'problems.community': 0,
      'problems.source:monitoring': 20,
      'problems.source:referral': 7,
      'problems.source:complaint': 3,
    };
    const figures = suppress(computeFigures(counts));
    const f = shown(figures);
    assert.equal(f('problems_by_source:complaint').suppressed, true);
    assert.equal(f('problems_by_source:referral').suppressed, true, 'the next smallest cell is hidden too');
    assert.equal(f('problems_by_source:monitoring').suppressed, undefined);
    assert.equal(recoverable(figures, 'problems_by_source:', 30), null);
  });

  it('adds a cell that is not small when the hidden cells are all small (their sum would pin them down)', () => {
    const counts: Counts = {
      'problems.created': 27,
      'problems.source:monitoring': 20,
      'problems.source:referral': 5,
      'problems.source:complaint': 1,
      'problems.source:asb_case_review': 1,
    };
    const f = shown(suppress(computeFigures(counts)));
    assert.equal(f('problems_by_source:complaint').suppressed, true);
    assert.equal(f('problems_by_source:asb_case_review').suppressed, true);
    assert.equal(f('problems_by_source:referral').suppressed, true, 'known sum 2 over two hidden cells would give 1 and 1 away');
  });

  it('hides the total when nothing else in the group can be hidden', () => {
    const counts: Counts = { 'problems.created': 3, 'problems.community': 3, 'problems.source:community_engagement': 3 };
    const f = shown(suppress(computeFigures(counts)));
    assert.equal(f('problems_by_source:community_engagement').suppressed, true);
    assert.equal(f('community_sources_used').suppressed, true);
  });

  it('treats the on-time rate per agency kind as a group against the overall rate', () => {
    const counts: Counts = {
      'actions.onTime': 30,
      'actions.late': 10,
      'actions.onTime@kind:police': 20,
      'actions.late@kind:police': 6,
      'actions.onTime@kind:local_authority': 8,
      'actions.late@kind:local_authority': 3,
      'actions.onTime@kind:health': 2,
      'actions.late@kind:health': 1,
    };
    const f = shown(suppress(computeFigures(counts, { agencyKinds: true })));
    assert.equal(f('action_on_time_rate:agency_kind:health').suppressed, true);
    assert.equal(f('action_on_time_rate:agency_kind:local_authority').suppressed, true, 'complementary');
    assert.equal(f('action_on_time_rate:agency_kind:police').suppressed, undefined, 'two hidden cells, one of them not small: enough');
    assert.equal(f('action_on_time_rate').suppressed, undefined);
  });

  it('hides every figure that shows the incidents recorded when the incident groups are all small', () => {
    const counts: Counts = {
      'incidents.total': 6,
      'incidents.group:anti-social-behaviour': 3,
      'incidents.group:acquisitive-crime': 2,
      'incidents.group:other': 1,
      'population.councils': 1,
      'population.counted': 1,
      'population.residents': 100_000,
    };
    const f = shown(suppress(computeFigures(counts)));
    for (const key of ['incidents_recorded', 'incidents_per_1000', 'incidents_by_group:acquisitive-crime']) assert.equal(f(key).suppressed, true, key);
    assert.equal((f('incidents_by_group:substance-misuse') as { value: number }).value, 0);
    const big = shown(
      suppress(
        computeFigures({
          ...counts,
          'incidents.total': 12,
          'incidents.group:anti-social-behaviour': 6,
          'incidents.group:acquisitive-crime': 6,
          'incidents.group:other': 0,
        }),
      ),
    );
    assert.equal((big('incidents_per_1000') as { value: number }).value, 0.12);
  });
});

describe('median and rank', () => {
  it('takes the median of odd and even sets', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.equal(median([]), null);
  });
  it('ranks with ties, best first, by direction', () => {
    assert.deepEqual(ranks([0.5, 0.9, 0.5, null], 'higher'), [2, 1, 2, null]);
    assert.deepEqual(ranks([3, 1, 2], 'lower'), [3, 1, 2]);
  });
});
