import { FLAG_KINDS, type FlagKind } from './flag-kinds';

/**
 * One kind of flag the worker looks for across every partnership, defined
 * by ONE set-based SELECT. The statement returns what is due right now:
 *
 *   partnership_id uuid, subject_id uuid, due_date date [, further columns]
 *
 * Parameters: `$1` is today's date in Europe/London (`$1::date`), `$2` the
 * current instant (`$2::timestamptz`); use either, both or neither. Further
 * columns become the flag's `data` (ids and links only, never personal data;
 * alias them in camelCase: `a.meeting_id AS "meetingId"`).
 *
 * Each scan, in one transaction: flags for rows not yet flagged are raised
 * (`flag.raised`), and open flags of this kind whose row is no longer
 * returned are resolved (`flag.resolved`). The statement runs as the worker
 * role (it sees every partnership); back it with a partial index on what is
 * due, so its cost follows what is due, not the size of the table, and name
 * that index in `index` (a test checks EXPLAIN uses it; a statement of
 * several branches, e.g. a UNION ALL, names the index of each).
 */
export interface ScannerDefinition {
  kind: FlagKind;
  /** The type of the subjects it flags, e.g. `action`. */
  subjectType: string;
  sql: string;
  /** The index (or the indexes, one per branch) EXPLAIN must show for `sql`. */
  index: string | readonly string[];
  description: string;
}

const SCANNER_COLUMNS = ['partnership_id', 'subject_id', 'due_date'];

/** Checks a definition's shape once, where it is declared. */
export function defineScanner(definition: ScannerDefinition): ScannerDefinition {
  if (!(FLAG_KINDS as readonly string[]).includes(definition.kind)) throw new Error(`Unknown flag kind "${definition.kind}"`);
  const sql = definition.sql.trim();
  if (!/^(select|with)\b/i.test(sql)) throw new Error(`The ${definition.kind} scanner is one SELECT statement`);
  if (/;\s*\S/.test(sql) || sql.endsWith(';')) throw new Error(`The ${definition.kind} scanner is one statement, without a semicolon`);
  for (const column of SCANNER_COLUMNS) {
    if (!new RegExp(`\\b${column}\\b`).test(sql)) throw new Error(`The ${definition.kind} scanner returns ${SCANNER_COLUMNS.join(', ')} (no ${column})`);
  }
  if (/\$[3-9]/.test(sql)) throw new Error(`The ${definition.kind} scanner may use only $1 (today) and $2 (now)`);
  if (!scannerIndexes(definition).length) throw new Error(`The ${definition.kind} scanner names the index that serves it`);
  return Object.freeze({ ...definition, sql });
}

/** The indexes a scanner declares, as a list. */
export function scannerIndexes(definition: Pick<ScannerDefinition, 'index'>): readonly string[] {
  return typeof definition.index === 'string' ? [definition.index] : definition.index;
}

/** The scanners this process runs, by kind: at most one per kind. */
export class ScannerRegistry {
  private readonly byKind = new Map<FlagKind, ScannerDefinition>();

  constructor(definitions: readonly ScannerDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: ScannerDefinition): void {
    if (this.byKind.has(definition.kind)) throw new Error(`A scanner for "${definition.kind}" is already registered`);
    this.byKind.set(definition.kind, defineScanner(definition));
  }

  get(kind: string): ScannerDefinition | undefined {
    return this.byKind.get(kind as FlagKind);
  }

  kinds(): FlagKind[] {
    return [...this.byKind.keys()];
  }

  all(): ScannerDefinition[] {
    return [...this.byKind.values()];
  }
}
