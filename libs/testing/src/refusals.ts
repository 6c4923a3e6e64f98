import { isDomainError, type DomainError } from '@app/core';

/** The DomainError `work` refuses with; anything else it throws is thrown on, and no refusal at all fails the test. */
export async function refusalOf(work: Promise<unknown> | (() => Promise<unknown>)): Promise<DomainError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
