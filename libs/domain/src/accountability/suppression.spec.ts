import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { byKey } from '@app/testing/narrow';
import { computeFigures, type Counts } from './figure-definitions';
import { median, ranks, suppress, type PublishedFigure } from './suppression';

/** What a reader can add up from the published cells of a group. */
function recoverable(figures: PublishedFigure[], prefix: string, total: number): number | null {
  const cells = figures.filter((f) => f.key.startsWith(prefix));
  const hidden = cells.filter((f) => f.suppressed);
  if (hidden.length !== 1) return null;
  const known = cells.filter((f) => !f.suppressed).reduce((s, f) => s + ((f as { value: number }).value ?? 0), 0);
  return total - known;
}

describe('suppression of small counts', () => {
  it.each<{ title: string; counts: Counts; agencyKinds?: boolean; hidden: string[]; published: string[]; differenced?: [string, number] }>([
    {
      title: 'hides counts from 1 to 4 and never 0 or 5',
      counts: {
        'problems.stage:scanning': 0,
        'problems.stage:analysis': 4,
        'problems.stage:response': 5,
        'problems.stage:assessment': 1,
        'problems.stage:closed': 9,
      },
      hidden: ['problems_by_stage:analysis', 'problems_by_stage:assessment'],
      published: ['problems_by_stage:scanning', 'problems_by_stage:response'],
    },
    {
      title: 'hides a rate whose numerator, denominator or complement is small',
      counts: {
        'actions.onTime': 18,
        'actions.late': 2,
        'reviews.periods': 3,
        'reviews.onTime': 3,
        'problems.closed': 40,
        'problems.closedEvaluated': 40,
      },
      // 18 of 20: the 2 late ones would show; 3 periods.
      hidden: ['action_on_time_rate', 'assessment_reviews_on_time'],
      // 40 of 40: nothing small.
      published: ['closed_problems_evaluated'],
    },
    {
      title: 'suppresses a complementary cell so a single hidden source cannot be found by differencing the total',
      counts: {
        'problems.created': 30,
        'problems.community': 0,
        'problems.source:monitoring': 20,
        'problems.source:referral': 7,
        'problems.source:complaint': 3,
      },
      // The next smallest cell is hidden too.
      hidden: ['problems_by_source:complaint', 'problems_by_source:referral'],
      published: ['problems_by_source:monitoring'],
      differenced: ['problems_by_source:', 30],
    },
    {
      title: 'adds a cell that is not small when the hidden cells are all small (their sum would pin them down)',
      counts: {
        'problems.created': 27,
        'problems.source:monitoring': 20,
        'problems.source:referral': 5,
        'problems.source:complaint': 1,
        'problems.source:asb_case_review': 1,
      },
      // Referral too: a known sum of 2 over two hidden cells would give 1 and 1 away.
      hidden: ['problems_by_source:complaint', 'problems_by_source:asb_case_review', 'problems_by_source:referral'],
      published: [],
    },
    {
      title: 'hides the total when nothing else in the group can be hidden',
      counts: { 'problems.created': 3, 'problems.community': 3, 'problems.source:community_engagement': 3 },
      hidden: ['problems_by_source:community_engagement', 'community_sources_used'],
      published: [],
    },
    {
      title: 'treats the on-time rate per agency kind as a group against the overall rate',
      counts: {
        'actions.onTime': 30,
        'actions.late': 10,
        'actions.onTime@kind:police': 20,
        'actions.late@kind:police': 6,
        'actions.onTime@kind:local_authority': 8,
        'actions.late@kind:local_authority': 3,
        'actions.onTime@kind:health': 2,
        'actions.late@kind:health': 1,
      },
      agencyKinds: true,
      // Local authority is the complementary cell; two hidden cells, one of them not small, are enough.
      hidden: ['action_on_time_rate:agency_kind:health', 'action_on_time_rate:agency_kind:local_authority'],
      published: ['action_on_time_rate:agency_kind:police', 'action_on_time_rate'],
    },
  ])('$title', ({ counts, agencyKinds, hidden, published, differenced }) => {
    const figures = suppress(computeFigures(counts, { agencyKinds }));
    const f = byKey(figures);
    for (const key of hidden) {
      assert.equal(f(key).suppressed, true, key);
      assert.equal('value' in f(key), false, `${key}: no value, numerator or denominator left behind`);
    }
    for (const key of published) assert.equal(f(key).suppressed, undefined, key);
    if (differenced) assert.equal(recoverable(figures, ...differenced), null);
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
    const f = byKey(suppress(computeFigures(counts)));
    for (const key of ['incidents_recorded', 'incidents_per_1000', 'incidents_by_group:acquisitive-crime']) assert.equal(f(key).suppressed, true, key);
    assert.equal((f('incidents_by_group:substance-misuse') as { value: number }).value, 0);
    const big = byKey(
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
