import fc from 'fast-check';
import { referencedSchemas } from '@app/core';
import { nth } from '@app/testing';

/**
 * Requests for the fuzzing suite, generated from the OpenAPI document's own
 * schemas: json-schema-faker makes schema-valid bodies and query values;
 * fast-check (seeded) picks which field to break and how.
 */
type Json = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Json;
}

export interface Operation {
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: Parameter[];
  bodySchema?: Json;
  secured: boolean;
}

export interface FuzzRequest {
  operation: string;
  category: Category;
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  /** The exact bytes to send (already serialised). */
  body?: string;
}

export const BODY_CATEGORIES = [
  'valid',
  'boundary',
  'wrong-type',
  'huge',
  'unicode',
  'null',
  'extra-field',
  'deep-nesting',
  'content-type',
  'malformed-json',
] as const;
export const REQUEST_CATEGORIES = ['query', 'path', 'credentials'] as const;
export type Category = (typeof BODY_CATEGORIES)[number] | (typeof REQUEST_CATEGORIES)[number];

export function operationsOf(document: { paths: Record<string, Record<string, Json>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = (op.requestBody as { content?: Record<string, { schema?: Json }> } | undefined)?.content;
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method as Operation['method'],
        path,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        bodySchema: content?.['application/json']?.schema,
        secured: Array.isArray(op.security) && (op.security as Json[]).some((s) => Object.keys(s).length > 0),
      });
    }
  }
  return out;
}

/** The categories that make sense for an operation (body ones only where it takes a body). */
export function categoriesOf(operation: Operation): Category[] {
  const list: Category[] = [...(operation.bodySchema ? BODY_CATEGORIES : (['valid'] as const)), 'query', 'credentials'];
  if (operation.parameters.some((p) => p.in === 'path')) list.push('path');
  return list;
}

/** json-schema-faker's generator; the package is ESM-only, so it is loaded with import() (see loadSchemaFaker). */
export type SchemaFaker = (schema: Json, options: Json) => unknown;

export async function loadSchemaFaker(): Promise<SchemaFaker> {
  const { generateSync } = await import('json-schema-faker');
  return (schema, options) => generateSync(schema as never, options as never);
}

export interface Context {
  faker: SchemaFaker;
  components: Json;
  /** Values for path parameters by name (real objects, so requests get past the 404). */
  ids: Record<string, string>;
  auth: string;
}

const UUID_ARB = fc.uuid({ version: 7 });

/** A string with a NUL or a lone surrogate somewhere, or any code points at all. */
const HOSTILE_STRING = fc.oneof(
  fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d'), fc.string({ maxLength: 20 })).map(([a, b, c]) => a + b + c),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('\u202e\u0041', '\ufeff', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'ﷺ', '\u0085\u2028\u2029', "'; DROP TABLE partnerships; --", '%00', '${7*7}', '../../etc/passwd'),
);

const WRONG_TYPE = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  fc.constantFrom([], {}, '', 0, -0, true),
);

const BOUNDARY = fc.oneof(
  fc.constantFrom('', ' ', '\t', 'x'),
  fc.constantFrom(60, 100, 200, 320, 1024, 2000, 20_000).chain((n) => fc.constantFrom('x'.repeat(n), 'x'.repeat(n + 1))),
  fc.constantFrom(-1, 0, 1, 3, 4, 12, 13, 50, 51, 100, 101, 365, 366, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, 1.5),
  fc.constantFrom('0001-01-01', '0000-01-01', '9999-12-31', '10000-01-01', '2026-02-29', '2026-02-30', '2026-13-01', '2026-1-1'),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0190b4a0-0000-7000-8000-00000000000'),
);

const HUGE = fc.oneof(
  fc.constantFrom(300_000, 900_000).map((n) => 'h'.repeat(n)),
  fc.constantFrom(5_000, 30_000).map((n) => Array.from({ length: n }, (_, i) => i)),
  fc.constant(Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`k${i}`, i]))),
);

function nest(value: unknown, depth: number, asObject: boolean): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = asObject ? { n: out } : [out];
  return out;
}

/** Leaf and branch paths of a generated value (the fields a mutation may replace). */
function fieldPaths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return out;
  for (const [key, child] of Object.entries(value as Json)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    fieldPaths(child, path, out);
  }
  return out;
}

function setAt(root: unknown, path: Array<string | number>, value: unknown): unknown {
  if (!path.length) return value;
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = node[key as string] as Json;
  node[path[path.length - 1] as string] = value;
  return copy;
}

const rooted = new WeakMap<Json, Json>();

/** The schema with only the components it refers to beside it (the faker indexes the whole root on every call). */
function withComponents(ctx: Context, schema: Json): Json {
  let root = rooted.get(schema);
  if (!root) {
    const all = (ctx.components.schemas ?? {}) as Record<string, Json>;
    const names = referencedSchemas(schema, all);
    const whole = { ...schema, components: { schemas: Object.fromEntries([...names].map((n) => [n, all[n]])) } };
    // Valid values kept short: the faker builds a string up to its maxLength before trimming it.
    root = JSON.parse(JSON.stringify(whole), (key, value: unknown) => (key === 'maxLength' && typeof value === 'number' ? Math.min(value, 40) : value)) as Json;
    rooted.set(schema, root);
  }
  return root;
}

function valid(ctx: Context, schema: Json, seed: number): unknown {
  return ctx.faker(withComponents(ctx, schema), { seed, maxLength: 40, maxItems: 3, optionalsProbability: 0.6, refDepthMax: 3 });
}

function pathFor(operation: Operation, ctx: Context, override?: { name: string; raw: string }): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (override?.name === name) return override.raw;
    return encodeURIComponent(ctx.ids[name] ?? (name === 'partnershipId' ? 'cardiff' : '0190b4a0-0000-7000-8000-000000000000'));
  });
}

function queryFor(operation: Operation, ctx: Context, seed: number): Record<string, string> {
  const query: Record<string, string> = {};
  for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
    if (!parameter.required && seed % 3 === 0) continue;
    const schema = parameter.schema ?? { type: 'string' };
    // A valid value, kept short (the faker takes seconds on a maximum of thousands).
    const short = schema.type === 'string' && !schema.enum && !schema.format ? { ...schema, maxLength: Math.min(Number(schema.maxLength ?? 40), 40) } : schema;
    const value = valid(ctx, short, seed + parameter.name.length);
    if (value !== undefined && value !== null) query[parameter.name] = String(value);
  }
  return query;
}

function encodeQuery(query: Record<string, string | string[]>): string {
  const parts = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`));
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A percent-encoding of a string that may hold lone surrogates (encodeURIComponent throws on them). */
function looseEncode(value: string): string {
  return Array.from(value, (ch) => (/[A-Za-z0-9_.~-]/.test(ch) ? ch : /\p{Cs}/u.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
}

const MUTATION = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), pick: fc.nat(), alt: fc.nat() });

/**
 * `count` requests of one category for one operation, from `seed`: the same
 * seed gives the same requests.
 */
export function generateRequests(operation: Operation, category: Category, count: number, seed: number, ctx: Context): FuzzRequest[] {
  const extra: Record<Category, fc.Arbitrary<unknown>> = {
    valid: fc.constant(undefined),
    boundary: BOUNDARY,
    'wrong-type': WRONG_TYPE,
    huge: HUGE,
    unicode: HOSTILE_STRING,
    null: fc.constant(null),
    'extra-field': fc.tuple(
      fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'partnershipId', 'version', 'createdAt'), fc.string({ maxLength: 12 })),
      WRONG_TYPE,
    ),
    'deep-nesting': fc.tuple(fc.integer({ min: 17, max: 2_000 }), fc.boolean()),
    'content-type': fc.constantFrom(
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/merge-patch+json',
      'application/octet-stream',
    ),
    'malformed-json': fc.oneof(
      fc.nat(),
      fc.constantFrom('{', '[', '{"a":}', 'undefined', 'NaN', '\ufeff{}', '{"a":1,}', "{'a':1}", '{"a":"\\x"}', '', 'null', '"string"', '1e9999'),
    ),
    query: fc.tuple(fc.oneof(HOSTILE_STRING, BOUNDARY.map(String), fc.constant('x'.repeat(5_000))), fc.boolean()),
    path: fc.oneof(
      fc.constantFrom('x'.repeat(300), '%00', 'a%00b', '%E0%A4%A', '..', '%2e%2e', 'null', '-1', '0', '%20', '%ED%A0%80', 'cardiff%0a'),
      HOSTILE_STRING.map(looseEncode),
      UUID_ARB,
    ),
    credentials: fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      'Bearer x.y.z',
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      'Basic YWRtaW46YWRtaW4=',
      'Bearer cspk_' + 'A'.repeat(43),
      'Bearer caf\u00e9',
      `Bearer ${'x'.repeat(8_000)}`,
    ),
  };
  const samples = fc.sample(fc.tuple(MUTATION, extra[category]), { seed, numRuns: count });
  return samples.map(([m, value]) => {
    const headers: Record<string, string> = { authorization: ctx.auth };
    let body: string | undefined;
    let url = pathFor(operation, ctx) + encodeQuery(queryFor(operation, ctx, m.seed));
    const base = operation.bodySchema ? valid(ctx, operation.bodySchema, m.seed) : undefined;
    const paths = fieldPaths(base);
    const target = paths.length ? nth(paths, m.pick % paths.length) : [];
    if (operation.bodySchema) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(base);
    }
    switch (category) {
      case 'valid':
        break;
      case 'boundary':
      case 'wrong-type':
      case 'huge':
      case 'unicode':
      case 'null':
        body = JSON.stringify(setAt(base, target, value));
        break;
      case 'extra-field': {
        const [key, extraValue] = value as [string, unknown];
        const where = target.length && m.alt % 2 ? target.slice(0, -1) : [];
        // Written by hand so `__proto__` travels as a key, not as the prototype.
        const json = JSON.stringify(base && typeof base === 'object' ? base : {});
        body = where.length ? JSON.stringify(base) : json.replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(extraValue)}${json === '{}' ? '' : ','}`);
        break;
      }
      case 'deep-nesting': {
        const [depth, asObject] = value as [number, boolean];
        body = m.alt % 3 === 0 ? JSON.stringify(nest(1, depth, asObject)) : JSON.stringify(setAt(base, target, nest('x', depth, asObject)));
        break;
      }
      case 'content-type':
        headers['content-type'] = value as string;
        body = value === 'application/x-www-form-urlencoded' ? 'title=x&name=y' : (body ?? '{}');
        break;
      case 'malformed-json': {
        const text = body ?? '{}';
        body = typeof value === 'number' ? text.slice(0, Math.max(1, value % text.length)) + (value % 2 ? '' : '\u0000}') : (value as string);
        break;
      }
      case 'query': {
        const [hostile, repeat] = value as [string, boolean];
        const names = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
        const name = names.length ? nth(names, m.pick % names.length) : `unknown${m.pick % 7}`;
        const query: Record<string, string | string[]> = { ...queryFor(operation, ctx, m.seed), [name]: repeat ? [hostile, hostile] : hostile };
        url =
          pathFor(operation, ctx) +
          '?' +
          Object.entries(query)
            .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${looseEncode(x)}`))
            .join('&');
        break;
      }
      case 'path': {
        const names = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        url = pathFor(operation, ctx, { name: nth(names, m.pick % names.length), raw: value as string });
        break;
      }
      case 'credentials':
        if (value) headers.authorization = value as string;
        else delete headers.authorization;
        break;
    }
    return { operation: operation.key, category, method: operation.method, url, headers, body };
  });
}
