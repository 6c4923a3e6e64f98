import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, Observable } from 'rxjs';
import { IS_PUBLIC, NotFoundProblem, ProblemException, TransactionHost } from '@app/core';
import { RequestContexts } from '@app/core/security';
import { PartnershipsService } from '@app/domain/partnerships';
import { partnershipParam, type ApiRequest } from '../security/api-request';

export type { ApiRequest } from '../security/api-request';

/**
 * Runs every API request in its request context (request id, principal,
 * address: what the audit trail records) and every authenticated request in
 * one database transaction. On partnership-scoped routes
 * (`/partnerships/:partnershipId/...`, by UUID or code) the transaction is
 * scoped to the partnership the access guard resolved, so row-level security
 * applies to every query the handler makes; the signed-in user is carried
 * too, so they can see their own memberships.
 */
@Injectable()
export class PartnershipContextInterceptor implements NestInterceptor {
  constructor(
    private readonly tx: TransactionHost,
    private readonly partnerships: PartnershipsService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const requestContext = { requestId: String(request.id), principal: request.principal, ip: request.ip };
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      return from(RequestContexts.run(requestContext, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
    }
    return from(RequestContexts.run(requestContext, () => this.runScoped(request, next)));
  }

  private async runScoped(request: ApiRequest, next: CallHandler): Promise<unknown> {
    let partnershipId: string | null = null;
    const idOrCode = partnershipParam(request);
    if (idOrCode !== undefined) {
      const partnership = request.partnership ?? (await this.partnerships.resolve(idOrCode));
      if (!partnership) throw new NotFoundProblem('partnership');
      request.partnership = partnership;
      partnershipId = partnership.id;
    }
    const work = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    // The transaction authentication began, with the tenant and user already set.
    const open = request.authenticated?.transaction;
    if (open) {
      // Rolled back already: the client closed the connection while the guards ran (no one reads this answer).
      if (!open.isOpen)
        throw new ProblemException(499, 'client-closed-request', 'Client closed request', 'The client closed the connection before the request was handled.');
      if (open.partnershipId !== partnershipId) throw new Error("The request transaction is not the partnership's of the route");
      return this.tx.finish(open, work);
    }
    const userId = request.principal?.kind !== 'api_key' ? request.principal?.userId : undefined;
    return this.tx.run(partnershipId, work, { userId });
  }
}
