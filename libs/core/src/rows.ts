/**
 * The one row a statement that always answers one gave (an aggregate, a
 * `SELECT format(...)`, an `INSERT ... RETURNING`). No row there is a bug,
 * not a refusal: it throws saying what was expected.
 */
export function oneRow<T>(rows: readonly T[], what = 'a row'): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`Expected ${what}, got none`);
  return row;
}

/** The last element of a list that is known not to be empty. */
export function lastOf<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('Expected a non-empty list');
  return item;
}

/** A copy of the named properties of `source`, for a view that shows them as the row holds them. */
export function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = source[key];
  return out;
}

/** Each of `keys` with the values of its rows among `rows`, in their order; a key with no row has []. */
export function groupedBy<R, T>(keys: readonly string[], rows: readonly R[], keyOf: (row: R) => string, valueOf: (row: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) out.get(keyOf(row))?.push(valueOf(row));
  return out;
}
