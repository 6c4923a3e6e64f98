import { isDomainError, type DomainError, type TransactionHost } from '@app/core';

/** The refusal `work` ends in; fails when it ends in anything else, or succeeds. */
export async function refusalOf(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A TransactionHost for a service under unit test: `run` does the work at once, as inside a transaction. */
export function passThroughTransactions(partnershipId: string | null = null): TransactionHost {
  return {
    inTransaction: true,
    partnershipId,
    run: <T>(_partnershipId: string | null, work: () => Promise<T>) => work(),
  } as unknown as TransactionHost;
}
