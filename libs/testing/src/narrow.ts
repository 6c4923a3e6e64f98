/**
 * Reading arrays and records in tests with `noUncheckedIndexedAccess`: each
 * helper returns the element itself (not `T | undefined`) or throws an error
 * saying what was missing, so a test fails on the line that expected it.
 */

type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N ? [...R, ...T[]] : Tuple<T, N, [...R, T]>;

const describe = (items: ArrayLike<unknown>) => `${items.length} element${items.length === 1 ? '' : 's'}`;

/** The element at `index` (negative counts from the end, as `Array.prototype.at`). */
export function nth<T>(items: ArrayLike<T>, index: number): T {
  const i = index < 0 ? items.length + index : index;
  if (!Number.isInteger(i) || i < 0 || i >= items.length) throw new Error(`expected an element at [${index}], got ${describe(items)}`);
  return items[i] as T;
}

export function firstOf<T>(items: ArrayLike<T>): T {
  return nth(items, 0);
}

/** The one element of a list that must hold exactly one (e.g. the row of a lookup by id). */
export function onlyOf<T>(items: ArrayLike<T>): T {
  if (items.length !== 1) throw new Error(`expected exactly one element, got ${describe(items)}`);
  return items[0] as T;
}

/** The list itself, typed so that its first `n` elements are present (for `const [a, b] = firstN(list, 2)`). */
export function firstN<T, N extends number>(items: readonly T[], n: N): Tuple<T, N> {
  if (items.length < n) throw new Error(`expected at least ${n} elements, got ${describe(items)}`);
  return items as unknown as Tuple<T, N>;
}

/** The value under `key` of a record (an object read as a map). */
export function entryOf<T>(record: Readonly<Partial<Record<string, T>>>, key: string): T {
  const value = record[key];
  if (value === undefined) throw new Error(`expected an entry ${JSON.stringify(key)}, got keys ${JSON.stringify(Object.keys(record))}`);
  return value;
}

/** A lookup of `items` by their `key` field (`const figure = byKey(figures); figure('x')`), throwing when none has the key asked for. */
export function byKey<T extends { key: string }>(items: readonly T[]): (key: string) => T {
  return (key) => {
    const found = items.find((item) => item.key === key);
    if (found === undefined) throw new Error(`expected an element with key ${JSON.stringify(key)}, got keys ${JSON.stringify(items.map((item) => item.key))}`);
    return found;
  };
}
