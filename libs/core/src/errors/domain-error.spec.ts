import { describe, expect, it } from '@jest/globals';
import { toProblem } from '../http/problem.filter';
import { CommonErrors, declaredRefusals, errorCatalogue, invalidInput, notFound } from './domain-error';

describe('domain errors', () => {
  const Errors = errorCatalogue('test-context', {
    meetingIsClosed: { kind: 'conflict', summary: 'The meeting is closed.' },
    stageNeedsEvidence: { kind: 'rule', summary: 'The stage needs evidence.', code: 'needs-evidence' },
  });

  it('names codes in kebab case unless given, and registers them', () => {
    expect(Errors.meetingIsClosed.code).toBe('meeting-is-closed');
    expect(Errors.stageNeedsEvidence.code).toBe('needs-evidence');
    expect(declaredRefusals().map((r) => r.code)).toEqual(expect.arrayContaining(['meeting-is-closed', 'needs-evidence', 'not-found']));
  });

  it('refuses a code declared by two contexts', () => {
    expect(() => errorCatalogue('another-context', { meetingIsClosed: { kind: 'rule', summary: 'x' } })).toThrow(/already declared by test-context/);
  });

  it('become problem details with the status of their kind, the code as type and the extensions', () => {
    expect(toProblem(Errors.stageNeedsEvidence.error('Add a baseline first.', { missing: ['baseline'] }), '/x')).toEqual({
      type: 'https://csp-tasking.org/problems/needs-evidence',
      title: 'A rule refused the request',
      status: 422,
      detail: 'Add a baseline first.',
      instance: '/x',
      missing: ['baseline'],
    });
    expect(toProblem(Errors.meetingIsClosed.error())).toMatchObject({ status: 409, title: 'Conflict', detail: 'The meeting is closed.' });
    expect(toProblem(notFound('tasking group'))).toMatchObject({
      status: 404,
      type: 'https://csp-tasking.org/problems/not-found',
      detail: 'The tasking group does not exist.',
    });
    expect(toProblem(CommonErrors.preconditionFailed.error())).toMatchObject({ status: 412, title: 'Precondition failed' });
  });

  it('never let an extension override a member RFC 9457 defines', () => {
    expect(toProblem(Errors.meetingIsClosed.error('Closed.', { status: 200, type: 'x' }))).toMatchObject({
      status: 409,
      type: 'https://csp-tasking.org/problems/meeting-is-closed',
    });
  });

  it('list at most ten field errors and count the rest', () => {
    const problem = toProblem(invalidInput(Array.from({ length: 13 }, (_, i) => ({ path: `items[${i}]`, message: 'wrong' }))));
    expect(problem).toMatchObject({ status: 400, title: 'Invalid request', type: 'https://csp-tasking.org/problems/validation', moreErrors: 3 });
    expect(problem.errors).toHaveLength(10);
  });
});
