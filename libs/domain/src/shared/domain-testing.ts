import { isDomainError, type DomainError } from '@app/core';
import { RequestContexts, type Principal } from '@app/core/security';

/**
 * Helpers for the unit tests of the domain's services (their repositories
 * mocked): acting as a caller, and catching the refusal a call gives.
 */

/** Runs `work` in a request of a signed-in user, not a platform admin, with what `principal` sets (role, agency, or another kind). */
export function actingAs<T>(principal: Partial<Principal>, work: () => Promise<T>): Promise<T> {
  return RequestContexts.run({ requestId: 'test', principal: { kind: 'user', platformAdmin: false, ...principal } }, work);
}

/** The domain refusal `work` ends in; anything else it throws is thrown on, and succeeding is an error. */
export async function refusalOf(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
