import { SQL_UUIDV7 } from '../shared/sql';

/**
 * The statements behind raising and resolving flags. Each writes the flags
 * and their outbox events in ONE statement (data-modifying CTEs), so an
 * event exists exactly for each flag actually raised or resolved.
 */

const FLAG_COLUMNS = `id, partnership_id AS "partnershipId", kind, subject_type AS "subjectType", subject_id AS "subjectId",
  to_char(due_date, 'YYYY-MM-DD') AS "dueDate", data, raised_at AS "raisedAt", resolved_at AS "resolvedAt", resolution,
  acknowledged_at AS "acknowledgedAt", acknowledged_by_type AS "acknowledgedByType", acknowledged_by_id AS "acknowledgedById",
  version, created_at AS "createdAt", updated_at AS "updatedAt"`;
export const FLAG_SELECT = FLAG_COLUMNS;

/** The thin payload of flag.raised / flag.resolved: ids, kind, dates. */
const eventData = (alias: string) =>
  `jsonb_build_object('flagId', ${alias}.id, 'kind', ${alias}.kind, 'subjectType', ${alias}.subject_type, 'subjectId', ${alias}.subject_id,
     'dueDate', to_char(${alias}.due_date, 'YYYY-MM-DD')) || ${alias}.data`;

const raisedEvents = (alias: string, now: string, requestId: string) =>
  `SELECT ${SQL_UUIDV7}, ${alias}.partnership_id, 'flag.raised', 'flag', ${alias}.id, ${eventData(alias)}, ${now}, ${requestId} FROM ${alias}`;
const resolvedEvents = (alias: string, now: string, requestId: string) =>
  `SELECT ${SQL_UUIDV7}, ${alias}.partnership_id, 'flag.resolved', 'flag', ${alias}.id,
     ${eventData(alias)} || jsonb_build_object('resolution', ${alias}.resolution), ${now}, ${requestId} FROM ${alias}`;

const OUTBOX_INSERT = 'INSERT INTO outbox_events (id, partnership_id, type, subject_type, subject_id, data, occurred_at, request_id)';

/**
 * Inserts the flags of `candidates` (a CTE yielding partnership_id, kind,
 * subject_type, subject_id, due_date, data) that have no open flag yet:
 * those already flagged are left out before the insert (a steady re-scan
 * mostly finds its causes flagged), and `ON CONFLICT DO NOTHING` on the
 * open-cause key makes a concurrent raise a no-op; only inserted rows get a
 * flag.raised event. A cause whose earlier flag was resolved gets a new one.
 */
function raisedCte(candidates: string, now: string): string {
  return `raised AS (
    INSERT INTO flags (id, partnership_id, kind, subject_type, subject_id, due_date, data, raised_at, created_at, updated_at)
    SELECT ${SQL_UUIDV7}, c.partnership_id, c.kind, c.subject_type, c.subject_id, c.due_date, c.data, ${now}, ${now}, ${now}
      FROM (SELECT DISTINCT ON (partnership_id, kind, subject_id, due_date) * FROM ${candidates}
             ORDER BY partnership_id, kind, subject_id, due_date) c
     WHERE NOT EXISTS (
       SELECT 1 FROM flags o
        WHERE o.kind = c.kind AND o.partnership_id = c.partnership_id AND o.subject_id = c.subject_id AND o.due_date = c.due_date
          AND o.resolved_at IS NULL)
     ORDER BY c.partnership_id, c.kind, c.subject_id, c.due_date
    ON CONFLICT (kind, partnership_id, subject_id, due_date) WHERE resolved_at IS NULL DO NOTHING
    RETURNING *
  )`;
}

/**
 * Raise from a JSON array of { partnership_id, kind, subject_type, subject_id, due_date, data }.
 * $1 the array, $2 now, $3 request id.
 */
export const RAISE_SQL = `
  WITH candidates AS (
    SELECT partnership_id, kind, subject_type, subject_id, due_date, COALESCE(data, '{}'::jsonb) AS data
      FROM jsonb_to_recordset($1::jsonb) AS x(partnership_id uuid, kind text, subject_type text, subject_id uuid, due_date date, data jsonb)
  ),
  ${raisedCte('candidates', '$2::timestamptz')},
  events AS (${OUTBOX_INSERT} ${raisedEvents('raised', '$2::timestamptz', '$3::text')})
  SELECT ${FLAG_COLUMNS} FROM raised`;

/**
 * Resolve the open flags of some subjects, in the caller's partnership.
 * $1 partnership, $2 subject type, $3 subject ids, $4 kinds (null: all), $5 now, $6 request id.
 */
export const RESOLVE_FOR_SQL = `
  WITH resolved AS (
    UPDATE flags f SET resolved_at = $5::timestamptz, resolution = 'cause_fixed', updated_at = $5::timestamptz, version = f.version + 1
     WHERE f.id IN (
       SELECT id FROM flags
        WHERE partnership_id = $1::uuid AND subject_id = ANY($3::uuid[]) AND subject_type = $2::text AND resolved_at IS NULL
          AND ($4::text[] IS NULL OR kind = ANY($4::text[]))
        ORDER BY id FOR UPDATE)
       AND f.resolved_at IS NULL
    RETURNING f.*
  ),
  events AS (${OUTBOX_INSERT} ${resolvedEvents('resolved', '$5::timestamptz', '$6::text')})
  SELECT ${FLAG_COLUMNS} FROM resolved`;

/**
 * One scan of one kind across every partnership, in ONE statement: the
 * scanner's rows (materialised once, one snapshot) raise what is new and
 * resolve the open flags of the kind that are no longer due.
 * $1 today, $2 now, $3 kind, $4 subject type.
 */
export function scanSql(scannerSql: string): string {
  return `
  WITH due AS MATERIALIZED (
    SELECT s.partnership_id::uuid AS partnership_id, $3::text AS kind, $4::text AS subject_type, s.subject_id::uuid AS subject_id,
           s.due_date::date AS due_date, to_jsonb(s) - 'partnership_id' - 'subject_id' - 'due_date' AS data
      FROM (${scannerSql}) s
     WHERE $1::date IS NOT NULL
  ),
  resolved AS (
    UPDATE flags f SET resolved_at = $2::timestamptz, resolution = 'scan', updated_at = $2::timestamptz, version = f.version + 1
     WHERE f.kind = $3::text AND f.resolved_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM due d WHERE d.partnership_id = f.partnership_id AND d.subject_id = f.subject_id AND d.due_date = f.due_date)
    RETURNING f.*
  ),
  ${raisedCte('due', '$2::timestamptz')},
  events AS (
    ${OUTBOX_INSERT}
    ${raisedEvents('raised', '$2::timestamptz', 'NULL::text')}
    UNION ALL
    ${resolvedEvents('resolved', '$2::timestamptz', 'NULL::text')}
  )
  SELECT (SELECT count(*) FROM due)::int AS due, (SELECT count(*) FROM raised)::int AS raised, (SELECT count(*) FROM resolved)::int AS resolved`;
}
