import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { IS_PUBLIC, NotFoundProblem, TransactionHost } from '@app/core';
import { PartnershipsService, type PartnershipRef } from '@app/domain/partnerships';

export type ApiRequest = FastifyRequest & { partnership?: PartnershipRef };

/**
 * Runs every API request in one database transaction. On partnership-scoped
 * routes (`/partnerships/:partnershipId/...`, by UUID or code) the partnership
 * is resolved first, unknown ones answer 404, and the transaction is scoped to
 * it so row-level security applies to every query the handler makes.
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
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return next.handle();
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const idOrCode = (request.params as Record<string, string> | undefined)?.partnershipId;
    return from(this.runScoped(request, idOrCode, next));
  }

  private async runScoped(request: ApiRequest, idOrCode: string | undefined, next: CallHandler): Promise<unknown> {
    let partnershipId: string | null = null;
    if (idOrCode !== undefined) {
      const partnership = request.partnership ?? (await this.partnerships.resolve(idOrCode));
      if (!partnership) throw new NotFoundProblem('partnership');
      request.partnership = partnership;
      partnershipId = partnership.id;
    }
    return this.tx.run(partnershipId, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
  }
}
