import { forbidden } from '@app/core';
import { currentPrincipal } from '@app/core/security';

/**
 * Who may act, as every context checks it: the signed-in person behind the
 * request (approvals, reviews, publications and decisions are recorded
 * against a person, never an API key), and the chair of a group.
 */

/** The user behind the request; 403 for an API key or no principal. */
export function requirePerson(what: string): string {
  const principal = currentPrincipal();
  if (principal?.kind !== 'user' || !principal.userId) throw forbidden(`Only a signed-in person can ${what}.`);
  return principal.userId;
}

/**
 * Opening and closing a group's meetings (and changing the group) is for the
 * group's chair or a partnership admin (platform admins too), acting as a
 * person: 403 otherwise.
 */
export function requireGroupChair(group: { chairUserId: string; name: string }, what: string): string {
  const principal = currentPrincipal();
  if (principal?.kind !== 'user' || !principal.userId) throw forbidden(`Only a signed-in person can ${what}.`);
  if (principal.platformAdmin || principal.role === 'admin' || principal.userId === group.chairUserId) return principal.userId;
  throw forbidden(`Only the chair of ${group.name} or a partnership admin can ${what}.`);
}

/** The agency a partner-role caller belongs to (they act only on its actions); undefined for everyone else. */
export function partnerAgency(): string | null | undefined {
  const principal = currentPrincipal();
  if (principal?.kind === 'user' && principal.role === 'partner' && !principal.platformAdmin) return principal.agencyId ?? null;
  return undefined;
}
