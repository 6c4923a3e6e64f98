import type { Role } from './access';

/**
 * Who is calling. Set by the API's access guard on every authenticated
 * request; domain services read it from the request context
 * (`currentPrincipal()`), controllers through `@CurrentPrincipal()`.
 */
export interface Principal {
  kind: 'user' | 'api_key' | 'oversight';
  /** The user (kind `user`). */
  userId?: string;
  /** The API key (kind `api_key`). */
  apiKeyId?: string;
  /** Platform admins may act in every partnership. */
  platformAdmin: boolean;
  /** The partnership of the request (partnership-scoped routes), or the key's partnership. */
  partnershipId?: string;
  /** The caller's role in that partnership; undefined for API keys and for platform admins who are not members. */
  role?: Role;
  /** The agency the member belongs to (always set for the partner role). */
  agencyId?: string | null;
  /** The API key's scopes. */
  scopes?: string[];
  /**
   * Kind `oversight` (a member of the national or a regional board): the
   * partnerships whose aggregated figures it may see, every one or those
   * listed. It sees no partnership's records: every partnership-scoped route
   * answers it 404.
   */
  oversight?: { all: boolean; partnershipIds: string[] };
}

/** The actor recorded in audit rows: a principal, the system (CLI, jobs), or nobody (failed logins). */
export interface Actor {
  type: 'user' | 'api_key' | 'system' | 'anonymous';
  id: string | null;
}

/** The actor a row keeps in its pair of `*_type` (text) and `*_id` columns. */
export function storedActor(type: string, id: string | null): Actor {
  return { type: type as Actor['type'], id };
}

export function actorOf(principal: Principal | undefined): Actor {
  if (!principal) return { type: 'system', id: null };
  return principal.kind !== 'api_key' ? { type: 'user', id: principal.userId ?? null } : { type: 'api_key', id: principal.apiKeyId ?? null };
}
