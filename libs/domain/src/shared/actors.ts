import { forbidden } from '@app/core';
import { currentPrincipal } from '@app/core/security';

/**
 * Who may act, as every context checks it: the signed-in person behind the
 * request (approvals, reviews, publications and decisions are recorded
 * against a person, never an API key), and the chair (or deputy chair) of a group.
 */

/** The user behind the request; 403 for an API key or no principal. */
export function requirePerson(what: string): string {
  const principal = currentPrincipal();
  if (principal?.kind !== 'user' || !principal.userId) throw forbidden(`Only a signed-in person can ${what}.`);
  return principal.userId;
}

/** Who chairs a group: its chair and, when it names one, its deputy chair. */
export interface GroupChairs {
  name: string;
  chairUserId: string;
  deputyChairUserId?: string | null;
}

/**
 * Running a group's meetings (opening, closing, deciding its nominations) is
 * for the group's chair, its deputy chair (who chairs in the chair's absence)
 * or a partnership admin (platform admins too), acting as a person: 403
 * otherwise. `{ deputy: false }` keeps the deputy out, for what is the chair's
 * alone (changing the group itself). The person who acted is returned, to be
 * recorded.
 */
export function requireGroupChair(group: GroupChairs, what: string, options: { deputy?: boolean } = {}): string {
  const principal = currentPrincipal();
  if (principal?.kind !== 'user' || !principal.userId) throw forbidden(`Only a signed-in person can ${what}.`);
  const deputy = options.deputy !== false;
  if (principal.platformAdmin || principal.role === 'admin' || principal.userId === group.chairUserId) return principal.userId;
  if (deputy && group.deputyChairUserId && principal.userId === group.deputyChairUserId) return principal.userId;
  throw forbidden(
    deputy
      ? `Only the chair or deputy chair of ${group.name} or a partnership admin can ${what}.`
      : `Only the chair of ${group.name} or a partnership admin can ${what}.`,
  );
}

/** The agency a partner-role caller belongs to (they act only on its actions); undefined for everyone else. */
export function partnerAgency(): string | null | undefined {
  const principal = currentPrincipal();
  if (principal?.kind === 'user' && principal.role === 'partner' && !principal.platformAdmin) return principal.agencyId ?? null;
  return undefined;
}
