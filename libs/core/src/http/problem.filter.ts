import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainError, RefusalKind } from '../errors/domain-error';
import { bearerChallenge, FieldError, ProblemDetails, ProblemException, problemType, UnauthorizedProblem } from './problems';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'A rule refused the request',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const SLUGS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  431: 'header-fields-too-large',
  500: 'internal',
  503: 'unavailable',
};

/** The HTTP status of each kind of domain refusal. */
export const REFUSAL_STATUS: Record<RefusalKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'too-large': 413,
  rule: 422,
  'too-many-requests': 429,
  unavailable: 503,
};

const REFUSAL_TITLES: Partial<Record<RefusalKind, string>> = { invalid: 'Invalid request' };

function fromDomainError(error: DomainError, instance?: string): ProblemDetails {
  const status = REFUSAL_STATUS[error.kind];
  const title = REFUSAL_TITLES[error.kind] ?? TITLES[status] ?? 'Error';
  // Extensions never override the members RFC 9457 defines.
  return { ...error.extensions, type: problemType(error.code), title, status, detail: error.detail, instance };
}

/** Postgres error codes that mean the request, not the server, was wrong. */
function fromDatabaseError(error: QueryFailedError): ProblemDetails | undefined {
  const code = (error.driverError as { code?: string } | undefined)?.code;
  if (code === '23505') {
    return { type: problemType('duplicate'), title: 'Conflict', status: 409, detail: 'A record with the same unique values already exists.' };
  }
  if (code === '22P02' || code === '22007' || code === '22008') {
    return { type: problemType('bad-request'), title: 'Bad request', status: 400, detail: 'A value has the wrong format.' };
  }
  if (code === '40001' || code === '40P01') {
    return { type: problemType('concurrent-update'), title: 'Conflict', status: 409, detail: 'A concurrent change got there first; retry the request.' };
  }
  return undefined;
}

/**
 * Converts anything thrown into an RFC 9457 problem. Every 400 lists what was
 * wrong in `errors[]` (where only a message is known, under `(request)`).
 */
export function toProblem(exception: unknown, instance?: string): ProblemDetails {
  const problem = describe(exception, instance);
  if (problem.status === 400 && !Array.isArray(problem.errors)) problem.errors = [{ path: '(request)', message: problem.detail ?? problem.title }];
  return problem;
}

function describe(exception: unknown, instance?: string): ProblemDetails {
  if (exception instanceof DomainError) return fromDomainError(exception, instance);
  if (exception instanceof ProblemException) return exception.toProblem(instance);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const extra: Record<string, unknown> = {};
    let detail: string | undefined;
    if (typeof body === 'string') detail = body;
    else if (body && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      if (typeof b.detail === 'string') detail = b.detail;
      else if (typeof b.message === 'string') detail = b.message;
      else if (Array.isArray(b.message)) detail = b.message.join('; ');
      // Health checks report per-indicator details.
      if (b.status === 'error' && (b.details || b.error)) Object.assign(extra, { checks: b.details ?? b.error });
    }
    if (status === 404 && detail?.startsWith('Cannot ')) detail = 'No such endpoint.';
    return { type: problemType(SLUGS[status] ?? 'error'), title: TITLES[status] ?? 'Error', status, detail, instance, ...extra };
  }
  if (exception instanceof QueryFailedError) {
    const mapped = fromDatabaseError(exception);
    if (mapped) return { ...mapped, instance };
  }
  // Fastify's own errors (bad JSON, body too large, wrong content type) carry a statusCode.
  const fastifyStatus = (exception as { statusCode?: number } | undefined)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    const message = (exception as Error).message;
    return {
      type: problemType(SLUGS[fastifyStatus] ?? 'bad-request'),
      title: TITLES[fastifyStatus] ?? 'Bad request',
      status: fastifyStatus,
      detail: message,
      instance,
    };
  }
  return {
    type: problemType('internal'),
    title: 'Internal server error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'An unexpected error occurred.',
    instance,
  };
}

/**
 * A whole HTTP/1.1 response carrying a problem, for errors Node's parser
 * raises before Fastify has a request or reply (431, a malformed body).
 */
export function rawProblemResponse(error: NodeJS.ErrnoException): string {
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : [400, 'The request is not well-formed HTTP.'];
  const title = TITLES[status] ?? 'Request timeout';
  const body = JSON.stringify({ type: problemType(SLUGS[status] ?? 'request-timeout'), title, status, detail });
  return (
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): void {
  void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = toProblem(exception, request?.url);
    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: request?.id }, 'request failed');
    }
    if (problem.status === 429) {
      const retry = typeof problem.retryAfter === 'number' ? problem.retryAfter : undefined;
      if (retry) void reply.header('retry-after', String(retry));
    }
    if (problem.status === 401) {
      const refused =
        (exception instanceof UnauthorizedProblem && exception.invalidToken) ||
        (exception instanceof DomainError && exception.options.credentialsRefused === true);
      void reply.header('www-authenticate', bearerChallenge(refused));
    }
    sendProblem(reply, problem);
  }
}

export type { FieldError };
