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
