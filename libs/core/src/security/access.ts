/** The roles a member holds in a partnership. */
export const ROLES = ['admin', 'analyst', 'chair', 'partner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The named scopes an API key can hold. A `:write` scope includes the
 * matching `:read` scope. `intelligence:read` reads P-coded community
 * intelligence only: a key is no named role or agency, so it never reads a
 * C-coded item.
 */
export const SCOPES = [
  'problems:read',
  'problems:write',
  'tasking:read',
  'tasking:write',
  'assessments:read',
  'assessments:write',
  'webhooks:manage',
  'incidents:read',
  'incidents:write',
  'engagements:read',
  'engagements:write',
  'intelligence:read',
  'intelligence:write',
] as const;
export type Scope = (typeof SCOPES)[number];

/** The scopes a key effectively holds, with each `:write` granting its `:read`. */
export function effectiveScopes(granted: readonly string[]): Set<string> {
  const out = new Set<string>(granted);
  for (const scope of granted) {
    if (scope.endsWith(':write')) out.add(`${scope.slice(0, -':write'.length)}:read`);
  }
  return out;
}

/** Whether a key holding `granted` may use a route requiring every scope of `required`. */
export function scopesSatisfy(granted: readonly string[], required: readonly string[]): boolean {
  const have = effectiveScopes(granted);
  return required.every((s) => have.has(s));
}
