import { HttpException, HttpStatus } from '@nestjs/common';
import { MAX_LISTED_FIELD_ERRORS } from '../errors/domain-error';

/** Prefix of every problem `type` this API emits; the suffix names the rule. */
export const PROBLEM_TYPE_BASE = 'https://csp-tasking.org/problems/';

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

/**
 * An error the API reports as RFC 9457 problem details. Subclasses pin the
 * status; `slug` becomes the end of `type` so clients can branch on it.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    // Extensions never override the members RFC 9457 defines (a `status` extension would change the HTTP status).
    super({ ...extensions, type: problemType(slug), title, status, detail }, status);
  }

  toProblem(instance?: string): ProblemDetails {
    const { detail } = this.getResponse() as { detail?: string };
    return { ...this.extensions, type: problemType(this.slug), title: this.title, status: this.getStatus(), detail: detail ?? this.title, instance };
  }
}

/** At most this many field errors are listed in one answer; `moreErrors` counts the rest. */
export const MAX_LISTED_ERRORS = MAX_LISTED_FIELD_ERRORS;

export class ValidationProblem extends ProblemException {
  readonly errors: FieldError[];

  /** Lists the first MAX_LISTED_ERRORS of `errors`; `more` counts errors found beyond `errors` (not listed). */
  constructor(errors: FieldError[], detail = 'The request is not valid.', more = 0) {
    const listed = errors.slice(0, MAX_LISTED_ERRORS);
    const moreErrors = errors.length - listed.length + more;
    super(HttpStatus.BAD_REQUEST, 'validation', 'Invalid request', detail, moreErrors > 0 ? { errors: listed, moreErrors } : { errors: listed });
    this.errors = listed;
  }
}

export class NotFoundProblem extends ProblemException {
  constructor(what = 'resource', detail?: string) {
    super(HttpStatus.NOT_FOUND, 'not-found', 'Not found', detail ?? `The ${what} does not exist.`);
  }
}

export class ConflictProblem extends ProblemException {
  constructor(slug: string, detail: string, extensions?: Record<string, unknown>) {
    super(HttpStatus.CONFLICT, slug, 'Conflict', detail, extensions);
  }
}

/** A domain rule refused the request (422); `rule` names it in `type`. */
export class RuleViolation extends ProblemException {
  constructor(rule: string, detail: string, extensions?: Record<string, unknown>) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, rule, 'A rule refused the request', detail, extensions);
  }
}

export class PreconditionFailedProblem extends ProblemException {
  constructor(detail = 'The resource has changed since it was read; fetch it again and retry.') {
    super(HttpStatus.PRECONDITION_FAILED, 'precondition-failed', 'Precondition failed', detail);
  }
}

export class ForbiddenProblem extends ProblemException {
  constructor(detail = 'You are not allowed to do this.') {
    super(HttpStatus.FORBIDDEN, 'forbidden', 'Forbidden', detail);
  }
}

export class UnauthorizedProblem extends ProblemException {
  /** Credentials were presented and refused (`error="invalid_token"` in WWW-Authenticate, RFC 6750 s.3.1). */
  readonly invalidToken: boolean;

  constructor(detail = 'Authentication is required.', options: { invalidToken?: boolean } = {}) {
    super(HttpStatus.UNAUTHORIZED, 'unauthorized', 'Unauthorized', detail);
    this.invalidToken = options.invalidToken ?? false;
  }
}

/** The WWW-Authenticate challenge of a 401 (RFC 6750 s.3). */
export function bearerChallenge(invalidToken: boolean): string {
  return invalidToken ? 'Bearer realm="csp-tasking", error="invalid_token"' : 'Bearer realm="csp-tasking"';
}

/** Too many requests (429); the filter sends `retryAfter` (seconds) as the Retry-After header. */
export class TooManyRequestsProblem extends ProblemException {
  constructor(retryAfterSeconds: number, detail = 'Too many requests; retry later.') {
    super(HttpStatus.TOO_MANY_REQUESTS, 'rate-limited', 'Too many requests', detail, { retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}

/** The service cannot answer safely right now (503), e.g. the rate limiter's store is unreachable. */
export class ServiceUnavailableProblem extends ProblemException {
  constructor(detail = 'The service is temporarily unavailable; retry later.') {
    super(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', 'Service unavailable', detail);
  }
}

/** The body is larger than the route takes (413). */
export class PayloadTooLargeProblem extends ProblemException {
  constructor(detail: string) {
    super(HttpStatus.PAYLOAD_TOO_LARGE, 'payload-too-large', 'Payload too large', detail);
  }
}

/** The route does not read a body of this media type (415). */
export class UnsupportedMediaTypeProblem extends ProblemException {
  constructor(detail: string) {
    super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}
