import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { byKey } from '@app/testing/narrow';
import { combineCounts, computeFigures, HALLMARKS, histogramMedian, quarterOf, quartersBetween } from './figure-definitions';

describe('figure definitions', () => {
  it('computes each hallmark figure from counts worked out by hand', () => {
    const figures = computeFigures({
      'reviews.periods': 4,
      'reviews.onTime': 3,
      'reviews.late': 1,
      'reviews.daysOverdueSum': 12,
      'priorities.total': 3,
      'priorities.active': 2,
      'meetings.expected': 6,
      'meetings.kept': 4,
      'actions.due': 9,
      'actions.onTime': 5,
      'actions.late': 2,
      'actions.overdue': 1,
      'actions.rolledOver': 2,
      'problems.created': 10,
      'problems.community': 4,
      'problems.closed': 4,
      'problems.closedEvaluated': 3,
      'attendance.rows': 8,
      'attendance.present': 6,
    });
    const f = byKey(figures);
    assert.equal(f('assessment_reviews_on_time').value, 0.75);
    assert.deepEqual([f('assessment_reviews_on_time').numerator, f('assessment_reviews_on_time').denominator], [3, 4]);
    assert.equal(f('assessment_review_days_overdue').value, 12);
    assert.equal(f('control_strategy_coverage').value, 2 / 3);
    assert.equal(f('priorities_without_activity').value, 1);
    assert.equal(f('meeting_cadence_kept').value, 4 / 6);
    assert.equal(f('action_on_time_rate').value, 5 / 8);
    assert.equal(f('actions_rolled_over').value, 2);
    assert.equal(f('actions_rolled_over').denominator, 9);
    assert.equal(f('community_sources_used').value, 4);
    assert.equal(f('closed_problems_evaluated').value, 0.75);
    assert.equal(f('strategic_attendance').value, 0.75);
    for (const x of figures) assert.ok(x.definition.length > 20, x.key);
  });

  it('says when there is not enough data, and gives no value then', () => {
    const f = byKey(computeFigures({ 'actions.onTime': 3, 'actions.late': 1 }));
    assert.equal(f('action_on_time_rate').sufficientData, false, '4 actions with a verdict are fewer than 5');
    assert.equal(f('action_on_time_rate').value, null);
    assert.equal(f('assessment_reviews_on_time').sufficientData, false);
    assert.equal(f('control_strategy_coverage').sufficientData, false);
    assert.equal(f('priorities_without_activity').value, null);
    assert.equal(f('skills_knowledge').sufficientData, false, 'not measurable from records');
    assert.equal(f('leadership_other').value, null);
  });

  it('orders the figures by hallmark and covers all six', () => {
    const figures = computeFigures({}, { agencies: [{ id: 'a1', name: 'Police' }], agencyKinds: true });
    const order = figures.map((x) => HALLMARKS.indexOf(x.hallmark));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.deepEqual([...new Set(figures.map((x) => x.hallmark))], [...HALLMARKS]);
    assert.ok(figures.some((x) => x.key === 'action_on_time_rate:agency:a1'));
    assert.ok(figures.some((x) => x.key === 'action_on_time_rate:agency_kind:police'));
  });

  it('combines quarters: sums, the longest delay, the last snapshot of stages', () => {
    const combined = combineCounts([
      { 'actions.due': 2, 'reviews.daysOverdueMax': 9, 'problems.stage:scanning': 5 },
      { 'actions.due': 3, 'reviews.daysOverdueMax': 4, 'problems.stage:scanning': 7 },
    ]);
    assert.deepEqual(combined, { 'actions.due': 5, 'reviews.daysOverdueMax': 9, 'problems.stage:scanning': 7 });
  });

  it('takes the median days to answer from the histogram, over quarters combined', () => {
    const combined = combineCounts([
      { 'issues.answered': 3, 'issues.answerDays:2': 1, 'issues.answerDays:10': 2 },
      { 'issues.answered': 3, 'issues.answerDays:4': 2, 'issues.answerDays:30': 1 },
    ]);
    // 2, 4, 4, 10, 10, 30: the middle two are 4 and 10.
    assert.equal(histogramMedian(combined, 'issues.answerDays:'), 7);
    assert.equal(histogramMedian({ 'issues.answerDays:5': 1 }, 'issues.answerDays:'), 5);
    assert.equal(histogramMedian({}, 'issues.answerDays:'), null);
    const f = byKey(computeFigures(combined));
    assert.deepEqual([f('issues_answer_median_days').value, f('issues_answer_median_days').sufficientData], [7, true]);
  });

  it('keeps the latest population over quarters, and rates per 1,000 only with every council counted', () => {
    const combined = combineCounts([
      { 'incidents.total': 4, 'population.councils': 2, 'population.counted': 2, 'population.residents': 200_000 },
      { 'incidents.total': 6, 'population.councils': 2, 'population.counted': 2, 'population.residents': 250_000 },
    ]);
    const f = byKey(computeFigures(combined));
    assert.deepEqual([f('incidents_per_1000').value, f('incidents_per_1000').denominator], [0.04, 250_000]);
    const partial = byKey(computeFigures({ 'incidents.total': 6, 'population.councils': 2, 'population.counted': 1, 'population.residents': 100_000 }));
    assert.deepEqual(
      [partial('incidents_per_1000').value, partial('incidents_per_1000').sufficientData, partial('incidents_per_1000').denominator],
      [null, false, undefined],
    );
  });

  it('knows calendar quarters', () => {
    assert.deepEqual(quarterOf('2026-02-15'), { label: '2026-Q1', start: '2026-01-01', end: '2026-03-31' });
    assert.deepEqual(quarterOf('2024-12-31'), { label: '2024-Q4', start: '2024-10-01', end: '2024-12-31' });
    assert.deepEqual(
      quartersBetween('2025-11-20', '2026-04-02').map((q) => q.label),
      ['2025-Q4', '2026-Q1', '2026-Q2'],
    );
  });
});
