import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { FixedClock, toLondonDate } from './clock';

describe('clock', () => {
  it('gives calendar dates in Europe/London, across the clock changes', () => {
    assert.equal(toLondonDate(new Date('2026-06-30T23:30:00Z')), '2026-07-01'); // BST: already tomorrow
    assert.equal(toLondonDate(new Date('2026-12-31T23:30:00Z')), '2026-12-31'); // GMT
  });

  it('gives the same dates as Intl for every minute of the days the clocks change, in order and out of it', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    const instants: Date[] = [];
    for (const day of ['2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z']) {
      for (let minute = 0; minute < 48 * 60; minute += 1) instants.push(new Date(Date.parse(day) + minute * 60_000 + 59_999));
    }
    const shuffled = [...instants].sort((a, b) => ((a.getTime() * 7919) % 1000) - ((b.getTime() * 7919) % 1000));
    for (const instant of [...instants, ...shuffled]) assert.equal(toLondonDate(instant), intl.format(instant), instant.toISOString());
    assert.equal(toLondonDate(new Date('2026-03-29T00:59:59.999Z')), '2026-03-29');
    assert.equal(toLondonDate(new Date('2026-10-24T22:59:59.999Z')), '2026-10-24'); // BST: 23:59:59.999
    assert.equal(toLondonDate(new Date('2026-10-24T23:00:00Z')), '2026-10-25');
    assert.throws(() => toLondonDate(new Date('not a date')), RangeError);
  });

  it('moves only when told', () => {
    const clock = new FixedClock(new Date('2026-02-27T12:00:00Z'));
    assert.equal(clock.today(), '2026-02-27');
    clock.advanceDays(2);
    assert.equal(clock.today(), '2026-03-01');
  });
});
