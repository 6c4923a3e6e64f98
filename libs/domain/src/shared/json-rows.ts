/** A row as PostgreSQL's row_to_json / json_agg give it. */
export type JsonRow = Record<string, unknown>;

/** Column names seen so far and their camelCase (a fixed, small set: the schema's columns). */
const camelNames = new Map<string, string>();

/** A column name in camelCase (`created_at` to `createdAt`), computed once per name. */
function camelName(key: string): string {
  let name = camelNames.get(key);
  if (name === undefined) {
    name = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (camelNames.size < 10_000) camelNames.set(key, name);
  }
  return name;
}

/** snake_case keys to camelCase (row_to_json gives column names). */
export function camelKeys(row: JsonRow): JsonRow {
  const out: JsonRow = {};
  for (const key in row) if (Object.hasOwn(row, key)) out[camelName(key)] = row[key];
  return out;
}

/**
 * A JSON row as the entity TypeORM would have loaded: camelCase keys, the
 * `instants` (timestamptz columns, ISO 8601 in JSON) back to Dates. Calendar
 * dates stay 'YYYY-MM-DD' strings, as the entities hold them.
 */
export function entityFromJson<T>(json: JsonRow, instants: readonly string[]): T {
  const row = camelKeys(json);
  for (const f of instants) if (row[f] !== null && row[f] !== undefined) row[f] = new Date(row[f] as string);
  return row as T;
}

/** The instants every Timestamped entity carries. */
export const STAMPS = ['createdAt', 'updatedAt'] as const;
