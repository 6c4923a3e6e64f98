import assert from 'node:assert/strict';
import { existsSync, globSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, it } from '@jest/globals';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MIGRATIONS_GLOB } from './index';

/**
 * The guard of landed migrations: every migration's up() and down() run against
 * a QueryRunner that only records what it is asked to execute, and the record
 * must equal the one in executed-sql.txt, taken when the migration landed.
 * Deployed databases have run those statements: a landed migration that
 * executes anything else (another statement, one more space) leaves a new
 * database different from them. Helpers in support/ build SQL for landed
 * migrations, so changing a helper is caught here too.
 *
 * A new migration is not in executed-sql.txt yet: once it is final, record it
 * with `MIGRATIONS_SNAPSHOT=record npm test -- --unit migrations`, which adds
 * the migrations missing from the file and never rewrites one already there.
 */

// Compiled to dist/migrations: the repository root is two levels up.
const SNAPSHOT_FILE = resolve(__dirname, '../../migrations/executed-sql.txt');
const RECORD = process.env.MIGRATIONS_SNAPSHOT === 'record';

/**
 * Rows every query answers in a second run, for the migrations that read what
 * a query returns (the first run answers no rows to every query): each branch
 * they take is recorded.
 */
const RUNTIME_ROLES = [{ names: '"csp_app", "csp_worker"' }];
const QUERY_ANSWERS: Record<string, unknown[]> = {
  // Both look up the runtime roles that were granted the users table.
  '1795300000000-LeastPrivilege': RUNTIME_ROLES,
  '1796133000000-OversightColumnsReadable': RUNTIME_ROLES,
};

type Direction = 'up' | 'down';
interface Recording {
  text: string;
  /** Whether the migration looked inside the rows a query returned. */
  readRows: boolean;
}

/** A QueryRunner that records every call made on it and executes nothing. */
function recordingRunner(rows: unknown[]): { runner: QueryRunner; recording: () => Recording } {
  const lines: string[] = [];
  let readRows = false;
  let count = 0;
  const entry = (label: string, body: string) => lines.push(`-- ${++count} ${label}, ${body.length} characters`, body);
  // An answer of no rows notices being read, so that a migration that reads
  // its query results without an entry in QUERY_ANSWERS fails instead of
  // silently recording one branch only.
  const answer = () =>
    rows.length
      ? structuredClone(rows)
      : new Proxy([], {
          get(target, key, receiver) {
            if (key !== 'then') readRows = true;
            return Reflect.get(target, key, receiver) as unknown;
          },
        });
  const runner = new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key === 'symbol' || key === 'then') return undefined;
        if (key === 'query')
          return (sql: string, params?: unknown[]) => {
            entry('query', sql);
            if (params !== undefined) lines.push(`-- parameters ${JSON.stringify(params)}`);
            return Promise.resolve(answer());
          };
        // Any other QueryRunner method (createTable, addColumn...) is recorded with its arguments.
        return (...args: unknown[]) => {
          entry(`call ${key}`, JSON.stringify(args, null, 2));
          return Promise.resolve(undefined);
        };
      },
    },
  ) as QueryRunner;
  return { runner, recording: () => ({ text: lines.join('\n'), readRows }) };
}

interface Migration {
  file: string;
  name: string;
  instance: MigrationInterface;
}

function loadMigrations(): Migration[] {
  return globSync(MIGRATIONS_GLOB)
    .sort()
    .map((path) => {
      const file = basename(path, '.js');
      // TypeORM loads every function a migration file exports as a migration.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = Object.values(require(path) as Record<string, unknown>).filter((value) => typeof value === 'function');
      assert.equal(exported.length, 1, `${file} must export its migration class and nothing else: TypeORM runs every exported function as a migration`);
      const instance = new (exported[0] as new () => MigrationInterface)();
      return { file, name: instance.name ?? instance.constructor.name, instance };
    });
}

async function record(migration: Migration, direction: Direction, rows: unknown[]): Promise<Recording> {
  const { runner, recording } = recordingRunner(rows);
  await migration.instance[direction](runner);
  return recording();
}

/** The sections of the snapshot: `== <file> <class name> <direction>[ <world>]` and what it executed. */
async function sections(migration: Migration): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const direction of ['up', 'down'] as const) {
    const heading = `== ${migration.file} ${migration.name} ${direction}`;
    const empty = await record(migration, direction, []);
    const answers = QUERY_ANSWERS[migration.file];
    assert.ok(
      !empty.readRows || answers,
      `${migration.file} ${direction}() reads what a query returns: give it rows to answer in QUERY_ANSWERS (migrations.spec.ts) so that each branch is recorded`,
    );
    out.set(`${heading} (queries answer no rows)`, empty.text);
    if (answers) out.set(`${heading} (queries answer ${JSON.stringify(answers)})`, (await record(migration, direction, answers)).text);
  }
  return out;
}

const HEADER = [
  '# What every migration executes, recorded by migrations.spec.ts: landed',
  '# migrations must not change what they execute. Each section is one',
  '# migration, one direction and what its queries answered; each entry gives',
  '# its length, then the statement exactly as executed, then a new line.',
  '# Append a new migration with `MIGRATIONS_SNAPSHOT=record npm test -- --unit migrations`.',
  '',
  '',
].join('\n');

function parseSnapshot(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = text.startsWith(HEADER) ? text.slice(HEADER.length) : text;
  for (const section of body.split(/^(?=== )/m)) {
    if (!section.startsWith('== ')) continue;
    const newline = section.indexOf('\n');
    // Each section ends with the blank line that separates it from the next.
    out.set(section.slice(0, newline), section.slice(newline + 1).replace(/\n\n$/, ''));
  }
  return out;
}

function renderSnapshot(all: Map<string, string>): string {
  return HEADER + [...all].map(([heading, text]) => `${heading}\n${text}\n\n`).join('');
}

/** The first entry that differs, to point at in the failure. */
function firstDifference(expected: string, actual: string): string {
  const entries = (text: string) => text.split(/^(?=-- \d+ )/m);
  const [want, got] = [entries(expected), entries(actual)];
  const at = want.findIndex((entry, i) => entry !== got[i]);
  const index = at === -1 ? want.length : at;
  return `recorded when it landed:\n${want[index] ?? '(nothing)'}\nexecuted now:\n${got[index] ?? '(nothing)'}`;
}

describe('landed migrations', () => {
  it('execute exactly what they executed when they landed (executed-sql.txt)', async () => {
    const snapshot = existsSync(SNAPSHOT_FILE) ? parseSnapshot(readFileSync(SNAPSHOT_FILE, 'utf8')) : new Map<string, string>();
    const current = new Map<string, string>();
    for (const migration of loadMigrations()) for (const [heading, text] of await sections(migration)) current.set(heading, text);

    // The file's format must hold every recording unambiguously.
    assert.deepEqual(parseSnapshot(renderSnapshot(current)), current);

    const changed = [...snapshot].filter(([heading, text]) => current.has(heading) && current.get(heading) !== text);
    if (changed.length) {
      const [heading, text] = changed[0]!;
      assert.fail(
        `${heading.slice(3)} no longer executes what it executed when it landed. Landed migrations must not change what they execute ` +
          `(deployed databases ran the recorded SQL): restore the migration or the helper it calls, and put a schema change in a new migration.\n` +
          firstDifference(text, current.get(heading)!) +
          (changed.length > 1 ? `\n(${changed.length - 1} more sections differ)` : ''),
      );
    }
    const gone = [...snapshot.keys()].filter((heading) => !current.has(heading));
    assert.deepEqual(
      gone,
      [],
      'Landed migrations must not change what they execute: these are recorded in executed-sql.txt but no longer run (renamed or deleted?)',
    );

    const added = [...current.keys()].filter((heading) => !snapshot.has(heading));
    if (added.length && RECORD) {
      for (const heading of added) snapshot.set(heading, current.get(heading)!);
      writeFileSync(SNAPSHOT_FILE, renderSnapshot(snapshot));
      return;
    }
    assert.deepEqual(added, [], 'Not recorded in executed-sql.txt yet: once final, record with `MIGRATIONS_SNAPSHOT=record npm test -- --unit migrations`');
  });
});
