import { effectiveScopes, type Principal, type Role } from '@app/core/security';

/**
 * Who may read the free text of a problem that can name people: the six
 * roles of the triangle and the evaluation's notes and lessons. Members with
 * the roles below (the people who analyse and decide) and API keys holding
 * `problems:read` (partner systems that hold the same records). Partners,
 * viewers and platform admins who are not such members see the rest of the
 * record with those fields withheld. See docs/problem-models.md.
 */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['admin', 'analyst', 'chair'];

export function mayReadPersonalData(principal: Principal | undefined): boolean {
  if (!principal) return false;
  if (principal.kind === 'api_key') return effectiveScopes(principal.scopes ?? []).has('problems:read');
  return principal.role !== undefined && PERSONAL_DATA_ROLES.includes(principal.role);
}
