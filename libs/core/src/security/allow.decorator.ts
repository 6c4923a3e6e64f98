import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiSecurity, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role, Scope } from './access';

export const ACCESS_POLICY = 'csp:access-policy';

/**
 * Who may call a route. Platform admins may always; on a partnership-scoped
 * route (`:partnershipId` in the path) the partnership's admins may too, and
 * anyone who is not a member gets 404.
 * - `roles`: the member roles allowed (`'any'`: every member). Absent: admins only.
 * - `scopes`: what an API key of that partnership must hold (all of them;
 *   `'any'`: any key of the partnership). Absent: API keys are refused.
 * - `anyUser`: on routes outside a partnership, any signed-in person (oversight principals included).
 * - `oversight`: on routes outside a partnership, oversight principals too
 *   (they are refused every other route: 403 outside a partnership, 404 inside one).
 * `@Allow({})` therefore means admins only (platform admins only outside a partnership).
 */
export interface AccessPolicy {
  roles?: readonly Role[] | 'any';
  scopes?: readonly Scope[] | 'any';
  anyUser?: boolean;
  oversight?: boolean;
}

function describe(policy: AccessPolicy): string {
  const parts: string[] = [];
  if (policy.anyUser) parts.push('any signed-in user');
  if (policy.oversight) parts.push('oversight principals');
  if (policy.roles === 'any') parts.push('any member');
  else if (policy.roles?.length) parts.push(`roles: admin, ${policy.roles.join(', ')}`);
  else if (!policy.anyUser && !policy.oversight) parts.push('admins only');
  else if (policy.oversight) parts.push('platform admins');
  if (policy.scopes === 'any') parts.push('any API key of the partnership');
  else if (policy.scopes?.length) parts.push(`API keys with scopes: ${policy.scopes.join(', ')}`);
  return parts.join('; ');
}

/**
 * Declares the access a route needs. Every route declares either this or
 * `@Public()`: the API refuses to start otherwise. Also documents the
 * route's security in the OpenAPI document.
 *
 * @example `@Allow({ roles: ['chair'], scopes: ['assessments:write'] })`
 */
export function Allow(policy: AccessPolicy): MethodDecorator & ClassDecorator {
  const decorators = [
    SetMetadata(ACCESS_POLICY, policy),
    ApiBearerAuth('bearer'),
    ApiExtension('x-access', { ...policy, summary: describe(policy) }),
    ApiUnauthorizedResponse({ description: 'No valid credentials.' }),
    ApiForbiddenResponse({ description: `Not allowed (${describe(policy)}).` }),
    ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After.' }),
  ];
  if (policy.scopes) decorators.push(ApiSecurity('apiKey'));
  return applyDecorators(...decorators);
}
