import { ForbiddenProblem } from '@app/core';
import { currentPrincipal } from '@app/core/security';

/**
 * Opening and closing a group's meetings (and changing the group) is for the
 * group's chair or a partnership admin (platform admins too), acting as a
 * person: 403 otherwise.
 */
export function requireGroupChair(group: { chairUserId: string; name: string }, what: string): string {
  const principal = currentPrincipal();
  if (principal?.kind !== 'user' || !principal.userId) throw new ForbiddenProblem(`Only a signed-in person can ${what}.`);
  if (principal.platformAdmin || principal.role === 'admin' || principal.userId === group.chairUserId) return principal.userId;
  throw new ForbiddenProblem(`Only the chair of ${group.name} or a partnership admin can ${what}.`);
}

/** The agency a partner-role caller belongs to (they act only on its actions); undefined for everyone else. */
export function partnerAgency(): string | null | undefined {
  const principal = currentPrincipal();
  if (principal?.kind === 'user' && principal.role === 'partner' && !principal.platformAdmin) return principal.agencyId ?? null;
  return undefined;
}
