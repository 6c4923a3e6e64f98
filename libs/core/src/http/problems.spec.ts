import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ConflictProblem, RuleViolation } from './problems';
import { toProblem } from './problem.filter';

describe('problem details', () => {
  it('keeps extensions but never lets them override the standard members', () => {
    const problem = toProblem(new ConflictProblem('meeting-closed', 'The meeting is closed.', { status: 'closed', type: 'x', meetingId: 'm1' }), '/m/1');
    assert.equal(problem.status, 409);
    assert.equal(problem.type, 'https://csp-tasking.org/problems/meeting-closed');
    assert.equal(problem.meetingId, 'm1');
    assert.equal(problem.instance, '/m/1');
  });

  it('names the rule at the end of the type of a 422', () => {
    const problem = toProblem(new RuleViolation('assessment-review-overdue', 'Review first.'));
    assert.equal(problem.status, 422);
    assert.ok(problem.type.endsWith('assessment-review-overdue'));
  });
});
