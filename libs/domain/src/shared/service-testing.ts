import { isDomainError, type DomainError } from '@app/core';
import { RequestContexts, type Principal } from '@app/core/security';

/**
 * For unit tests that drive a service with its repositories mocked: run work
 * as a principal (a signed-in user unless `kind` says otherwise), and take the
 * refusal a call ends in.
 */
export function actingAs<T>(principal: Partial<Principal>, work: () => Promise<T>): Promise<T> {
  return RequestContexts.run({ requestId: 'test', principal: { kind: 'user', platformAdmin: false, ...principal } }, work);
}

/** The DomainError `work` is refused with; fails when it succeeds or throws anything else. */
export async function refusal(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
