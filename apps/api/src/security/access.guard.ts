import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenProblem, IS_PUBLIC, NotFoundProblem, UnauthorizedProblem } from '@app/core';
import { ACCESS_POLICY, scopesSatisfy, type AccessPolicy, type Principal } from '@app/core/security';
import { AuthenticationService } from '@app/domain/identity';
import { PartnershipsService } from '@app/domain/partnerships';
import { partnershipParam, type ApiRequest } from './api-request';

/**
 * Last of the global guards: applies the route's `@Allow` policy.
 * - no or invalid credentials: 401;
 * - a partnership-scoped route: the partnership must exist and the caller
 *   must belong to it (a member, or a platform admin), else 404, also for
 *   an API key of another partnership;
 * - then the policy: platform admins and the partnership's admins always;
 *   listed roles; API keys holding every listed scope. Otherwise 403.
 * - an oversight principal sees aggregates only: 404 on every
 *   partnership-scoped route, 403 outside one unless the route allows
 *   `oversight` (or any signed-in user).
 * It also completes the principal (partnership, role, agency).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
    private readonly partnerships: PartnershipsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const principal = request.principal;
    if (!principal) {
      throw request.invalidCredentials
        ? new UnauthorizedProblem('The credentials are not valid (expired, revoked or unknown).', { invalidToken: true })
        : new UnauthorizedProblem('Authentication is required.');
    }
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, targets);
    if (!policy) {
      // Unreachable in a started app (RouteTable refuses to start without a declaration); fail closed anyway.
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access policy`);
      throw new ForbiddenProblem('This route declares no access policy.');
    }

    const idOrCode = partnershipParam(request);
    if (idOrCode === undefined) return this.allowOutsidePartnership(principal, policy);

    // Loaded with the principal, in the request's transaction (the lookups are the fallback).
    const loaded = request.authenticated;
    const partnership = loaded ? loaded.partnership : await this.partnerships.resolve(idOrCode);
    if (principal.kind === 'api_key') {
      // A valid key is authenticated; another partnership's routes do not exist for it.
      if (!partnership || partnership.id !== principal.partnershipId) throw new NotFoundProblem('partnership');
      request.partnership = partnership;
      if (this.keyAllowed(principal, policy)) return true;
      throw new ForbiddenProblem('The API key does not hold the scope this needs.');
    }
    if (!partnership || principal.kind === 'oversight') throw new NotFoundProblem('partnership');
    const membership = loaded ? loaded.membership : await this.authentication.membershipOf(principal.userId!, partnership.id);
    if (!membership && !principal.platformAdmin) throw new NotFoundProblem('partnership');
    request.partnership = partnership;
    principal.partnershipId = partnership.id;
    principal.role = membership?.role;
    principal.agencyId = membership?.agencyId ?? null;
    if (principal.platformAdmin || principal.role === 'admin') return true;
    if (policy.roles === 'any' || policy.anyUser) return true;
    if (principal.role && policy.roles?.includes(principal.role)) return true;
    throw new ForbiddenProblem(`Your role (${principal.role}) does not allow this.`);
  }

  private keyAllowed(principal: Principal, policy: AccessPolicy): boolean {
    if (policy.scopes === 'any') return true;
    return policy.scopes !== undefined && scopesSatisfy(principal.scopes ?? [], policy.scopes);
  }

  private allowOutsidePartnership(principal: Principal, policy: AccessPolicy): boolean {
    if (principal.kind === 'api_key') {
      if (this.keyAllowed(principal, policy)) return true;
      throw new ForbiddenProblem('API keys cannot do this.');
    }
    if (principal.kind === 'oversight') {
      if (policy.oversight || policy.anyUser) return true;
      throw new ForbiddenProblem('An oversight principal sees aggregated figures only.');
    }
    if (principal.platformAdmin || policy.anyUser) return true;
    throw new ForbiddenProblem('Only platform admins may do this.');
  }
}
