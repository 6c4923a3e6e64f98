import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { nextReviewDue, reviewAnchor, reviewStateOn } from './review-schedule';

describe('the review schedule', () => {
  it('runs from the later of approval and the last review', () => {
    assert.equal(reviewAnchor('2026-01-15', null), '2026-01-15');
    assert.equal(reviewAnchor('2026-01-15', '2026-03-02'), '2026-03-02');
    assert.equal(reviewAnchor('2026-03-02', '2026-01-15'), '2026-03-02');
  });

  it('falls due the interval in calendar months later, clamped to the month end', () => {
    assert.equal(nextReviewDue('2025-11-30', 3), '2026-02-28');
    assert.equal(nextReviewDue('2027-11-30', 3), '2028-02-29');
    assert.equal(nextReviewDue('2026-08-31', 1), '2026-09-30');
    assert.equal(nextReviewDue('2026-01-15', 2), '2026-03-15');
  });

  it('is not due, then due soon for 14 days up to the due date, then overdue', () => {
    const due = '2026-04-15';
    assert.equal(reviewStateOn(due, '2026-03-31'), 'not_due');
    assert.equal(reviewStateOn(due, '2026-04-01'), 'due_soon');
    assert.equal(reviewStateOn(due, '2026-04-14'), 'due_soon');
    assert.equal(reviewStateOn(due, '2026-04-15'), 'due_soon');
    assert.equal(reviewStateOn(due, '2026-04-16'), 'overdue');
  });
});
