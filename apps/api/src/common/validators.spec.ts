import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { strandPlansProblem } from './validators';

const limits = { maxStrands: 3, maxItems: 2, maxItemLength: 10 };

describe('strand plans', () => {
  it('accepts plans keyed by strand, each with objectives and measures', () => {
    assert.equal(strandPlansProblem({ prevention: { objectives: ['a'], measures: [] }, enforcement: { objectives: [], measures: ['b', 'c'] } }, limits), null);
  });

  it('says what is wrong with anything else', () => {
    const cases: [unknown, RegExp][] = [
      [null, /object keyed by strand/],
      [['prevention'], /object keyed by strand/],
      [{}, /at least one strand/],
      [
        { a: { objectives: [], measures: [] }, b: { objectives: [], measures: [] }, c: { objectives: [], measures: [] }, d: { objectives: [], measures: [] } },
        /at most 3 strands/,
      ],
      [{ Prevention: { objectives: [], measures: [] } }, /not a strand name/],
      [{ prevention: 'stop it' }, /must be \{ objectives/],
      [{ prevention: { objectives: [] } }, /prevention.measures must be a list/],
      [{ prevention: { objectives: [], measures: [], lead: 'x' } }, /prevention.lead is an unknown field/],
      [{ prevention: { objectives: ['a', 'b', 'c'], measures: [] } }, /at most 2 entries/],
      [{ prevention: { objectives: ['   '], measures: [] } }, /non-empty strings/],
      [{ prevention: { objectives: ['far too long here'], measures: [] } }, /at most 10 characters/],
      [{ prevention: { objectives: [3], measures: [] } }, /non-empty strings/],
    ];
    for (const [value, message] of cases) assert.match(String(strandPlansProblem(value, limits)), message, JSON.stringify(value));
  });
});
