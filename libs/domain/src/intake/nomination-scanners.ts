import { SQL_UUIDV7 } from '../shared/sql';
import { DEFAULT_INTAKE_SETTINGS as D, type ScannedNominationKind } from './intake.constants';

/**
 * A repeat scanner: ONE set-based SELECT across every partnership, run as
 * the worker role, returning what is due now:
 *
 *   partnership_id, cause_key, window_start, window_end, title, category,
 *   location jsonb, incident_ids uuid[], data jsonb
 *
 * `$1` is today's London date. The scan (nominationScanSql) inserts one
 * nomination per row that is not held yet, with its evidence and its
 * `nomination.created` event, in one statement; `uq_nominations_cause`
 * (partnership, kind, cause, window start) holds it to once per cause and
 * window. The repeat kinds count only incidents that are not yet evidence
 * of a nomination of the kind, so a cause is nominated again only when
 * enough new incidents arrive in a later window. Each names the indexes
 * that serve it (a test checks EXPLAIN shows them), so a scan reads the
 * window, not the history.
 */
export interface NominationScannerDefinition {
  kind: ScannedNominationKind;
  sql: string;
  index: readonly string[];
  description: string;
}

/** Each partnership's settings, with the defaults where none are set. */
const settings = (columns: string) => `
  SELECT p.id AS partnership_id, ${columns}
    FROM partnerships p LEFT JOIN intake_settings x ON x.partnership_id = p.id`;

/**
 * Ends each scanner's LATERAL read of one partnership's window: OFFSET 0
 * keeps it a subquery run once per partnership, an index range read from
 * the window's start, where the planner could otherwise fold it into one
 * hash join over the whole table (its choice when the statistics are small).
 */
const ONE_PARTNERSHIP = 'OFFSET 0';

/** The first day of the month the window starts in: the lower bound every scan reads its index from. */
const monthFrom = (monthsColumn: string, fallback: number) =>
  `date_trunc('month', $1::date - make_interval(months => coalesce(x.${monthsColumn}, ${fallback})))::date AS month_from`;

/** Incidents not yet evidence of a nomination of `kind`. */
const notYetEvidence = (kind: string, alias: string) =>
  `NOT EXISTS (SELECT 1 FROM nomination_incidents ni JOIN nominations n ON n.id = ni.nomination_id AND n.kind = '${kind}' WHERE ni.incident_id = ${alias}.id)`;

/**
 * Whether an incident falls in the rolling window starting `w.window_from`:
 * by date for incidents with an instant, by month for months-only ones (a
 * month counts when it overlaps the window).
 */
const inWindow = (alias: string) => `${alias}.occurred_on >= CASE WHEN ${alias}.month_only THEN w.month_from ELSE w.window_from END`;

const byCategory = (column: string) =>
  `(SELECT jsonb_object_agg(c, n) FROM (SELECT c, count(*) AS n FROM unnest(array_agg(${column})) c GROUP BY c) per_category)`;

/** Great-circle distance in metres between two points (haversine, mean Earth radius). */
const haversine = (lat1: string, lng1: string, lat2: string, lng2: string) =>
  `(2 * 6371008.8 * asin(sqrt(power(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lng2} - ${lng1}) / 2), 2))))`;

/**
 * Repeat locations. A location is, for an incident with coordinates, every
 * incident within the partnership's `repeatLocationMetres` (default 50 m;
 * PostGIS is not assumed), and for one without (or with the distance set
 * to 0), its LSOA plus its label.
 *
 * By distance, set-based and proportional to the window: the window's
 * incidents are grouped by point; each point is snapped to a grid cell of
 * the distance's size (x from the longitude at cos 60 degrees, so a cell is
 * at least the distance wide below 60 degrees of latitude) and compared by
 * haversine with the points of its own and the eight cells around it (a
 * hash join, no scan of pairs). A point whose neighbourhood holds the
 * threshold and no neighbour with a larger one (ties: the larger latitude,
 * longitude) anchors a location; every point near an anchor counts towards
 * its nearest anchor, so an incident is in one location only. The cause is
 * the anchor's point, rounded to 6 decimals. Both kinds of location are
 * read from the window of ix_incidents_partnership_occurred (partnership,
 * date), the index every windowed read of incidents shares.
 */
export const repeatLocationScanner: NominationScannerDefinition = {
  kind: 'repeat_location',
  index: ['ix_incidents_partnership_occurred'],
  description: `${D.repeatLocationThreshold} or more incidents at one location (within ${D.repeatLocationMetres} m, else LSOA + label) in a rolling ${D.repeatLocationMonths} months (partnership settings)`,
  sql: `
  WITH w AS (${settings(`coalesce(x.repeat_location_threshold, ${D.repeatLocationThreshold}) AS threshold,
       coalesce(x.repeat_location_months, ${D.repeatLocationMonths}) AS months,
       coalesce(x.repeat_location_metres, ${D.repeatLocationMetres}) AS metres,
       ($1::date - make_interval(months => coalesce(x.repeat_location_months, ${D.repeatLocationMonths})))::date AS window_from,
       ${monthFrom('repeat_location_months', D.repeatLocationMonths)}`)}),
  labelled AS (
    SELECT i.partnership_id, i.location_key AS cause_key, i.id, i.occurred_on, i.category, i.lsoa_code, i.ward_code, i.location_label, i.lat, i.lng,
           w.threshold, w.months, NULL::int AS metres
      FROM w CROSS JOIN LATERAL (
             SELECT * FROM incidents i
              WHERE i.partnership_id = w.partnership_id AND i.occurred_on >= w.month_from AND i.location_key IS NOT NULL ${ONE_PARTNERSHIP}) i
     WHERE (i.lat IS NULL OR w.metres = 0) AND ${inWindow('i')} AND ${notYetEvidence('repeat_location', 'i')}
  ),
  placed AS MATERIALIZED (
    SELECT i.partnership_id, i.id, i.occurred_on, i.category, i.lsoa_code, i.ward_code, i.location_label, i.lat, i.lng, w.threshold, w.months, w.metres
      FROM w CROSS JOIN LATERAL (
             SELECT * FROM incidents i
              WHERE i.partnership_id = w.partnership_id AND i.occurred_on >= w.month_from AND i.lat IS NOT NULL ${ONE_PARTNERSHIP}) i
     WHERE w.metres > 0 AND ${inWindow('i')} AND ${notYetEvidence('repeat_location', 'i')}
  ),
  points AS MATERIALIZED (
    SELECT partnership_id, lat, lng, count(*) AS n, min(threshold) AS threshold, min(metres) AS metres,
           floor(lat * 111320 / min(metres))::bigint AS cy, floor(lng * 55660 / min(metres))::bigint AS cx
      FROM placed GROUP BY partnership_id, lat, lng
  ),
  near AS MATERIALIZED (
    SELECT a.partnership_id, a.lat, a.lng, b.lat AS b_lat, b.lng AS b_lng, b.n AS b_n, ${haversine('a.lat', 'a.lng', 'b.lat', 'b.lng')} AS apart
      FROM points a
     CROSS JOIN (VALUES (-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 0), (0, 1), (1, -1), (1, 0), (1, 1)) AS o(dy, dx)
      JOIN points b ON b.partnership_id = a.partnership_id AND b.cy = a.cy + o.dy AND b.cx = a.cx + o.dx
     WHERE ${haversine('a.lat', 'a.lng', 'b.lat', 'b.lng')} <= a.metres
  ),
  scored AS MATERIALIZED (
    SELECT n.partnership_id, n.lat, n.lng, sum(n.b_n) AS score FROM near n GROUP BY n.partnership_id, n.lat, n.lng
  ),
  anchors AS (
    SELECT s.partnership_id, s.lat, s.lng
      FROM scored s JOIN points p ON p.partnership_id = s.partnership_id AND p.lat = s.lat AND p.lng = s.lng
     WHERE s.score >= p.threshold
       AND NOT EXISTS (
             SELECT 1 FROM near n JOIN scored t ON t.partnership_id = n.partnership_id AND t.lat = n.b_lat AND t.lng = n.b_lng
              WHERE n.partnership_id = s.partnership_id AND n.lat = s.lat AND n.lng = s.lng AND (t.score, t.lat, t.lng) > (s.score, s.lat, s.lng))
  ),
  assigned AS (
    SELECT DISTINCT ON (n.partnership_id, n.b_lat, n.b_lng) n.partnership_id, n.lat, n.lng, n.b_lat, n.b_lng
      FROM near n JOIN anchors a ON a.partnership_id = n.partnership_id AND a.lat = n.lat AND a.lng = n.lng
     ORDER BY n.partnership_id, n.b_lat, n.b_lng, n.apart, n.lat DESC, n.lng DESC
  ),
  c AS (
    SELECT * FROM labelled
    UNION ALL
    SELECT pl.partnership_id, 'near|' || round(s.lat::numeric, 6) || ',' || round(s.lng::numeric, 6), pl.id, pl.occurred_on, pl.category, pl.lsoa_code, pl.ward_code,
           pl.location_label, pl.lat, pl.lng, pl.threshold, pl.months, pl.metres
      FROM placed pl JOIN assigned s ON s.partnership_id = pl.partnership_id AND s.b_lat = pl.lat AND s.b_lng = pl.lng
  )
  SELECT partnership_id, cause_key, min(occurred_on) AS window_start, max(occurred_on) AS window_end,
         left('Repeat location: ' || coalesce((array_agg(location_label ORDER BY occurred_on DESC, id DESC) FILTER (WHERE location_label IS NOT NULL))[1],
              'within ' || min(metres) || ' m of ' || round(avg(lat)::numeric, 5) || ', ' || round(avg(lng)::numeric, 5)), 200) AS title,
         mode() WITHIN GROUP (ORDER BY category) AS category,
         jsonb_build_object('lsoaCode', max(lsoa_code), 'wardCode', max(ward_code),
                            'label', (array_agg(location_label ORDER BY occurred_on DESC, id DESC) FILTER (WHERE location_label IS NOT NULL))[1],
                            'lat', round(avg(lat)::numeric, 5), 'lng', round(avg(lng)::numeric, 5)) AS location,
         array_agg(id ORDER BY occurred_on, id) AS incident_ids,
         jsonb_strip_nulls(jsonb_build_object('threshold', min(threshold), 'windowMonths', min(months), 'withinMetres', min(metres), 'byCategory', ${byCategory('category')})) AS data
    FROM c GROUP BY partnership_id, cause_key HAVING count(*) >= min(threshold)`,
};

function repeatSubjectScanner(
  kind: 'repeat_victim' | 'repeat_offender',
  role: 'victim' | 'offender',
  thresholdColumn: string,
  threshold: number,
): NominationScannerDefinition {
  return {
    kind,
    index: ['ix_incident_subjects_scan'],
    description: `${threshold} or more incidents with the same ${role} in a rolling ${D.repeatSubjectMonths} months (the ASB case review threshold, ASB, Crime and Policing Act 2014, s.104)`,
    sql: `
  WITH w AS (${settings(`coalesce(x.${thresholdColumn}, ${threshold}) AS threshold,
       coalesce(x.repeat_subject_months, ${D.repeatSubjectMonths}) AS months,
       ($1::date - make_interval(months => coalesce(x.repeat_subject_months, ${D.repeatSubjectMonths})))::date AS window_from,
       ${monthFrom('repeat_subject_months', D.repeatSubjectMonths)}`)}),
  c AS (
    SELECT s.partnership_id, s.subject_hash, i.id, i.occurred_on, i.category, i.lsoa_code, i.ward_code, i.location_label, i.lat, i.lng, w.threshold, w.months
      FROM w CROSS JOIN LATERAL (
             SELECT * FROM incident_subjects s
              WHERE s.role = '${role}' AND s.partnership_id = w.partnership_id AND s.occurred_on >= w.month_from ${ONE_PARTNERSHIP}) s
      -- Each subject row's incident by its key (OFFSET 0: never one hash join over every incident ever held).
      CROSS JOIN LATERAL (SELECT * FROM incidents i WHERE i.id = s.incident_id OFFSET 0) i
     WHERE ${inWindow('i')} AND ${notYetEvidence(kind, 'i')}
  )
  SELECT partnership_id, subject_hash AS cause_key, min(occurred_on) AS window_start, max(occurred_on) AS window_end,
         'Repeat ${role}: ' || count(*) || ' incidents in ' || min(months) || ' months' AS title,
         mode() WITHIN GROUP (ORDER BY category) AS category,
         CASE WHEN count(location_label) > 0 THEN jsonb_build_object('lsoaCode', (array_agg(lsoa_code ORDER BY occurred_on DESC, id DESC) FILTER (WHERE location_label IS NOT NULL))[1],
                'wardCode', (array_agg(ward_code ORDER BY occurred_on DESC, id DESC) FILTER (WHERE location_label IS NOT NULL))[1],
                'label', (array_agg(location_label ORDER BY occurred_on DESC, id DESC) FILTER (WHERE location_label IS NOT NULL))[1]) END AS location,
         array_agg(id ORDER BY occurred_on, id) AS incident_ids,
         jsonb_build_object('threshold', min(threshold), 'windowMonths', min(months), 'byCategory', ${byCategory('category')}) AS data
    FROM c GROUP BY partnership_id, subject_hash HAVING count(*) >= min(threshold)`,
  };
}

export const repeatVictimScanner = repeatSubjectScanner('repeat_victim', 'victim', 'repeat_victim_threshold', D.repeatVictimThreshold);
export const repeatOffenderScanner = repeatSubjectScanner('repeat_offender', 'offender', 'repeat_offender_threshold', D.repeatOffenderThreshold);

/**
 * An LSOA and category whose last complete month stands out from its own
 * previous months: Wheeler's Poisson score 2(sqrt(current) - sqrt(mean))
 * at or above the partnership's setting (default 3), where mean is the
 * monthly mean of the baseline months (default 12). One per LSOA, category
 * and month. The months are read as dates from the window of
 * ix_incidents_partnership_occurred (an incident's month is the month of its
 * date, so the two bounds select the same rows).
 */
export const exceptionScanner: NominationScannerDefinition = {
  kind: 'exception',
  index: ['ix_incidents_partnership_occurred'],
  description: `An LSOA and category whose last month scores ${D.exceptionScore} or more on Wheeler's Poisson test against its previous ${D.exceptionBaselineMonths} months`,
  sql: `
  WITH w AS (${settings(`coalesce(x.exception_score, ${D.exceptionScore}) AS score,
       coalesce(x.exception_baseline_months, ${D.exceptionBaselineMonths}) AS months,
       (date_trunc('month', $1::date) - interval '1 month')::date AS month,
       date_trunc('month', $1::date)::date AS month_to,
       (date_trunc('month', $1::date) - interval '1 month' - make_interval(months => coalesce(x.exception_baseline_months, ${D.exceptionBaselineMonths})))::date AS month_from`)}),
  c AS (
    SELECT i.partnership_id, i.lsoa_code, i.category, min(w.month) AS month, min(w.months) AS months, min(w.score) AS score,
           count(*) FILTER (WHERE i.occurred_month = w.month) AS current,
           count(*) FILTER (WHERE i.occurred_month < w.month) AS baseline,
           array_agg(i.id ORDER BY i.occurred_on, i.id) FILTER (WHERE i.occurred_month = w.month) AS incident_ids,
           max(i.ward_code) AS ward_code
      FROM w CROSS JOIN LATERAL (
             SELECT * FROM incidents i
              WHERE i.partnership_id = w.partnership_id AND i.occurred_on >= w.month_from AND i.occurred_on < w.month_to
                AND i.occurred_month >= w.month_from AND i.occurred_month <= w.month AND i.lsoa_code IS NOT NULL ${ONE_PARTNERSHIP}) i
     GROUP BY i.partnership_id, i.lsoa_code, i.category
  )
  SELECT partnership_id, lsoa_code || '|' || category AS cause_key, month AS window_start, (month + interval '1 month' - interval '1 day')::date AS window_end,
         'Exception: ' || category || ' in ' || lsoa_code || ', ' || to_char(month, 'YYYY-MM') AS title, category,
         jsonb_build_object('lsoaCode', lsoa_code, 'wardCode', ward_code, 'label', lsoa_code) AS location, incident_ids,
         jsonb_build_object('current', current, 'baselineMonths', months, 'baselineMean', round(baseline::numeric / months, 3),
                            'score', round((2 * (sqrt(current) - sqrt(baseline::float8 / months)))::numeric, 3), 'threshold', score) AS data
    FROM c
   WHERE current > 0 AND 2 * (sqrt(current) - sqrt(baseline::float8 / months)) >= score`,
};

/** Every repeat scanner, by kind. */
export const NOMINATION_SCANNERS: readonly NominationScannerDefinition[] = [
  repeatLocationScanner,
  repeatVictimScanner,
  repeatOffenderScanner,
  exceptionScanner,
];

/**
 * One scan of one kind in ONE statement: the scanner's rows (one snapshot)
 * become nominations where none is held for the cause and window, each with
 * its evidence and its `nomination.created` event.
 * $1 today, $2 kind, $3 now.
 */
export function nominationScanSql(scannerSql: string): string {
  return `
  WITH due AS MATERIALIZED (SELECT * FROM (${scannerSql}) s WHERE $2::text IS NOT NULL),
  inserted AS (
    INSERT INTO nominations (id, partnership_id, kind, state, cause_key, window_start, window_end, title, category, location, evidence_count, data, created_at, updated_at)
    SELECT ${SQL_UUIDV7}, d.partnership_id, $2::text, 'open', d.cause_key, d.window_start, d.window_end, d.title, d.category, d.location,
           cardinality(d.incident_ids), d.data, $3::timestamptz, $3::timestamptz
      FROM due d ORDER BY d.partnership_id, d.cause_key
    ON CONFLICT (partnership_id, kind, cause_key, window_start) DO NOTHING
    RETURNING id, partnership_id, kind, cause_key, window_start, evidence_count, category
  ),
  evidence AS (
    INSERT INTO nomination_incidents (nomination_id, incident_id, partnership_id)
    SELECT n.id, e.incident_id, n.partnership_id
      FROM inserted n JOIN due d ON d.partnership_id = n.partnership_id AND d.cause_key = n.cause_key AND d.window_start = n.window_start
     CROSS JOIN LATERAL unnest(d.incident_ids) AS e(incident_id)
  ),
  events AS (
    INSERT INTO outbox_events (id, partnership_id, type, subject_type, subject_id, data, occurred_at, request_id)
    SELECT ${SQL_UUIDV7}, n.partnership_id, 'nomination.created', 'nomination', n.id,
           jsonb_build_object('nominationId', n.id, 'kind', n.kind, 'state', 'open', 'category', n.category, 'evidenceCount', n.evidence_count,
                              'link', '/api/v1/partnerships/' || n.partnership_id || '/nominations/' || n.id),
           $3::timestamptz, NULL
      FROM inserted n
  )
  SELECT (SELECT count(*) FROM due)::int AS due, (SELECT count(*) FROM inserted)::int AS raised`;
}
