import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { addCalendarDays, addCalendarMonths, daysBetween, isCalendarDate } from './calendar';

describe('calendar dates', () => {
  it('adds months, clamping to the end of a shorter month', () => {
    assert.equal(addCalendarMonths('2025-11-30', 3), '2026-02-28');
    assert.equal(addCalendarMonths('2027-11-30', 3), '2028-02-29', 'leap year');
    assert.equal(addCalendarMonths('2026-08-31', 1), '2026-09-30');
    assert.equal(addCalendarMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addCalendarMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addCalendarMonths('2099-12-31', 2), '2100-02-28', '2100 is not a leap year');
    assert.equal(addCalendarMonths('2399-12-31', 2), '2400-02-29', '2400 is');
    assert.equal(addCalendarMonths('2026-01-15', 3), '2026-04-15');
    assert.equal(addCalendarMonths('2026-10-31', 2), '2026-12-31');
    assert.equal(addCalendarMonths('2026-11-15', 3), '2027-02-15', 'across a year end');
    assert.equal(addCalendarMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(addCalendarMonths('2026-05-20', 0), '2026-05-20');
  });

  it('adds days and counts the days between two dates', () => {
    assert.equal(addCalendarDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addCalendarDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addCalendarDays('2026-01-01', -1), '2025-12-31');
    assert.equal(addCalendarDays('2026-03-29', 1), '2026-03-30', 'the clocks change, the calendar does not');
    assert.equal(daysBetween('2026-01-15', '2026-04-15'), 90);
    assert.equal(daysBetween('2026-04-15', '2026-04-01'), -14);
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    assert.ok(isCalendarDate('2028-02-29'));
    assert.ok(!isCalendarDate('2026-02-29'));
    assert.ok(!isCalendarDate('2026-13-01'));
    assert.ok(!isCalendarDate('2026-1-01'));
    assert.ok(!isCalendarDate('2026-01-01T00:00:00Z'));
    assert.ok(!isCalendarDate(20260101));
  });

  it('refuses what is not a date or not a whole number of months', () => {
    assert.throws(() => addCalendarMonths('yesterday', 1), RangeError);
    assert.throws(() => addCalendarMonths('2026-01-01', 1.5), RangeError);
  });
});
