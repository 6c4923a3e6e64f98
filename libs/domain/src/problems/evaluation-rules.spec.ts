import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { measureChange, sameMeasure } from './evaluation-rules';

const baseline = { measure: 'ASB incidents', periodStart: '2025-10-01', periodEnd: '2025-12-31', value: 40 };
const after = (value: number, measure = 'ASB incidents') => ({ measure, periodStart: '2026-04-01', periodEnd: '2026-06-30', value });

describe('the change from baseline to impact', () => {
  it('is shown absolute and as a percentage when both count the same measure', () => {
    assert.deepEqual(measureChange(baseline, after(30)), {
      measure: 'ASB incidents',
      baseline: 40,
      impact: 30,
      absolute: -10,
      percent: -25,
      baselineDays: 92,
      impactDays: 91,
    });
    assert.equal(measureChange(baseline, after(52))?.percent, 30);
    assert.equal(measureChange({ ...baseline, value: 3 }, after(1))?.percent, -66.7);
  });

  it('compares measures ignoring case and spacing, and is absent for different measures or no baseline', () => {
    assert.ok(sameMeasure('ASB  incidents ', 'asb incidents'));
    assert.equal(measureChange(baseline, after(30, 'Calls to the council'))?.absolute, undefined);
    assert.equal(measureChange(baseline, after(30, 'Calls to the council')), null);
    assert.equal(measureChange(null, after(30)), null);
    assert.equal(measureChange(baseline, after(30, ' asb INCIDENTS'))?.absolute, -10);
  });

  it('has no percentage from a zero baseline, except no change from zero to zero', () => {
    const zero = { ...baseline, value: 0 };
    assert.deepEqual([measureChange(zero, after(5))?.absolute, measureChange(zero, after(5))?.percent], [5, null]);
    assert.deepEqual([measureChange(zero, after(0))?.absolute, measureChange(zero, after(0))?.percent], [0, 0]);
  });

  it('keeps decimal rates exact enough', () => {
    const rate = { ...baseline, measure: 'Incidents per 1,000 residents', value: 1.2 };
    assert.equal(measureChange(rate, { ...after(0.9), measure: 'Incidents per 1,000 residents' })?.absolute, -0.3);
  });
});
