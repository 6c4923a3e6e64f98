import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { rankPriorities, type Rankable } from './ranking';

const p = (id: string, impact: number, likelihood: number, seq: number, pinnedRank: number | null = null): Rankable => ({
  id,
  impact,
  likelihood,
  seq,
  pinnedRank,
});
const order = (ranks: Map<string, number>) => [...ranks.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);

describe('ranking the priorities of an assessment', () => {
  it('ranks by risk score, then impact, then creation order', () => {
    const ranks = rankPriorities([
      p('low', 1, 2, 1), // 2
      p('likely', 2, 4, 2), // 8, impact 2
      p('harmful', 4, 2, 3), // 8, impact 4
      p('top', 4, 4, 4), // 16
      p('harmful-later', 4, 2, 5), // 8, impact 4, added later
    ]);
    assert.deepEqual(order(ranks), ['top', 'harmful', 'harmful-later', 'likely', 'low']);
    assert.deepEqual([...ranks.values()].sort(), [1, 2, 3, 4, 5]);
  });

  it('keeps a pinned priority at its rank and fills the rest by rule', () => {
    const ranks = rankPriorities([p('a', 4, 4, 1), p('b', 3, 3, 2), p('c', 1, 1, 3, 1), p('d', 2, 2, 4)]);
    assert.deepEqual(order(ranks), ['c', 'a', 'b', 'd']);
  });

  it('gives two pins on one rank to the rule order, and a pin past the end the last place', () => {
    const ranks = rankPriorities([p('a', 1, 1, 1, 2), p('b', 4, 4, 2, 2), p('c', 3, 3, 3), p('d', 2, 2, 4, 9)]);
    // b and a both ask for 2: b (higher score) gets it, a the next free rank; d asks for 9 of 4.
    assert.deepEqual(order(ranks), ['c', 'b', 'a', 'd']);
  });

  it('pushes a pin that cannot go down to the nearest free rank above', () => {
    const ranks = rankPriorities([p('a', 1, 1, 1, 3), p('b', 1, 1, 2, 3), p('c', 4, 4, 3, 3)]);
    // All three ask for the last rank: c first by rule keeps it, a then b take the nearest free ranks above.
    assert.deepEqual(order(ranks), ['b', 'a', 'c']);
  });

  it('ranks nothing when there is nothing', () => {
    assert.equal(rankPriorities([]).size, 0);
  });
});
