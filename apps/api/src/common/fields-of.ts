/** A field as the API writes it: a Date (or Date | null) becomes its ISO 8601 string. */
export type Written<V> = V extends Date ? string : V;

/**
 * The named fields of a record as the API writes them: a Date as its ISO 8601
 * string, anything else as it is. A DTO's `from()` spreads the fields it takes
 * over this way and spells out only those it computes or reshapes.
 */
export function fieldsOf<T extends object, K extends keyof T>(record: T, ...keys: K[]): { [P in K]: Written<T[P]> } {
  const fields = {} as Record<K, unknown>;
  for (const key of keys) {
    const value = record[key];
    fields[key] = value instanceof Date ? value.toISOString() : value;
  }
  return fields as { [P in K]: Written<T[P]> };
}
