import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { FixedClock, toLondonDate } from './clock';

describe('clock', () => {
  it('gives calendar dates in Europe/London, across the clock changes', () => {
    assert.equal(toLondonDate(new Date('2026-06-30T23:30:00Z')), '2026-07-01'); // BST: already tomorrow
    assert.equal(toLondonDate(new Date('2026-12-31T23:30:00Z')), '2026-12-31'); // GMT
  });

  it('moves only when told', () => {
    const clock = new FixedClock(new Date('2026-02-27T12:00:00Z'));
    assert.equal(clock.today(), '2026-02-27');
    clock.advanceDays(2);
    assert.equal(clock.today(), '2026-03-01');
  });
});
