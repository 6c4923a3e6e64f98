import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { formatProblemReference, PROBLEM_REFERENCE_PATTERN } from './reference';

describe('problem references', () => {
  it('are the prefix, P and the number in at least four digits', () => {
    assert.equal(formatProblemReference('CDF', 42), 'CDF-P-0042');
    assert.equal(formatProblemReference('CT', 1), 'CT-P-0001');
    assert.equal(formatProblemReference('NPT', 12345), 'NPT-P-12345');
    assert.ok(PROBLEM_REFERENCE_PATTERN.test('NPT-P-12345'));
    assert.ok(!PROBLEM_REFERENCE_PATTERN.test('NPT-P-12'));
  });
});
