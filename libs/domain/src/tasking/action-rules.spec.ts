import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { actionTransitionRefusal, daysOverdue, isOverdue, onTimeRate } from './action-rules';
import { ACTION_STATUSES, formatActionReference, ACTION_REFERENCE_PATTERN } from './tasking.constants';

describe('action rules', () => {
  it('allows the transitions of the table, staying put, and nothing else', () => {
    const allowed: Record<string, string[]> = {
      open: ['in_progress', 'done', 'cancelled'],
      in_progress: ['open', 'done', 'cancelled'],
      done: ['open', 'in_progress'],
      cancelled: ['open'],
    };
    for (const from of ACTION_STATUSES) {
      for (const to of ACTION_STATUSES) {
        const refusal = actionTransitionRefusal(from, to);
        if (from === to || allowed[from]?.includes(to)) assert.equal(refusal, null, `${from} -> ${to}`);
        else assert.match(refusal ?? '', new RegExp(`${from}.*not to ${to}`), `${from} -> ${to}`);
      }
    }
  });

  it('judges overdue on calendar dates: the day after the due date, only while open or in progress', () => {
    assert.equal(isOverdue('open', '2026-01-14', '2026-01-15'), true);
    assert.equal(isOverdue('in_progress', '2026-01-14', '2026-01-15'), true);
    assert.equal(isOverdue('open', '2026-01-15', '2026-01-15'), false, 'due today is not overdue');
    assert.equal(isOverdue('done', '2026-01-01', '2026-01-15'), false);
    assert.equal(isOverdue('cancelled', '2026-01-01', '2026-01-15'), false);
    assert.equal(daysOverdue('open', '2025-12-31', '2026-01-15'), 15);
    assert.equal(daysOverdue('open', '2026-03-28', '2026-03-30'), 2, 'across the clocks going forward');
    assert.equal(daysOverdue('done', '2025-12-31', '2026-01-15'), 0);
  });

  it('rates done on time over done and overdue; null when nothing has reached a verdict', () => {
    assert.equal(onTimeRate(3, 1, 0), 0.75);
    assert.equal(onTimeRate(1, 1, 1), 0.3333);
    assert.equal(onTimeRate(0, 0, 2), 0);
    assert.equal(onTimeRate(2, 0, 0), 1);
    assert.equal(onTimeRate(0, 0, 0), null);
  });

  it('formats action references like problem references', () => {
    assert.equal(formatActionReference('CDF', 7), 'CDF-A-0007');
    assert.equal(formatActionReference('CWT', 12345), 'CWT-A-12345');
    assert.match(formatActionReference('NPT', 1), ACTION_REFERENCE_PATTERN);
  });
});
