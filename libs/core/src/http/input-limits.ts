import type { FieldError } from './problems';

/**
 * Bounds on the shape of any decoded input (a JSON or form body, the query
 * string, path parameters), checked before validation or any SQL runs, so
 * the work a request can cause stays linear in its size and small.
 */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays (the deepest DTO nests 3 levels). */
  maxDepth: 16,
  /** Keys and array elements in one body, all levels together. */
  maxValues: 20_000,
  /** Field errors listed in one answer; the rest are counted (`moreErrors`). */
  maxErrors: 10,
} as const;

/** In `u` mode a surrogate pair is one code point, so this matches only lone surrogates. */
const LONE_SURROGATE = /\p{Cs}/u;

export interface InputReport {
  errors: FieldError[];
  /** Errors found beyond those listed. */
  more: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/**
 * Counts the values and the nesting of a JSON text without parsing it: one
 * pass over the characters, a few milliseconds for a megabyte. Run before
 * JSON.parse, because building an object of 90,000 keys already blocks the
 * event loop for ~40 ms. Returns why the text is over the limits, or null.
 */
export function jsonShapeProblem(text: string, limits = INPUT_LIMITS): string | null {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === COMMA) {
      if (++values > limits.maxValues) return `the input holds more than ${limits.maxValues} values`;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limits.maxDepth) return `nests deeper than ${limits.maxDepth} levels`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return null;
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * Walks a decoded value iteratively (no recursion, so no depth can overflow
 * the stack) and reports: nesting deeper than `maxDepth`, more than
 * `maxValues` values, NUL characters (PostgreSQL refuses U+0000 in text) and
 * lone surrogates (refused in jsonb) in strings or keys. Stops at the first
 * limit it exceeds.
 */
export function inspectInput(value: unknown, root: string, limits = INPUT_LIMITS): InputReport {
  const errors: FieldError[] = [];
  let more = 0;
  const report = (path: string, message: string): void => {
    if (errors.length < limits.maxErrors) errors.push({ path: path || '(body)', message });
    else more += 1;
  };
  let values = 0;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    const current = item.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) report(item.path, 'must not contain the NUL character (U+0000)');
      else if (LONE_SURROGATE.test(current)) report(item.path, 'must be well-formed Unicode (no lone surrogate)');
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (item.depth >= limits.maxDepth) {
      report(item.path, `nests deeper than ${limits.maxDepth} levels`);
      return { errors, more };
    }
    if (Array.isArray(current)) {
      values += current.length;
      if (values > limits.maxValues) {
        report(item.path, `the input holds more than ${limits.maxValues} values`);
        return { errors, more };
      }
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: childPath(item.path, i), depth: item.depth + 1 });
      continue;
    }
    const keys = Object.keys(current);
    values += keys.length;
    if (values > limits.maxValues) {
      report(item.path, `the input holds more than ${limits.maxValues} values`);
      return { errors, more };
    }
    for (const key of keys.slice().reverse()) {
      if (key.includes('\u0000') || LONE_SURROGATE.test(key)) {
        report(item.path, 'a field name must be well-formed Unicode without NUL characters');
        continue;
      }
      stack.push({ value: (current as Record<string, unknown>)[key], path: childPath(item.path, key), depth: item.depth + 1 });
    }
  }
  return { errors, more };
}
