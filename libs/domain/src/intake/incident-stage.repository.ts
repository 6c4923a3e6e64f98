import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TransactionHost, oneRow } from '@app/core';
import { SQL_UUIDV7 } from '../shared/sql';
import { insertIncidents, REVISION_DATA, type IncidentValues } from './incidents.repository';

/** What storing a staged file did: records created, updated, unchanged, and rows repeating an earlier row of the file. */
export interface StagedCounts {
  created: number;
  updated: number;
  unchanged: number;
  repeated: number;
}

/** Memory for the sorts and hashes of one import's statements (PostgreSQL's work_mem, this transaction only). */
const STAGE_WORK_MEM = '64MB';

/** The staging table's columns, in COPY order. */
const STAGE_COLUMNS = `ord int NOT NULL, id uuid NOT NULL, source_system text NOT NULL, external_id text NOT NULL, category text NOT NULL, hate_incident boolean NOT NULL,
  occurred_at timestamptz, month_only boolean NOT NULL, occurred_month date NOT NULL, occurred_on date NOT NULL, lsoa_code text, ward_code text,
  location_label text, location_key text, lat float8, lng float8, uprn text, outcome text, content_hash text NOT NULL, import_id uuid, subjects text[] NOT NULL`;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const text = (v: string | null): string => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c));
const scalar = (v: number | boolean | null): string => (v === null ? '\\N' : String(v));

/**
 * One incident as a line of COPY's text format (tab-separated, `\N` for
 * null), in the staging table's column order. Subjects travel as an array
 * of `role:hash` (hex hashes and fixed roles: nothing to quote). `id` is
 * the incident's id if the row creates one (a UUIDv7: rows in file order).
 */
export function stageLine(ord: number, id: string, v: IncidentValues): string {
  return (
    [
      String(ord),
      id,
      text(v.sourceSystem),
      text(v.externalId),
      text(v.category),
      scalar(v.hateIncident),
      text(v.occurredAt),
      scalar(v.monthOnly),
      v.occurredMonth,
      v.occurredOn,
      text(v.lsoaCode),
      text(v.wardCode),
      text(v.locationLabel),
      text(v.locationKey),
      scalar(v.lat),
      scalar(v.lng),
      text(v.uprn),
      text(v.outcome),
      v.contentHash,
      text(v.importId),
      `{${v.subjects.map((s) => `${s.role}:${s.hash}`).join(',')}}`,
    ].join('\t') + '\n'
  );
}

/**
 * A file's incidents on their way in: COPY FROM STDIN into a temporary
 * table of the import's transaction (dropped at its end), then moved into
 * incidents in a fixed number of set-based statements, with the same
 * rules as a push (IncidentsRepository.upsert): a record held with the
 * same content is unchanged, one with other content is updated and its
 * earlier state kept as a revision, subjects replaced with what was written.
 * A record the file repeats counts once (its first row), the rest as repeated.
 */
@Injectable()
export class IncidentStageRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The transaction's own connection (COPY is a protocol of its own, not a query). */
  private async client(): Promise<PoolClient> {
    const runner = this.tx.manager.queryRunner;
    if (!runner || !this.tx.inTransaction) throw new Error('staging an import needs the transaction of the import');
    return (await runner.connect()) as PoolClient;
  }

  /**
   * Creates the staging table and copies `lines` (COPY text lines, see
   * stageLine) into it. An error thrown by `lines` aborts the COPY
   * (CopyFail) and leaves the transaction to roll back.
   */
  async copy(lines: AsyncIterable<string>): Promise<void> {
    // The COPY lasts as long as the file takes to read, and the moves after it grow with the file
    // (a million rows take minutes): no statement timeout for the rest of the import's transaction.
    await this.tx.manager.query('SET LOCAL statement_timeout = 0');
    await this.tx.manager.query(`CREATE TEMPORARY TABLE intake_stage (${STAGE_COLUMNS}) ON COMMIT DROP`);
    const client = await this.client();
    await pipeline(Readable.from(chunked(lines)), client.query(copyFrom('COPY intake_stage FROM STDIN')));
  }

  /**
   * Moves the staged rows into incidents (the caller's transaction), returning what happened.
   * `staged` is how many rows were COPYed; `subjects` whether any row has subjects.
   */
  async store(partnershipId: string, now: Date, options: { staged: number; subjects: boolean }): Promise<StagedCounts> {
    const m = this.tx.manager;
    // The sorts and hashes below work on the whole file: room for them in memory, for this transaction only.
    await m.query(`SET LOCAL work_mem = '${STAGE_WORK_MEM}'`);
    // The first row of each record, in file order; the rest repeat it and are removed. One pass over the
    // keys only (a file rarely repeats a record, so usually nothing is removed and no row is copied).
    const { repeated } = oneRow(
      await m.query<{ repeated: number }[]>(
        `WITH d AS (
           DELETE FROM intake_stage s
            USING (SELECT source_system, external_id, min(ord) AS first FROM intake_stage GROUP BY source_system, external_id HAVING count(*) > 1) r
            WHERE s.source_system = r.source_system AND s.external_id = r.external_id AND s.ord <> r.first
           RETURNING 1)
         SELECT count(*)::int AS repeated FROM d`,
      ),
      'the repeated count',
    );
    await m.query('ANALYZE intake_stage');
    const kept = options.staged - repeated;
    // What is held already, locked until the transaction ends (a concurrent push of the same record waits),
    // in key order like a push, so the two never deadlock; one lookup per record, kept with whether it changes.
    await m.query('CREATE TEMPORARY TABLE intake_held (id uuid NOT NULL, changed boolean NOT NULL) ON COMMIT DROP');
    await m.query(
      `INSERT INTO intake_held
       SELECT i.id, i.content_hash <> u.content_hash FROM intake_stage u
         JOIN incidents i ON i.partnership_id = $1 AND i.source_system = u.source_system AND i.external_id = u.external_id
        ORDER BY u.source_system, u.external_id FOR UPDATE OF i`,
      [partnershipId],
    );
    const { changing } = oneRow(await m.query<{ changing: number }[]>('SELECT count(*)::int AS changing FROM intake_held WHERE changed'), 'the changing count');
    // The earlier state of what changes becomes a revision.
    if (changing) {
      await m.query(
        `INSERT INTO incident_revisions (id, partnership_id, incident_id, version, data, superseded_at, created_at, updated_at)
         SELECT ${SQL_UUIDV7}, i.partnership_id, i.id, i.version, ${REVISION_DATA}, $1, $1, $1
           FROM intake_held h JOIN incidents i ON i.id = h.id WHERE h.changed`,
        [now],
      );
    }
    // The ids written are kept only when subjects follow them: a file without subjects (every data.police.uk
    // file) writes nothing else, and only the records it updates lose the subjects they had.
    await m.query(
      'CREATE TEMPORARY TABLE intake_written (id uuid NOT NULL, inserted boolean NOT NULL, source_system text NOT NULL, external_id text NOT NULL) ON COMMIT DROP',
    );
    const { created, updated } = oneRow(
      await m.query<{ created: number; updated: number }[]>(
        `WITH w AS (
           ${insertIncidents('u.id', 'u', 'intake_stage u', '$2', { ordered: false })}
           RETURNING id, (xmax = 0) AS inserted, source_system, external_id),
         kept AS (INSERT INTO intake_written SELECT id, inserted, source_system, external_id FROM w WHERE $3::boolean OR NOT inserted)
         SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM w`,
        [partnershipId, now, options.subjects],
      ),
      'the written counts',
    );
    if (updated) await m.query('DELETE FROM incident_subjects WHERE incident_id IN (SELECT id FROM intake_written WHERE NOT inserted)');
    if (options.subjects && created + updated) {
      await m.query(
        `INSERT INTO incident_subjects (incident_id, role, subject_hash, partnership_id, occurred_on)
         SELECT DISTINCT w.id, split_part(s.subject, ':', 1), split_part(s.subject, ':', 2), $1::uuid, u.occurred_on
           FROM intake_written w
           JOIN intake_stage u ON u.source_system = w.source_system AND u.external_id = w.external_id
          CROSS JOIN LATERAL unnest(u.subjects) AS s(subject)`,
        [partnershipId],
      );
    }
    return { created, updated, unchanged: kept - created - updated, repeated };
  }
}

/** Joins COPY lines into chunks of about 64 kB (one write per chunk, not per row). */
async function* chunked(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let chunk = '';
  for await (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
