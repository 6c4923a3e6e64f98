import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import { newestCreatedFirst, type CreatedPageRead } from '../shared/keyset';
import { SQL_UUIDV7 } from '../shared/sql';
import type { SubjectRole } from './intake.constants';

/** The fields an incident has alike as given and as stored. */
interface IncidentFields {
  sourceSystem: string;
  externalId: string;
  category: string;
  hateIncident: boolean;
  monthOnly: boolean;
  occurredMonth: string;
  occurredOn: string;
  lsoaCode: string | null;
  wardCode: string | null;
  locationLabel: string | null;
  lat: number | null;
  lng: number | null;
  uprn: string | null;
  outcome: string | null;
  importId: string | null;
}

/** An incident ready to store: normalised, hashed, subjects as keyed hashes. */
export interface IncidentValues extends IncidentFields {
  occurredAt: string | null;
  locationKey: string | null;
  contentHash: string;
  subjects: { role: SubjectRole; hash: string }[];
}

/** An incident as stored (never its subjects). */
export interface IncidentRow extends IncidentFields {
  id: string;
  partnershipId: string;
  occurredAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RevisionRow {
  version: number;
  supersededAt: Date;
  data: Record<string, unknown>;
}

export type UpsertResult = 'created' | 'updated' | 'unchanged';

/** What a list of incidents may be narrowed by (all combine). */
export interface IncidentFilters {
  category?: string;
  sourceSystem?: string;
  lsoaCode?: string;
  wardCode?: string;
  from?: string;
  to?: string;
  nominationId?: string;
}

export interface IncidentFilter extends CreatedPageRead, IncidentFilters {}

const COLUMNS = `i.id, i.partnership_id AS "partnershipId", i.source_system AS "sourceSystem", i.external_id AS "externalId", i.category,
  i.hate_incident AS "hateIncident", i.occurred_at AS "occurredAt", i.month_only AS "monthOnly",
  to_char(i.occurred_month, 'YYYY-MM-DD') AS "occurredMonth", to_char(i.occurred_on, 'YYYY-MM-DD') AS "occurredOn",
  i.lsoa_code AS "lsoaCode", i.ward_code AS "wardCode", i.location_label AS "locationLabel", i.lat, i.lng, i.uprn, i.outcome,
  i.import_id AS "importId", i.version, i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

/** The stored fields a revision keeps (never the subject hashes). */
export const REVISION_DATA = `jsonb_build_object('category', i.category, 'hateIncident', i.hate_incident, 'occurredAt', i.occurred_at,
  'occurredMonth', to_char(i.occurred_month, 'YYYY-MM'), 'monthOnly', i.month_only, 'lsoaCode', i.lsoa_code, 'wardCode', i.ward_code,
  'label', i.location_label, 'lat', i.lat, 'lng', i.lng, 'uprn', i.uprn, 'outcome', i.outcome,
  'subjects', (SELECT count(*) FROM incident_subjects s WHERE s.incident_id = i.id))`;

const RECORDSET = `x(ord int, source_system text, external_id text, category text, hate_incident boolean, occurred_at timestamptz, month_only boolean,
  occurred_month date, occurred_on date, lsoa_code text, ward_code text, location_label text, location_key text, lat float8, lng float8,
  uprn text, outcome text, content_hash text, import_id uuid)`;

/**
 * INSERT ... SELECT of incidents from a set of records `alias` (columns
 * named like the table's) with the upsert rule of every write: a record
 * held with the same content is left as it is (no row returned), one with
 * other content is updated and its version raised. `ordered: false`
 * leaves the rows in the order `from` gives them (a staged file is in file
 * order already: no sort of the whole file).
 */
export function insertIncidents(id: string, alias: string, from: string, now: string, options: { ordered?: boolean } = {}): string {
  const c = (name: string) => `${alias}.${name}`;
  return `INSERT INTO incidents (id, partnership_id, source_system, external_id, category, hate_incident, occurred_at, month_only, occurred_month,
              occurred_on, lsoa_code, ward_code, location_label, location_key, lat, lng, uprn, outcome, content_hash, import_id, created_at, updated_at)
       SELECT ${id}, $1, ${['source_system', 'external_id', 'category', 'hate_incident', 'occurred_at', 'month_only', 'occurred_month', 'occurred_on', 'lsoa_code', 'ward_code', 'location_label', 'location_key', 'lat', 'lng', 'uprn', 'outcome', 'content_hash', 'import_id'].map(c).join(', ')}, ${now}, ${now}
         FROM ${from}
        ${options.ordered === false ? '' : `ORDER BY ${c('ord')}`}
       ON CONFLICT (partnership_id, source_system, external_id) DO UPDATE SET
              category = excluded.category, hate_incident = excluded.hate_incident, occurred_at = excluded.occurred_at, month_only = excluded.month_only,
              occurred_month = excluded.occurred_month, occurred_on = excluded.occurred_on, lsoa_code = excluded.lsoa_code, ward_code = excluded.ward_code,
              location_label = excluded.location_label, location_key = excluded.location_key, lat = excluded.lat, lng = excluded.lng, uprn = excluded.uprn,
              outcome = excluded.outcome, content_hash = excluded.content_hash, version = incidents.version + 1, updated_at = excluded.updated_at
        WHERE incidents.content_hash <> excluded.content_hash`;
}

/**
 * Every statement on incidents, their subjects and revisions. A batch is
 * stored in a fixed number of set-based statements whatever its size:
 * lock what exists, keep the revisions of what changes, upsert, replace the
 * subjects of what was written.
 */
@Injectable()
export class IncidentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Stores a batch (unique by source and id within it) in the caller's transaction; results in input order. */
  async upsert(
    partnershipId: string,
    values: IncidentValues[],
    now: Date,
  ): Promise<{ id: string; sourceSystem: string; externalId: string; result: UpsertResult; version: number }[]> {
    const m = this.tx.manager;
    const rows = values.map((v, ord) => ({
      ord,
      source_system: v.sourceSystem,
      external_id: v.externalId,
      category: v.category,
      hate_incident: v.hateIncident,
      occurred_at: v.occurredAt,
      month_only: v.monthOnly,
      occurred_month: v.occurredMonth,
      occurred_on: v.occurredOn,
      lsoa_code: v.lsoaCode,
      ward_code: v.wardCode,
      location_label: v.locationLabel,
      location_key: v.locationKey,
      lat: v.lat,
      lng: v.lng,
      uprn: v.uprn,
      outcome: v.outcome,
      content_hash: v.contentHash,
      import_id: v.importId,
    }));
    const input = JSON.stringify(rows);
    // What is held already, locked until the transaction ends (a concurrent push of the same record waits).
    // One unique-index lookup per record (LATERAL), whatever the statistics say (a batch is at most
    // 1,000 records). Records are locked in key order, so concurrent pushes never deadlock.
    const byKey = [...rows].sort((a, b) =>
      a.source_system === b.source_system ? (a.external_id < b.external_id ? -1 : 1) : a.source_system < b.source_system ? -1 : 1,
    );
    const held = await m.query<{ ord: number; id: string; changed: boolean }[]>(
      `SELECT x.ord, h.id, h.content_hash <> x.content_hash AS changed
         FROM jsonb_to_recordset($2::jsonb) AS ${RECORDSET}
        CROSS JOIN LATERAL (
              SELECT i.id, i.content_hash FROM incidents i
               WHERE i.partnership_id = $1 AND i.source_system = x.source_system AND i.external_id = x.external_id
               FOR UPDATE) h`,
      [partnershipId, JSON.stringify(byKey)],
    );
    const changedIds = held.filter((h) => h.changed).map((h) => h.id);
    if (changedIds.length) {
      await m.query(
        `INSERT INTO incident_revisions (id, partnership_id, incident_id, version, data, superseded_at, created_at, updated_at)
         SELECT ${SQL_UUIDV7}, i.partnership_id, i.id, i.version, ${REVISION_DATA}, $2, $2, $2 FROM incidents i WHERE i.id = ANY($1::uuid[])`,
        [changedIds, now],
      );
    }
    const returned = await m.query<{ id: string; version: number; inserted: boolean; sourceSystem: string; externalId: string }[]>(
      `${insertIncidents(SQL_UUIDV7, 'x', `jsonb_to_recordset($2::jsonb) AS ${RECORDSET}`, '$3')}
       RETURNING id, version, (xmax = 0) AS inserted, source_system AS "sourceSystem", external_id AS "externalId"`,
      [partnershipId, input, now],
    );
    const ordOf = new Map(values.map((value, ord) => [`${value.sourceSystem}\u0000${value.externalId}`, { ord, value }]));
    const written = returned.map((r) => ({ ...r, ...ordOf.get(`${r.sourceSystem}\u0000${r.externalId}`)! }));
    if (written.length) {
      await m.query('DELETE FROM incident_subjects WHERE incident_id = ANY($1::uuid[])', [changedIds]);
      const subjects = written.flatMap((w) =>
        w.value.subjects.map((s) => ({ incident_id: w.id, role: s.role, subject_hash: s.hash, occurred_on: w.value.occurredOn })),
      );
      if (subjects.length) {
        await m.query(
          `INSERT INTO incident_subjects (incident_id, role, subject_hash, partnership_id, occurred_on)
           SELECT DISTINCT x.incident_id, x.role, x.subject_hash, $1::uuid, x.occurred_on
             FROM jsonb_to_recordset($2::jsonb) AS x(incident_id uuid, role text, subject_hash text, occurred_on date)`,
          [partnershipId, JSON.stringify(subjects)],
        );
      }
    }
    const byOrd = new Map(written.map((w) => [w.ord, w]));
    const heldByOrd = new Map(held.map((h) => [h.ord, h]));
    return values.map(({ sourceSystem, externalId }, ord) => {
      const w = byOrd.get(ord);
      if (w) return { id: w.id, sourceSystem, externalId, result: w.inserted ? 'created' : 'updated', version: w.version };
      return { id: heldByOrd.get(ord)!.id, sourceSystem, externalId, result: 'unchanged', version: -1 };
    });
  }

  async find(partnershipId: string, id: string): Promise<IncidentRow | null> {
    const [row] = await this.tx.manager.query<IncidentRow[]>(`SELECT ${COLUMNS} FROM incidents i WHERE i.partnership_id = $1 AND i.id = $2`, [
      partnershipId,
      id,
    ]);
    return row ?? null;
  }

  async findMany(partnershipId: string, ids: string[]): Promise<IncidentRow[]> {
    return this.tx.manager.query<IncidentRow[]>(`SELECT ${COLUMNS} FROM incidents i WHERE i.partnership_id = $1 AND i.id = ANY($2::uuid[])`, [
      partnershipId,
      ids,
    ]);
  }

  async revisions(incidentId: string): Promise<RevisionRow[]> {
    return this.tx.manager.query<RevisionRow[]>(
      `SELECT version, superseded_at AS "supersededAt", data FROM incident_revisions WHERE incident_id = $1 ORDER BY version`,
      [incidentId],
    );
  }

  /** Newest first, keyset on (created_at, id). */
  async list(partnershipId: string, f: IncidentFilter): Promise<IncidentRow[]> {
    const where = ['i.partnership_id = $1'];
    const params: unknown[] = [partnershipId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.category) add('i.category = ?', f.category);
    if (f.sourceSystem) add('i.source_system = ?', f.sourceSystem);
    if (f.lsoaCode) add('i.lsoa_code = ?', f.lsoaCode);
    if (f.wardCode) add('i.ward_code = ?', f.wardCode);
    if (f.from) add('i.occurred_on >= ?::date', f.from);
    if (f.to) add('i.occurred_on <= ?::date', f.to);
    if (f.nominationId) add('i.id IN (SELECT n.incident_id FROM nomination_incidents n WHERE n.nomination_id = ?::uuid)', f.nominationId);
    const order = newestCreatedFirst('i', f, where, params);
    return this.tx.manager.query<IncidentRow[]>(`SELECT ${COLUMNS} FROM incidents i WHERE ${where.join(' AND ')} ${order}`, params);
  }
}
