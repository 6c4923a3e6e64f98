import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ALL_JOB_NAMES } from '@app/queue';
import { JobHandlerMismatchError, JobRegistry } from './job-registry';

const registry = () => new JobRegistry(undefined as never, undefined as never, undefined as never);
const FIRST_JOB: string = ALL_JOB_NAMES[0] ?? 'none';
const complete = () => new Map(ALL_JOB_NAMES.map((name) => [name as string, [`Handlers.${name}`]]));

describe('job registry boot check', () => {
  it('accepts exactly one handler per declared job', () => {
    assert.doesNotThrow(() => registry().assertComplete(complete()));
  });

  it('refuses a declared job with no handler', () => {
    const found = complete();
    found.delete(FIRST_JOB);
    assert.throws(
      () => registry().assertComplete(found),
      (err: unknown) => err instanceof JobHandlerMismatchError && /has no handler/.test(err.message),
    );
  });

  it('refuses a job with two handlers', () => {
    const found = complete();
    found.set(FIRST_JOB, ['A.one', 'B.two']);
    assert.throws(() => registry().assertComplete(found), /has 2 handlers \(A.one, B.two\)/);
  });

  it('refuses a handler for an undeclared job', () => {
    const found = complete();
    found.set('maintenance.ghost', ['Ghost.run']);
    assert.throws(() => registry().assertComplete(found), /undeclared job "maintenance.ghost"/);
  });
});
