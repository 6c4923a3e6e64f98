import { createParamDecorator, Injectable, Param, type CallHandler, type ExecutionContext, type NestInterceptor, type PipeTransform } from '@nestjs/common';
import { isUuid, NotFoundProblem } from '@app/core';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import type { PartnershipRef } from '@app/domain/partnerships';
import type { ApiRequest } from '../security/api-request';
import { etagOf, ifMatchVersion } from './etag';

function requestOf(context: ExecutionContext): ApiRequest {
  return context.switchToHttp().getRequest<ApiRequest>();
}

/**
 * The id of the route's partnership, as the access guard resolved it from
 * the id or code in the path (the caller belongs to it, or is a platform admin).
 */
export const PartnershipId = createParamDecorator((_: unknown, context: ExecutionContext): string => partnershipOf(requestOf(context), 'PartnershipId').id);

function partnershipOf(request: ApiRequest, decorator: string): PartnershipRef {
  // Unreachable behind the access guard on a partnership-scoped route: fail loudly, not with undefined.
  if (!request.partnership) throw new Error(`${decorator} is used on a route without a partnership`);
  return request.partnership;
}

/** The route's partnership (id and code), as the access guard resolved it. */
export const CurrentPartnership = createParamDecorator((_: unknown, context: ExecutionContext): PartnershipRef =>
  partnershipOf(requestOf(context), 'CurrentPartnership'),
);

/**
 * The version the `If-Match` header names for the resource in path
 * parameter `param` (undefined without the header, or with `*`); 412 when it
 * names another resource or is malformed. For `partnershipId`, which may be
 * a code, the partnership's UUID. Document the header with `ApiIfMatch`.
 */
export const IfMatch = createParamDecorator((param: string, context: ExecutionContext): number | undefined => ifMatchOf(requestOf(context), param));

function ifMatchOf(request: ApiRequest, param: string): number | undefined {
  const header = request.headers['if-match'];
  const id = param === 'partnershipId' ? request.partnership?.id : (request.params as Record<string, string | undefined>)[param];
  if (id === undefined) throw new Error(`IfMatch names path parameter ${param}, which the route does not have`);
  return ifMatchVersion(Array.isArray(header) ? header[0] : header, id);
}

/** A response body that is one versioned resource. */
function versioned(body: unknown): body is { id: string; version: number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { id, version } = body as { id?: unknown; version?: unknown };
  return typeof id === 'string' && Number.isInteger(version);
}

/**
 * Sets the strong `ETag` of every answer that is one versioned resource (a
 * body with `id` and an integer `version`), so handlers return the resource
 * and never touch the reply; If-Match on the next change names it. A
 * handler that set its own ETag keeps it.
 */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (versioned(body) && !reply.hasHeader('etag')) void reply.header('etag', etagOf(body.id, body.version));
        return body;
      }),
    );
  }
}

/** Turns a path parameter name (`taskingGroupId`) into the words of its resource (`tasking group`). */
function resourceOf(param: string): string {
  return param
    .replace(/Id$/, '')
    .replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
    .trim();
}

/** Passes a resource id on in lower case; anything that is not a UUID names no resource, so 404. */
@Injectable()
export class ResourceIdPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !isUuid(value)) throw new NotFoundProblem(this.resource);
    return value.toLowerCase();
  }
}

/**
 * A resource id from the path (`@IdParam('problemId')`): a UUID in lower
 * case, or 404 "The problem does not exist." before the handler runs, so
 * services never see a malformed id.
 */
export function IdParam(param: string, resource = resourceOf(param)): ParameterDecorator {
  return Param(param, new ResourceIdPipe(resource));
}

/** The resource a route changes, as `@Changing` gives it. */
export interface ChangeTarget {
  /** The route's partnership, as `@PartnershipId()` gives it. */
  partnershipId: string;
  /** The resource's id, as `@IdParam(param)` gives it. */
  id: string;
  /** The version If-Match names, as `@IfMatch(param)` gives it. */
  expectedVersion: number | undefined;
}

const changeTarget = createParamDecorator(({ param, pipe }: { param: string; pipe: ResourceIdPipe }, context: ExecutionContext): ChangeTarget => {
  const request = requestOf(context);
  // If-Match first: a stale or foreign one is 412 before a malformed id is 404, as with the three decorators apart.
  const expectedVersion = ifMatchOf(request, param);
  const id = pipe.transform((request.params as Record<string, string | undefined>)[param] ?? '');
  return { partnershipId: partnershipOf(request, 'Changing').id, id, expectedVersion };
});

/**
 * What a route that changes the resource in path parameter `param` needs, in
 * one parameter (`@Changing('problemId') { partnershipId, id, expectedVersion }: ChangeTarget`):
 * `@PartnershipId()`, `@IdParam(param, resource)` and `@IfMatch(param)` together.
 */
export function Changing(param: string, resource = resourceOf(param)): ParameterDecorator {
  return changeTarget({ param, pipe: new ResourceIdPipe(resource) });
}
