import { jest } from '@jest/globals';
import { isDomainError, type DomainError, type TransactionHost } from '@app/core';
import { RequestContexts, type Principal } from '@app/core/security';

/**
 * For unit tests that drive a service with its repositories mocked: run work
 * as a principal, take the refusal a call ends in, hand the service a
 * TransactionHost that does the work at once, and an audit trail and outbox
 * that only remember what they were given.
 *
 * Specs beside the domain code import this file itself
 * (`@app/testing/service-testing`), never the `@app/testing` index: that
 * boots the API and the worker, and so loads the domain they are part of.
 * It imports nothing but @app/core and Jest.
 */

/** Runs `work` as a principal: a signed-in user (no platform admin) unless `principal` says otherwise. */
export function actingAs<T>(principal: Partial<Principal>, work: () => Promise<T>): Promise<T> {
  return RequestContexts.run({ requestId: 'test', principal: { kind: 'user', platformAdmin: false, ...principal } }, work);
}

/** The DomainError `work` is refused with; fails when it succeeds or throws anything else. */
export async function refusalOf(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/**
 * A TransactionHost for a service under unit test: `run` does the work at
 * once, as inside a transaction of `partnershipId`; `inTransaction: false`
 * stands for a call made outside any transaction.
 */
export function passThroughTransactions(partnershipId: string | null = null, options: { inTransaction?: boolean } = {}): TransactionHost {
  return {
    inTransaction: options.inTransaction ?? true,
    partnershipId,
    run: <T>(_partnershipId: string | null, work: () => Promise<T>) => work(),
  } as unknown as TransactionHost;
}

/** An AuditService stand-in: `record` only remembers the events (cast it to AuditService). */
export function recordingAudit() {
  return { record: jest.fn(async (_event: unknown) => undefined) };
}

/** An OutboxService stand-in: `add` only remembers the domain events (cast it to OutboxService). */
export function recordingOutbox() {
  return { add: jest.fn(async (_event: unknown) => undefined) };
}

/** One stand-in (of any type) for each of a constructor's parameters. */
type StandIns<Parameters extends readonly unknown[]> = { [K in keyof Parameters]: unknown };

/**
 * `new Service(...standIns)`: the service under test, built from stand-ins
 * that hold only what the test needs. A stand-in is not checked against its
 * parameter's type (as with `stub as unknown as Repository`); their number is.
 */
export function construct<S extends new (...args: never) => object>(Service: S, ...standIns: StandIns<ConstructorParameters<S>>): InstanceType<S> {
  return new Service(...(standIns as never)) as InstanceType<S>;
}
