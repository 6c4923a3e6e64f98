import type { OpenAPIObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { INPUT_LIMITS } from './input-limits';
import { MAX_LISTED_ERRORS } from './problems';
import { validationsByProperty } from './validation';

type Schema = Record<string, unknown>;
type Operation = {
  parameters?: Array<Record<string, unknown>>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, Record<string, unknown>>;
  security?: Array<Record<string, string[]>>;
};

/** The longest string any response carries: nothing longer than a request body can have been stored. */
export const MAX_DOCUMENTED_STRING = 1_048_576;
/** The longest query or header value documented where no validator says (the URL and headers are bounded too). */
export const MAX_DOCUMENTED_PARAMETER = 2048;
/** The longest list any response carries where its DTO declares no maximum. */
export const MAX_DOCUMENTED_ITEMS = INPUT_LIMITS.maxValues;

// Sent on every answer of a request that reached the rate limiter (after authentication); an answer given
// before it (malformed JSON, an unknown route, a refused shape) carries none, so they are not `required`.
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed per window for this caller.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'X-RateLimit-Reset': { description: 'Seconds until the window ends.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 } },
};
const RETRY_AFTER = { description: 'Seconds to wait before retrying.', schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400 } };

const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  description: 'RFC 9457 problem details. Clients branch on `type`; a 400 lists what was wrong in `errors`.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', maxLength: 200, example: 'https://csp-tasking.org/problems/validation' },
    title: { type: 'string', maxLength: 200 },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
    detail: { type: 'string', maxLength: 2000 },
    instance: { type: 'string', maxLength: 8192 },
    errors: {
      type: 'array',
      maxItems: MAX_LISTED_ERRORS,
      description: `At most ${MAX_LISTED_ERRORS} field errors; \`moreErrors\` counts the rest.`,
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', maxLength: 8192 }, message: { type: 'string', maxLength: 2000 } },
      },
    },
    moreErrors: { type: 'integer', format: 'int32', minimum: 1, maximum: 1_000_000 },
  },
};

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'The request is not valid (`errors` lists the fields).',
  '401': 'No valid credentials (see WWW-Authenticate).',
  '403': 'Not allowed.',
  '404': 'Not found, or in another partnership.',
  '409': 'A conflict with the current state.',
  '412': 'If-Match does not match the current version.',
  '413': 'The body is larger than the limit.',
  '414': 'A path parameter is too long.',
  '415': 'The body is not JSON.',
  '422': 'A rule refused the request.',
  '429': 'Rate limited; see Retry-After.',
  '500': 'An unexpected error.',
};

type DtoClass = abstract new (...args: never[]) => unknown;

/**
 * The DTO classes among `types` and the classes nested in them
 * (`@ValidateNested` with class-transformer's `@Type`), each once.
 */
export function dtoClassesOf(types: Iterable<unknown>): DtoClass[] {
  const found = new Set<DtoClass>();
  const visit = (type: unknown): void => {
    if (typeof type !== 'function' || [String, Number, Boolean, Object, Array, Date, Promise].includes(type as never)) return;
    const target = type as DtoClass;
    if (found.has(target)) return;
    found.add(target);
    for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
      if (m.type !== 'nestedValidation') continue;
      const typeFn = defaultMetadataStorage.findTypeMetadata(target as never, m.propertyName)?.typeFunction;
      if (typeFn) visit(typeFn());
    }
  };
  for (const type of types) visit(type);
  return [...found];
}

/**
 * Per class name: what class-validator knows about each property (limits to
 * document). The classes that carry validators of their own, and `dtoClasses`
 * (the handlers' parameter types): a class that only inherits its validators
 * (an update DTO that is a PartialType of its create DTO) has none of its own,
 * so only its name in a handler's signature leads to it.
 */
function validatorLimits(dtoClasses: Iterable<DtoClass>): Map<string, Map<string, ValidationMetadata[]>> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas?: Map<DtoClass, ValidationMetadata[]> };
  const out = new Map<string, Map<string, ValidationMetadata[]>>();
  // Not `instanceof Map`: the storage may come from another realm (Jest's in-band runner loads class-validator outside the test's).
  if (typeof storage.validationMetadatas?.keys !== 'function') return out;
  for (const target of storage.validationMetadatas.keys()) out.set(target.name, validationsByProperty(target));
  for (const target of dtoClasses) if (!out.has(target.name)) out.set(target.name, validationsByProperty(target));
  return out;
}

function constraint(list: ValidationMetadata[] | undefined, name: string, each: boolean): number | undefined {
  const m = list?.find((v) => v.name === name && Boolean(v.each) === each);
  const value = name === 'isLength' ? m?.constraints?.[1] : m?.constraints?.[0];
  return typeof value === 'number' ? value : undefined;
}

function constraintOf(list: ValidationMetadata[] | undefined): number | undefined {
  return constraint(list, 'maxLength', false) ?? (list?.some((v) => v.name === 'isUuid') ? 36 : undefined);
}

/** Limits on one schema node from the validators of the property it describes (when known). */
function limitString(schema: Schema, validators: ValidationMetadata[] | undefined, each: boolean): void {
  const matches = validators?.find((v) => v.name === 'matches' && Boolean(v.each) === each)?.constraints?.[0];
  if (schema.pattern === undefined && schema.enum === undefined && matches instanceof RegExp && !matches.flags) schema.pattern = matches.source;
  if (schema.maxLength !== undefined || schema.enum !== undefined || schema.const !== undefined) return;
  const format = schema.format as string | undefined;
  const known =
    constraint(validators, 'maxLength', each) ??
    constraint(validators, 'isLength', each) ??
    (format === 'uuid' || validators?.some((v) => v.name === 'isUuid') ? 36 : undefined) ??
    (format === 'date' ? 10 : format === 'date-time' ? 30 : undefined);
  schema.maxLength = known ?? MAX_DOCUMENTED_STRING;
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Walks a schema (not through $ref) and adds what the OWASP ruleset asks
 * for: `maxLength` on strings, `maxItems` on arrays (from the DTO's
 * validators where known), `additionalProperties: false` on input objects.
 */
function harden(schema: Schema, validators: Map<string, ValidationMetadata[]> | undefined, input: boolean, property?: string, each = false): void {
  const own = property ? validators?.get(property) : undefined;
  if (schema.type === 'string') limitString(schema, own, each);
  if (schema.type === 'integer') schema.format ??= 'int32';
  if (schema.type === 'array') {
    if (schema.maxItems === undefined) schema.maxItems = constraint(own, 'arrayMaxSize', false) ?? MAX_DOCUMENTED_ITEMS;
    if (isObject(schema.items)) harden(schema.items, validators, input, property, true);
  }
  if (schema.type === 'object' || isObject(schema.properties)) {
    if (isObject(schema.properties)) {
      for (const [name, child] of Object.entries(schema.properties)) if (isObject(child)) harden(child, validators, input, name);
    }
    if (isObject(schema.additionalProperties)) {
      if (schema.maxProperties === undefined) schema.maxProperties = 100;
      harden(schema.additionalProperties, undefined, input);
    } else if (input && schema.additionalProperties === undefined && isObject(schema.properties)) schema.additionalProperties = false;
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const item of list) if (isObject(item)) harden(item, validators, input, property, each);
  }
}

/** Names of component schemas reachable from `root` through $ref. */
export function referencedSchemas(root: unknown, components: Record<string, Schema>, into = new Set<string>()): Set<string> {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (!into.has(name)) {
        into.add(name);
        visit(components[name]);
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(root);
  return into;
}

function problemResponse(status: string, description?: string): Record<string, unknown> {
  return {
    description: description || ERROR_DESCRIPTIONS[status] || 'An error.',
    headers: status === '429' ? { 'Retry-After': RETRY_AFTER, ...RATE_LIMIT_HEADERS } : { ...RATE_LIMIT_HEADERS },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/**
 * Post-processes the generated OpenAPI document so it says what the server
 * does, for every operation at once (no per-route decorators):
 * - every error response is `application/problem+json` (the Problem schema),
 *   and each operation lists the errors it can give: 400 and 429 always, 500;
 *   401/403 where credentials are needed; 404 with path ids; 412 where it
 *   honours If-Match; 409/422 on changes; 413/415 with a body;
 * - every 2xx/4xx response documents the rate-limit headers the throttler
 *   sends (X-RateLimit-Limit, -Remaining, -Reset), 429 also Retry-After;
 * - path parameters have schemas (uuid ids; the partnership by id or code);
 * - strings carry `maxLength` and arrays `maxItems` (from the validators, else
 *   the body limit), input objects `additionalProperties: false` (the server
 *   refuses unknown fields);
 * - public operations say so with an empty security requirement.
 */
export function hardenOpenApiDocument(document: OpenAPIObject, dtoClasses: Iterable<DtoClass> = []): OpenAPIObject {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, Schema>;
  schemas.Problem = PROBLEM_SCHEMA;
  const validators = validatorLimits(dtoClasses);
  // Query parameters come from query DTOs (flattened into parameters): their validators by property name.
  const queryValidators = new Map<string, ValidationMetadata[]>();
  for (const [name, byProperty] of validators) {
    if (!/Query/.test(name)) continue;
    for (const [property, list] of byProperty) if (!queryValidators.has(property)) queryValidators.set(property, list);
  }

  const inputs = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as Operation[]) if (isObject(op) && op.requestBody) referencedSchemas(op.requestBody, schemas, inputs);
  }
  for (const [name, schema] of Object.entries(schemas)) if (name !== 'Problem') harden(schema, validators.get(name), inputs.has(name));

  const tags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || !isObject(raw)) continue;
      const op = raw as Operation & { summary?: string; description?: string; tags?: string[] };
      op.description ||= op.summary;
      for (const tag of op.tags ?? []) tags.add(tag);
      const parameters = op.parameters ?? [];
      for (const parameter of parameters) {
        const schema = (isObject(parameter.schema) ? parameter.schema : (parameter.schema = {})) as Schema;
        if (parameter.in === 'path') {
          if (parameter.name === 'partnershipId') {
            Object.assign(schema, { type: 'string', maxLength: 100, pattern: '^[A-Za-z0-9-]+$' });
            parameter.description ??= 'The partnership: its id (uuid) or its code.';
          } else if (/Id$/.test(String(parameter.name))) Object.assign(schema, { type: 'string', format: 'uuid', maxLength: 36 });
          else schema.type ??= 'string';
        }
        if (schema.type === 'string' && schema.maxLength === undefined && schema.enum === undefined) {
          schema.maxLength = (parameter.in === 'query' ? constraintOf(queryValidators.get(String(parameter.name))) : undefined) ?? MAX_DOCUMENTED_PARAMETER;
        }
        harden(schema, undefined, false);
      }
      if (op.requestBody?.content) for (const media of Object.values(op.requestBody.content)) if (media.schema) harden(media.schema, undefined, true);

      const secured = Array.isArray(op.security) && op.security.some((s) => Object.keys(s).length > 0);
      if (!secured) op.security = [{}];
      const responses = (op.responses ??= {});
      const statuses = new Set(['400', '429', '500']);
      if (secured) ['401', '403'].forEach((s) => statuses.add(s));
      if (/\{[^}]+\}/.test(path)) statuses.add('404');
      if (parameters.some((p) => String(p.name).toLowerCase() === 'if-match')) statuses.add('412');
      // Any change can meet a concurrent one (409); every POST honours Idempotency-Key (422 when reused).
      if (method !== 'get' && secured) statuses.add('409');
      if (method === 'post' && secured) statuses.add('422');
      if (op.requestBody) ['413', '415'].forEach((s) => statuses.add(s));
      for (const status of statuses) if (!responses[status]) responses[status] = {};
      for (const [status, response] of Object.entries(responses)) {
        if (/^[45]/.test(status)) responses[status] = problemResponse(status, response.description as string | undefined);
        else if (/^2/.test(status)) {
          response.description ||= 'Success.';
          response.headers = { ...(response.headers as object | undefined), ...RATE_LIMIT_HEADERS };
          const content = response.content as Record<string, { schema?: Schema }> | undefined;
          if (content) for (const media of Object.values(content)) if (media.schema) harden(media.schema, undefined, false);
        }
      }
    }
  }

  const declared = new Set((document.tags ?? []).map((t) => t.name));
  document.tags = [
    ...(document.tags ?? []),
    ...[...tags]
      .filter((t) => !declared.has(t))
      .sort()
      .map((name) => ({ name })),
  ];
  for (const server of document.servers ?? []) (server as unknown as Schema)['x-internal'] = false;
  const bearer = components.securitySchemes?.bearer as Schema | undefined;
  if (bearer) {
    bearer.description =
      'A JWT for people, or an API key for systems. Local tokens follow RFC8725 (JWT best current practices): ES256 only, ' +
      'issuer, audience, expiry and a kid from the published key set checked; 15-minute lifetime by default.';
  }
  return document;
}
