/**
 * Refusals the domain can give, in words that know nothing of HTTP. Each
 * bounded context declares its refusals in an error catalogue (a code per
 * refusal, its kind and a one-line summary) and throws `DomainError`s made
 * from them; the HTTP edge maps the kind to a status, the code to the problem
 * details' `type`, and documents each route's refusals from the same
 * catalogue entries (`@Refuses`), so a rule and its documentation cannot drift.
 */

/** What kind of refusal: the edge maps each kind to one HTTP status. */
export type RefusalKind =
  | 'invalid' // the input is malformed beyond what validation catches (400)
  | 'unauthorized' // credentials are missing or refused (401)
  | 'forbidden' // the caller may not do this (403)
  | 'not-found' // the subject does not exist for this caller (404)
  | 'conflict' // the current state of things refuses it (409)
  | 'precondition-failed' // If-Match names an older version (412)
  | 'too-large' // more than the operation takes (413)
  | 'rule' // a domain rule refuses it (422)
  | 'too-many-requests' // too many attempts; `retryAfter` (seconds) says when to try again (429)
  | 'unavailable'; // cannot be answered safely now (503)

export interface RefusalSpec {
  readonly kind: RefusalKind;
  /** One line saying when the refusal happens; the default detail and the OpenAPI description. */
  readonly summary: string;
}

/** A refusal of a catalogue: a code, a kind and a summary; `error()` makes the throwable. */
export class Refusal implements RefusalSpec {
  constructor(
    readonly context: string,
    readonly code: string,
    readonly kind: RefusalKind,
    readonly summary: string,
  ) {}

  /** The error to throw; `detail` says what exactly (defaults to the summary). */
  error(detail?: string, extensions?: Record<string, unknown>, options?: DomainErrorOptions): DomainError {
    return new DomainError(this, detail ?? this.summary, extensions, options);
  }
}

export interface DomainErrorOptions {
  /** An `unauthorized` refusal of credentials that were presented (not merely missing). */
  readonly credentialsRefused?: boolean;
}

/**
 * An error the domain throws when it refuses; carries its catalogue entry,
 * a detail for people and extensions (members a client can read, e.g. what
 * a stage still needs).
 */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: RefusalKind;

  constructor(
    readonly refusal: Refusal,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly options: DomainErrorOptions = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.code = refusal.code;
    this.kind = refusal.kind;
  }
}

export function isDomainError(value: unknown, refusal?: Refusal): value is DomainError {
  return value instanceof DomainError && (refusal === undefined || value.code === refusal.code);
}

type Catalogue<T extends Record<string, RefusalSpec>> = { readonly [K in keyof T]: Refusal };

const registry = new Map<string, Refusal>();

/**
 * Declares a context's refusals. Keys are the names code uses; the code (the
 * problem `type` slug) is the key in kebab case unless the spec gives one. A
 * code belongs to one catalogue: declaring it twice is a programming error.
 */
export function errorCatalogue<const T extends Record<string, RefusalSpec & { code?: string }>>(context: string, specs: T): Catalogue<T> {
  const catalogue = {} as Record<string, Refusal>;
  for (const [name, spec] of Object.entries(specs)) {
    const code = spec.code ?? kebab(name);
    const existing = registry.get(code);
    if (existing && existing.context !== context) throw new Error(`Refusal code '${code}' of ${context} is already declared by ${existing.context}`);
    const refusal = new Refusal(context, code, spec.kind, spec.summary);
    registry.set(code, refusal);
    catalogue[name] = refusal;
  }
  return Object.freeze(catalogue) as Catalogue<T>;
}

/** Every refusal declared so far (catalogues register when their module loads). */
export function declaredRefusals(): Refusal[] {
  return [...registry.values()];
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Refusals every context shares. */
export const CommonErrors = errorCatalogue('common', {
  notFound: { kind: 'not-found', summary: 'The resource does not exist.' },
  preconditionFailed: { kind: 'precondition-failed', summary: 'The resource has changed since it was read; fetch it again and retry.' },
  forbidden: { kind: 'forbidden', summary: 'You are not allowed to do this.' },
  validation: { kind: 'invalid', summary: 'The request is not valid.' },
  unauthorized: { kind: 'unauthorized', summary: 'Authentication is required.' },
  rateLimited: { kind: 'too-many-requests', summary: 'Too many requests; retry later.' },
  unavailable: { kind: 'unavailable', summary: 'The service is temporarily unavailable; retry later.' },
  payloadTooLarge: { kind: 'too-large', summary: 'The request is larger than the operation takes.' },
});

export interface InvalidField {
  /** Where in the input, as the validation errors name it (`partnershipIds`, `items[2].date`). */
  path: string;
  message: string;
}

/** At most this many field errors are listed in one answer; `moreErrors` counts the rest. */
export const MAX_LISTED_FIELD_ERRORS = 10;

/** 400 listing what is wrong with the input, field by field. */
export function invalidInput(errors: InvalidField[], detail = 'The request is not valid.'): DomainError {
  const listed = errors.slice(0, MAX_LISTED_FIELD_ERRORS);
  const more = errors.length - listed.length;
  return CommonErrors.validation.error(detail, more > 0 ? { errors: listed, moreErrors: more } : { errors: listed });
}

/** 404 for `what` (e.g. 'problem': "The problem does not exist."). */
export function notFound(what = 'resource', detail?: string): DomainError {
  return CommonErrors.notFound.error(detail ?? `The ${what} does not exist.`);
}

/** 412: If-Match named another version than the current one. */
export function versionMismatch(): DomainError {
  return CommonErrors.preconditionFailed.error();
}

/** 403 with a detail saying why. */
export function forbidden(detail?: string): DomainError {
  return CommonErrors.forbidden.error(detail);
}
