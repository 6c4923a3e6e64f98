import { applyDecorators, HttpCode, type Type } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  type ApiBodyOptions,
  type ApiOperationOptions,
  type ApiParamOptions,
  type ApiResponseOptions,
} from '@nestjs/swagger';
import { Refuses, type Refusal } from '@app/core';
import { Allow, type AccessPolicy } from '@app/core/security';
import { ApiIfMatch } from './etag';

/** A success answer: its body's DTO, or the response in full (a file, a oneOf). */
type Answer = Type<unknown> | ApiResponseOptions;

/** A resource of the partnership as routes name it: its name in messages and its path parameters (the last names it). */
export interface Resource {
  readonly name: string;
  readonly params: readonly ApiParamOptions[];
}

/** The resource `name` under the path parameters `params` (`const PROBLEM = resource('problem', PROBLEM_PARAM)`), for `reads` and `changes`. */
export function resource(name: string, ...params: ApiParamOptions[]): Resource {
  return { name, params };
}

/**
 * What `@Endpoint` declares: the operation's `summary` and `description`
 * (and any other `ApiOperation` option), who may call it, its success
 * answer (exactly one of `ok`, `created`, `accepted`, `noContent`) and the
 * refusals it documents.
 */
export interface EndpointOptions extends ApiOperationOptions {
  /** Who may call it (`@Allow`). */
  allow: AccessPolicy;
  /** 200 with this body. */
  ok?: Answer;
  /** 201 with this body. */
  created?: Answer;
  /** 202 with this body. */
  accepted?: Answer;
  /** 204, described so. */
  noContent?: string;
  /** The path parameters the route adds to its controller's. */
  params?: readonly ApiParamOptions[];
  /** The resource the route looks up: its path parameters, and 404 "No such <name> in this partnership.". */
  reads?: Resource;
  /** The resource the route changes: its path parameters, and If-Match naming its version. */
  changes?: Resource;
  /** Honours If-Match on this resource (`@ApiIfMatch`); read the header with `@IfMatch`. */
  ifMatch?: string;
  /** The request body, where it is not one DTO the handler's `@Body()` names. */
  body?: ApiBodyOptions;
  /** The 404 answer's description, where the route names a resource that may not exist. */
  notFound?: string;
  /** The refusals it can give (`@Refuses`). */
  refuses?: readonly Refusal[];
}

function answer(response: Answer): ApiResponseOptions {
  return typeof response === 'function' ? { type: response } : response;
}

/** The status of the one success answer declared, and its documentation. */
function success({ ok, created, accepted, noContent }: Pick<EndpointOptions, 'ok' | 'created' | 'accepted' | 'noContent'>): [number, MethodDecorator] {
  const declared = [ok, created, accepted, noContent].filter((a) => a !== undefined).length;
  if (declared !== 1) throw new Error('An endpoint declares exactly one of ok, created, accepted and noContent');
  if (ok) return [200, ApiOkResponse(answer(ok))];
  if (created) return [201, ApiCreatedResponse(answer(created))];
  if (accepted) return [202, ApiAcceptedResponse(answer(accepted))];
  return [204, ApiNoContentResponse({ description: noContent })];
}

type Route = Pick<EndpointOptions, 'reads' | 'changes' | 'params' | 'notFound' | 'ifMatch'>;

/** The path parameters, 404 and If-Match of a route, with those `reads` or `changes` stand for (one resource, named once). */
function routeOf({ reads, changes, params = [], notFound, ifMatch }: Route): Route & { params: readonly ApiParamOptions[] } {
  if (!reads && !changes) return { params, notFound, ifMatch };
  if ((reads && changes) || params.length > 0 || notFound || ifMatch) {
    throw new Error('An endpoint names its resource once: with reads, with changes, or with params, notFound and ifMatch');
  }
  if (reads) return { params: reads.params, notFound: `No such ${reads.name} in this partnership.` };
  return { params: changes!.params, ifMatch: changes!.name };
}

/**
 * `@ApiParam`s and `@ApiIfMatch`, as stacked. Each appends to the operation's
 * parameters, after those Nest reflects from the handler's `@Param`s
 * (`@IdParam`). A handler that `changes` its resource may take `@Changing`
 * instead, which Nest does not reflect: there the path parameters are stacked
 * to come first, in order, then If-Match, as Nest lists them for `@IdParam`s
 * (which keep their order where the handler has them).
 */
function parameters({ params, ifMatch }: ReturnType<typeof routeOf>, unreflected: boolean): MethodDecorator[] {
  const header = ifMatch ? [ApiIfMatch(ifMatch)] : [];
  const path = params.map((param) => ApiParam(param));
  return unreflected ? [...header, ...path.reverse()] : [...path, ...header];
}

/**
 * One handler's access, status and documentation in one place (under its
 * `@Get`/`@Post`/...): `@Allow`, `@HttpCode` with the status of the success
 * answer it documents (so what is documented is what is sent), `@ApiOperation`,
 * `@ApiParam`s, `@ApiIfMatch`, `@ApiBody`, the success response, 404 and
 * `@Refuses`.
 *
 * @example
 *   @Post(':problemId/reopen')
 *   @Endpoint({ allow: CHAIR, summary: 'Reopen a closed problem', changes: PROBLEM, ok: ProblemDto, refuses: [...] })
 */
export function Endpoint(options: EndpointOptions): MethodDecorator {
  const { allow, ok, created, accepted, noContent, reads, changes, params, ifMatch, notFound, body, refuses = [], ...operation } = options;
  const route = routeOf({ reads, changes, params, ifMatch, notFound });
  const [status, response] = success({ ok, created, accepted, noContent });
  // Listed as they would stand stacked above the handler; stacked decorators apply from the bottom up.
  const stack: MethodDecorator[] = [
    Allow(allow),
    HttpCode(status),
    ApiOperation(operation),
    ...parameters(route, changes !== undefined),
    ...(body ? [ApiBody(body)] : []),
    response,
    ...(route.notFound ? [ApiNotFoundResponse({ description: route.notFound })] : []),
    ...(refuses.length > 0 ? [Refuses(...refuses)] : []),
  ];
  return applyDecorators(...stack.reverse());
}
