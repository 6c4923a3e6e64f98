import { Queue } from 'bullmq';
import { Client } from 'pg';
import { QUEUES, redisConnectionOptions } from '@app/queue';
import { entryOf, firstOf, type TestEnvironment } from '@app/testing';
import { waitUntil } from './wait';

/** Waits until the workers' first scans (queued by the schedulers at start) are done, so they never run into arranged data. */
export async function firstScansDone(t: TestEnvironment): Promise<void> {
  const queue = new Queue(QUEUES.flags, { connection: redisConnectionOptions(t.config, 'producer'), prefix: t.config.redis.prefix });
  try {
    await waitUntil(async () => {
      const counts = await queue.getJobCounts('wait', 'active', 'prioritized');
      return entryOf(counts, 'wait') + entryOf(counts, 'active') + entryOf(counts, 'prioritized') === 0;
    }, 'the scheduled first scans');
  } finally {
    await queue.close();
  }
}

export interface FlagRow {
  id: string;
  partnership_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  due_date: string;
  data: Record<string, unknown>;
  resolved_at: Date | null;
  resolution: string | null;
}

/** Every flag (open or resolved) of some subjects, oldest first, as the superuser sees them. */
export function flagsOf(t: TestEnvironment, subjectIds: string[], kind?: string): Promise<FlagRow[]> {
  return t.db.query<FlagRow>(
    `SELECT id, partnership_id, kind, subject_type, subject_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, data, resolved_at, resolution
       FROM flags WHERE subject_id = ANY($1::uuid[]) AND ($2::text IS NULL OR kind = $2) ORDER BY raised_at, id`,
    [subjectIds, kind ?? null],
  );
}

/** The outbox events written about flags, by type, with the request that wrote them. */
export function flagEvents(
  t: TestEnvironment,
  flagIds: string[],
  type?: string,
): Promise<{ type: string; subject_id: string; request_id: string | null; data: Record<string, unknown> }[]> {
  return t.db.query(
    `SELECT type, subject_id, request_id, data FROM outbox_events WHERE subject_type = 'flag' AND subject_id = ANY($1::uuid[]) AND ($2::text IS NULL OR type = $2) ORDER BY occurred_at, id`,
    [flagIds, type ?? null],
  );
}

/**
 * Holds the write lock of `flags` from a connection of the test's own: every
 * scan then blocks inside its statement, its transaction open, until
 * `release()` (so scans started apart are made to overlap, or a worker can
 * be killed mid-scan).
 */
export async function lockFlags(t: TestEnvironment): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: t.db.adminUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE flags IN EXCLUSIVE MODE');
  return {
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Scan statements (of any process of this test's database) waiting for a lock. */
export async function blockedScans(t: TestEnvironment, like = '%WITH due AS%'): Promise<number> {
  const row = firstOf(
    await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name LIKE 'csp-%scan' AND wait_event_type = 'Lock' AND query LIKE $1`,
      [like],
    ),
  );
  return row.n;
}

/** Scan statements still running (e.g. the one a killed worker left behind). */
export async function liveScans(t: TestEnvironment): Promise<number> {
  const row = firstOf(
    await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name LIKE 'csp-%scan' AND query LIKE '%WITH due AS%' AND state <> 'idle'`,
    ),
  );
  return row.n;
}

/**
 * Runs `scans` (each a scan started in a separate worker) so that they truly
 * overlap: flags are locked until all of them wait inside their statement.
 */
export async function scanAtOnce<T>(t: TestEnvironment, scans: (() => Promise<T>)[]): Promise<T[]> {
  const lock = await lockFlags(t);
  let results: Promise<T[]>;
  try {
    const before = await blockedScans(t);
    results = Promise.all(scans.map((scan) => scan()));
    results.catch(() => undefined);
    await waitUntil(async () => (await blockedScans(t)) >= before + scans.length, `${scans.length} scans blocked inside their statement`, 20_000, 20);
  } finally {
    await lock.release();
  }
  return results;
}

export interface BackgroundCounts {
  /** Superseded (and some draft) assessments, spread over the partnerships. */
  assessments?: number;
  /** Problems that are not due: evaluated, planned later, or without a planned date. */
  problems?: number;
  /** Superseded control strategy versions. */
  strategies?: number;
}

/**
 * Fills the scanned tables with rows none of the scanners should read (as
 * a superuser, set-based), so the planner sees realistic tables: history
 * (superseded or draft assessments, superseded strategy versions) and
 * problems that are evaluated, planned for later than `horizon`, or not
 * planned. Approved assessments are added, due after `horizon`, in the
 * partnerships that have none. Nothing here is ever flagged while the clock
 * stays before `horizon`. Tables are analysed afterwards.
 */
export async function insertScannerBackground(t: TestEnvironment, counts: BackgroundCounts = {}, horizon = '2027-01-01'): Promise<void> {
  const assessments = counts.assessments ?? 2_000;
  const problems = counts.problems ?? 6_000;
  const strategies = counts.strategies ?? 2_000;
  const pids = (await t.db.query<{ id: string }>('SELECT id FROM partnerships ORDER BY code')).map((r) => r.id);
  const n = pids.length;
  const pestelo = JSON.stringify({
    political: null,
    economic: null,
    social: null,
    technological: null,
    environmental: null,
    legal: null,
    organisational: null,
  });

  // History: one draft in ten, the rest superseded (no review cycle: next_review_due null).
  await t.db.query(
    `INSERT INTO strategic_assessments (id, partnership_id, title, period_start, period_end, status, pestelo, approved_at, approved_by, superseded_at, superseded_by_id)
     SELECT gen_random_uuid(), ($1::uuid[])[1 + i % $2], 'Earlier assessment ' || i, DATE '2015-04-01', DATE '2016-03-31',
            CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'superseded' END, $3::jsonb,
            CASE WHEN i % 10 = 0 THEN NULL ELSE TIMESTAMPTZ '2015-04-01' + i * INTERVAL '1 hour' END,
            CASE WHEN i % 10 = 0 THEN NULL ELSE gen_random_uuid() END,
            CASE WHEN i % 10 = 0 THEN NULL ELSE TIMESTAMPTZ '2016-04-01' + i * INTERVAL '1 hour' END,
            CASE WHEN i % 10 = 0 THEN NULL ELSE gen_random_uuid() END
       FROM generate_series(1, $4::int) AS i`,
    [pids, n, pestelo, assessments],
  );
  // The approved assessment of each partnership that has none: reviews due well after the horizon.
  await t.db.query(
    `INSERT INTO strategic_assessments (id, partnership_id, title, period_start, period_end, status, pestelo, approved_at, approved_by, review_anchor_date, next_review_due)
     SELECT gen_random_uuid(), p.id, 'Current assessment', DATE '2026-04-01', DATE '2027-03-31', 'approved', $2::jsonb,
            now(), gen_random_uuid(), $1::date, $1::date + 30 + (row_number() OVER (ORDER BY p.id))::int * 7
       FROM partnerships p
      WHERE NOT EXISTS (SELECT 1 FROM strategic_assessments a WHERE a.partnership_id = p.id AND a.status = 'approved')`,
    [horizon, pestelo],
  );
  // Superseded control strategy versions, each on a superseded assessment of its partnership.
  await t.db.query(
    `WITH history AS (
       SELECT a.id, a.partnership_id, row_number() OVER (PARTITION BY a.partnership_id ORDER BY a.id) AS k, count(*) OVER (PARTITION BY a.partnership_id) AS m
         FROM strategic_assessments a WHERE a.status = 'superseded'
     ), versions AS (
       SELECT ($1::uuid[])[1 + i % $2] AS partnership_id, i FROM generate_series(1, $3::int) AS i
     ), numbered AS (
       SELECT v.partnership_id, v.i, row_number() OVER (PARTITION BY v.partnership_id ORDER BY v.i) AS version_number,
              (SELECT coalesce(max(s.version_number), 0) FROM control_strategies s WHERE s.partnership_id = v.partnership_id) AS base
         FROM versions v
     )
     INSERT INTO control_strategies (id, partnership_id, version_number, strategic_assessment_id, status, published_at, published_by, superseded_at, superseded_by_id)
     SELECT gen_random_uuid(), nb.partnership_id, nb.base + nb.version_number, h.id, 'superseded',
            TIMESTAMPTZ '2016-01-01' + nb.i * INTERVAL '1 hour', gen_random_uuid(), TIMESTAMPTZ '2016-02-01' + nb.i * INTERVAL '1 hour', gen_random_uuid()
       FROM numbered nb
       JOIN history h ON h.partnership_id = nb.partnership_id AND h.k = 1 + (nb.i % h.m)`,
    [pids, n, strategies],
  );
  // Problems not due: a third closed with an evaluation, a third planned after the horizon, a third not planned.
  // Numbers from 1,000,000 up, clear of the references the API hands out.
  await t.db.query(
    `INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, stage, stage_changed_at, planned_assessment_date, evaluated_at)
     SELECT gen_random_uuid(), p.id, 1000000 + i, p.reference_prefix || '-P-' || (1000000 + i), 'Background problem ' || i, 'Not due',
            'anti-social-behaviour', 'monitoring',
            CASE i % 3 WHEN 0 THEN 'closed' WHEN 1 THEN 'response' ELSE 'analysis' END,
            TIMESTAMPTZ '2025-01-01' + i * INTERVAL '1 minute',
            CASE i % 3 WHEN 0 THEN DATE '2025-06-01' WHEN 1 THEN $3::date + i % 365 ELSE NULL END,
            CASE WHEN i % 3 = 0 THEN TIMESTAMPTZ '2025-06-02' END
       FROM generate_series(1, $4::int) AS i
       JOIN partnerships p ON p.id = ($1::uuid[])[1 + i % $2]`,
    [pids, n, horizon, problems],
  );
  await t.db.query('ANALYZE strategic_assessments');
  await t.db.query('ANALYZE control_strategies');
  await t.db.query('ANALYZE problems');
}
