import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal';

/** What the current request (or job, or command) is: its id, caller and address. */
export interface RequestContext {
  requestId: string | null;
  principal?: Principal;
  /** The client address (personal data: only for authentication events). */
  ip?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The request context travels with the async call chain (AsyncLocalStorage):
 * the API enters it around every handler; services (the audit trail first)
 * read the actor and request id from it without threading them through.
 */
export const RequestContexts = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};

export function currentPrincipal(): Principal | undefined {
  return storage.getStore()?.principal;
}
