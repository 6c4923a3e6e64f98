import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import type { EntityManager } from 'typeorm';
import { categoryEntry } from '../intake';
import { COMMUNITY_SOURCES, type Counts } from './figure-definitions';

/** The group an incident category is counted under: the problem category it is accepted into (the catalogue's), else `other`. */
export const incidentGroupOf = (category: string): string => categoryEntry(category)?.problemCategory ?? 'other';

/** A window of calendar dates, inclusive (Europe/London). */
export interface Window {
  start: string;
  end: string;
}

/** The counts of one partnership over one window (`index`: the window's place in the list asked for). */
export interface WindowCounts {
  partnershipId: string;
  index: number;
  counts: Counts;
}

export interface MaterialisedRow {
  partnershipId: string;
  quarterStart: string;
  quarterEnd: string;
  counts: Counts;
  computedAt: Date;
}

/**
 * The windows as a relation: each window's dates and the instants of its
 * first moment and of the moment after it, in Europe/London.
 */
const WINDOWS = `w AS (
  SELECT wi::int AS wi, ws, we, (ws::timestamp AT TIME ZONE 'Europe/London') AS s, ((we + 1)::timestamp AT TIME ZONE 'Europe/London') AS e
    FROM unnest($2::date[], $3::date[]) WITH ORDINALITY AS x(ws, we, wi)
)`;

/** `ws`: the window's index, from 1 (WITH ORDINALITY). */
type Row = { pid: string; ws: number } & Record<string, unknown>;

/**
 * Every query of the accountability context. Each figure's counts come from
 * one grouped, set-based statement over the records (assessments and
 * reviews, control strategies, tasking groups, meetings and actions,
 * problems with their stage history and evaluations), for any number of
 * partnerships and windows at once: the partnership's own view runs them
 * under row-level security for one partnership; the worker's cross-partnership
 * role runs them for every partnership to materialise the quarters.
 */
@Injectable()
export class FiguresRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** How long each statement of the last `counts` took, in ms (the benchmark prints them). */
  lastTimings: Record<string, number> = {};

  /** The raw counts of each partnership over each window (windows that saw nothing are absent). */
  async counts(
    partnershipIds: readonly string[],
    windows: readonly Window[],
    today: string,
    manager: EntityManager = this.tx.manager,
  ): Promise<WindowCounts[]> {
    const params = [partnershipIds, windows.map((w) => w.start), windows.map((w) => w.end), today];
    const out = new Map<string, WindowCounts>();
    const add = (pid: string, ws: number, name: string, n: unknown) => {
      const value = Number(n ?? 0);
      if (!value) return;
      const key = `${pid}|${ws}`;
      let entry = out.get(key);
      if (!entry) out.set(key, (entry = { partnershipId: pid, index: Number(ws) - 1, counts: {} }));
      entry.counts[name] = (entry.counts[name] ?? 0) + value;
    };
    // One after another (each awaited before the next starts): the statements share the transaction's connection.
    const timings: Record<string, number> = (this.lastTimings = {});
    const q = async (name: string, sql: string) => {
      const started = performance.now();
      const highest = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      const rows = await manager.query<Row[]>(sql, params.slice(0, highest));
      timings[name] = Math.round(performance.now() - started);
      return rows;
    };

    // Grouped statements over many rows: JIT compilation would cost more than it saves (as in the scanners).
    await manager.query('SET LOCAL jit = off');
    const [
      reviews,
      priorities,
      meetings,
      actions,
      created,
      closed,
      stages,
      attendance,
      incidents,
      incidentsLastYear,
      population,
      engagements,
      issues,
      intelligence,
    ] = [
      // Review periods: each recorded review closes the period due on its previous_review_due; an
      // approved assessment whose next review is past due and unrecorded is a period still open (late).
      await q(
        'reviews',
        `WITH ${WINDOWS},
         periods AS (
           SELECT r.partnership_id AS pid, r.previous_review_due AS due, (r.reviewed_at AT TIME ZONE 'Europe/London')::date AS done
             FROM assessment_reviews r WHERE r.partnership_id = ANY($1::uuid[])
           UNION ALL
           SELECT a.partnership_id, a.next_review_due, NULL FROM strategic_assessments a
            WHERE a.partnership_id = ANY($1::uuid[]) AND a.status = 'approved' AND a.next_review_due < $4::date
         )
         SELECT p.pid, w.wi AS ws, count(*) AS periods,
                count(*) FILTER (WHERE p.done <= p.due) AS "onTime",
                count(*) FILTER (WHERE p.done IS NULL OR p.done > p.due) AS late,
                COALESCE(sum(COALESCE(p.done, $4::date) - p.due) FILTER (WHERE p.done IS NULL OR p.done > p.due), 0) AS "daysOverdueSum",
                COALESCE(max(COALESCE(p.done, $4::date) - p.due) FILTER (WHERE p.done IS NULL OR p.done > p.due), 0) AS "daysOverdueMax"
           FROM periods p JOIN w ON p.due BETWEEN w.ws AND w.we
          GROUP BY 1, 2`,
      ),
      // The priorities of the strategy version current at each window's end, and whether any problem or
      // action linked to the same assessment priority (in any version) was open during the window.
      await q(
        'priorities',
        `WITH ${WINDOWS},
         cur AS (
           SELECT cs.partnership_id AS pid, w.wi, w.s, w.e, csp.assessment_priority_id AS apid
             FROM w JOIN control_strategies cs ON cs.partnership_id = ANY($1::uuid[]) AND cs.status <> 'draft'
                  AND cs.published_at < w.e AND (cs.superseded_at IS NULL OR cs.superseded_at >= w.e)
             JOIN control_strategy_priorities csp ON csp.control_strategy_id = cs.id
         )
         SELECT cur.pid, cur.wi AS ws, count(*) AS total,
                count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM control_strategy_priorities lp JOIN problems pr ON pr.partnership_id = lp.partnership_id AND pr.control_strategy_priority_id = lp.id
                     WHERE lp.partnership_id = cur.pid AND lp.assessment_priority_id = cur.apid
                       AND pr.created_at < cur.e AND (pr.stage <> 'closed' OR pr.stage_changed_at >= cur.s))
                  OR EXISTS (
                    SELECT 1 FROM control_strategy_priorities lp JOIN actions a ON a.partnership_id = lp.partnership_id AND a.control_strategy_priority_id = lp.id
                     WHERE lp.partnership_id = cur.pid AND lp.assessment_priority_id = cur.apid AND a.status <> 'cancelled'
                       AND a.created_at < cur.e AND (a.completed_at IS NULL OR a.completed_at >= cur.s))) AS active
           FROM cur GROUP BY 1, 2`,
      ),
      // Tactical groups: meetings expected (whole cadence intervals of the window, from the group's
      // creation, up to today) against meetings opened in the window.
      await q(
        'meetings',
        `WITH ${WINDOWS},
         per_group AS (
           SELECT g.partnership_id AS pid, w.wi,
                  GREATEST(0, floor((LEAST(w.we, $4::date) - GREATEST(w.ws, (g.created_at AT TIME ZONE 'Europe/London')::date) + 1)::numeric / g.cadence_days))::int AS expected,
                  (SELECT count(*) FROM meetings m WHERE m.tasking_group_id = g.id AND m.opened_at >= w.s AND m.opened_at < w.e)::int AS held
             FROM tasking_groups g CROSS JOIN w
            WHERE g.partnership_id = ANY($1::uuid[]) AND g.level = 'tactical'
         )
         SELECT pid, wi AS ws, sum(expected) AS expected, sum(LEAST(held, expected)) AS kept, sum(held) AS held
           FROM per_group GROUP BY 1, 2`,
      ),
      // Actions by due date, per owning agency (and so per kind); rolled over: still not done when a
      // later meeting of the same group opened after the due date.
      await q(
        'actions',
        `WITH ${WINDOWS}
         SELECT a.partnership_id AS pid, w.wi AS ws, a.owner_agency_id AS agency, ag.kind,
                count(*) FILTER (WHERE a.status <> 'cancelled') AS due,
                count(*) FILTER (WHERE a.status = 'done' AND (a.completed_at AT TIME ZONE 'Europe/London')::date <= a.due_date) AS "onTime",
                count(*) FILTER (WHERE a.status = 'done' AND (a.completed_at AT TIME ZONE 'Europe/London')::date > a.due_date) AS late,
                count(*) FILTER (WHERE a.status IN ('open', 'in_progress') AND a.due_date < $4::date) AS overdue,
                count(*) FILTER (WHERE a.status <> 'cancelled' AND a.meeting_id IS NOT NULL AND EXISTS (
                    SELECT 1 FROM meetings om JOIN meetings later ON later.tasking_group_id = om.tasking_group_id
                     WHERE om.id = a.meeting_id AND later.opened_at IS NOT NULL
                       AND (later.opened_at AT TIME ZONE 'Europe/London')::date > a.due_date
                       AND (a.completed_at IS NULL OR a.completed_at > later.opened_at))) AS "rolledOver"
           FROM actions a JOIN w ON a.due_date BETWEEN w.ws AND w.we
           JOIN agencies ag ON ag.id = a.owner_agency_id
          WHERE a.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3, 4`,
      ),
      // Problems logged in the window, by source.
      await q(
        'created',
        `WITH ${WINDOWS}
         SELECT p.partnership_id AS pid, w.wi AS ws, p.source, count(*) AS n
           FROM problems p JOIN w ON p.created_at >= w.s AND p.created_at < w.e
          WHERE p.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3`,
      ),
      // Problems closed in the window (and still closed), with their evaluation's result.
      await q(
        'closed',
        `WITH ${WINDOWS}
         SELECT p.partnership_id AS pid, w.wi AS ws, e.impact_result AS result, count(*) AS closed, count(e.problem_id) AS evaluated
           FROM problems p JOIN w ON p.stage = 'closed' AND p.stage_changed_at >= w.s AND p.stage_changed_at < w.e
           LEFT JOIN problem_evaluations e ON e.problem_id = p.id
          WHERE p.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3`,
      ),
      // Problems logged by the window's end, by their stage then. Those whose stage last changed before
      // the end hold it still: counted from one pass grouped by London day of the change (a problem
      // reaches its stage no earlier than it is logged). Those changed after the end (few) take the last
      // stage the history records before it.
      await q(
        'stages',
        `WITH ${WINDOWS},
         by_day AS (
           SELECT p.partnership_id AS pid, p.stage, (p.stage_changed_at AT TIME ZONE 'Europe/London')::date AS day, count(*) AS n
             FROM problems p WHERE p.partnership_id = ANY($1::uuid[]) GROUP BY 1, 2, 3
         )
         SELECT d.pid, w.wi AS ws, d.stage, sum(d.n) AS n
           FROM by_day d JOIN w ON d.day <= w.we
          GROUP BY 1, 2, 3
         UNION ALL
         SELECT p.partnership_id, w.wi,
                COALESCE((SELECT sc.to_stage FROM problem_stage_changes sc
                           WHERE sc.problem_id = p.id AND sc.changed_at < w.e
                           ORDER BY sc.changed_at DESC, sc.id DESC LIMIT 1), 'scanning'),
                count(*)
           FROM problems p JOIN w ON p.stage_changed_at >= w.e AND p.created_at < w.e
          WHERE p.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3`,
      ),
      // Strategic meetings opened in the window: each agency of the group, present or not.
      await q(
        'attendance',
        `WITH ${WINDOWS}
         SELECT m.partnership_id AS pid, w.wi AS ws, count(*) AS rows, count(ma.meeting_id) FILTER (WHERE ma.status = 'present') AS present
           FROM meetings m JOIN w ON m.opened_at >= w.s AND m.opened_at < w.e
           JOIN tasking_groups g ON g.id = m.tasking_group_id AND g.level = 'strategic'
           JOIN tasking_group_agencies ga ON ga.tasking_group_id = g.id
           LEFT JOIN meeting_attendance ma ON ma.meeting_id = m.id AND ma.agency_id = ga.agency_id
          WHERE m.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2`,
      ),
      // Incidents that occurred in the window, by category; repeat: part of a repeat the scanners
      // nominated (its location, or one of its victims, within the nomination's window).
      await q(
        'incidents',
        `WITH ${WINDOWS}
         SELECT i.partnership_id AS pid, w.wi AS ws, i.category, count(*) AS n,
                count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM nominations n
                     WHERE n.partnership_id = i.partnership_id AND n.kind = 'repeat_location' AND n.cause_key = i.location_key
                       AND i.occurred_on BETWEEN n.window_start AND n.window_end)
                  OR EXISTS (
                    SELECT 1 FROM incident_subjects s JOIN nominations n
                        ON n.partnership_id = s.partnership_id AND n.kind = 'repeat_victim' AND n.cause_key = s.subject_hash
                     WHERE s.incident_id = i.id AND s.role = 'victim' AND i.occurred_on BETWEEN n.window_start AND n.window_end)) AS repeat
           FROM incidents i JOIN w ON i.occurred_on BETWEEN w.ws AND w.we
          WHERE i.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3`,
      ),
      // Incidents of the same window a year earlier.
      await q(
        'incidentsLastYear',
        `WITH ${WINDOWS}
         SELECT i.partnership_id AS pid, w.wi AS ws, count(*) AS n
           FROM incidents i JOIN w ON i.occurred_on BETWEEN (w.ws - interval '1 year')::date AND (w.we - interval '1 year')::date
          WHERE i.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2`,
      ),
      // Residents: for each council of the partnership, the latest mid-year estimate of the year the
      // window ends in or before; counted: the councils that have one.
      await q(
        'population',
        `WITH ${WINDOWS}
         SELECT la.partnership_id AS pid, w.wi AS ws, count(*) AS councils, count(p.population) AS counted, COALESCE(sum(p.population), 0) AS residents
           FROM local_authorities la CROSS JOIN w
           LEFT JOIN LATERAL (
             SELECT cp.population FROM council_populations cp
              WHERE cp.code = la.code AND cp.year <= extract(year FROM w.we)
              ORDER BY cp.year DESC LIMIT 1) p ON true
          WHERE la.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2`,
      ),
      // Engagements held in the window, per area (an engagement covering two areas counts in each) and in all.
      await q(
        'engagements',
        `WITH ${WINDOWS}
         SELECT e.partnership_id AS pid, w.wi AS ws, a.code AS area, count(*) AS n, (a.ord = 1) AS first
           FROM engagements e JOIN w ON e.held_on BETWEEN w.ws AND w.we
           CROSS JOIN LATERAL unnest(e.area_codes) WITH ORDINALITY AS a(code, ord)
          WHERE e.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3, 5`,
      ),
      // Issues raised at engagements in the window, and the days from the engagement to the answer
      // (London dates) of those answered, as a histogram (a median over several quarters needs it).
      await q(
        'issues',
        `WITH ${WINDOWS}
         SELECT i.partnership_id AS pid, w.wi AS ws, ((i.answered_at AT TIME ZONE 'Europe/London')::date - i.raised_on) AS days, count(*) AS n
           FROM engagement_issues i JOIN w ON i.raised_on BETWEEN w.ws AND w.we
          WHERE i.partnership_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3`,
      ),
      // Community intelligence reported in the window that may be shared with every member (handling
      // code P), by grade and by the kind of source: C-coded items are never counted here.
      await q(
        'intelligence',
        `WITH ${WINDOWS}
         SELECT i.partnership_id AS pid, w.wi AS ws, i.source_evaluation AS evaluation, i.intelligence_assessment AS assessment, s.kind, count(*) AS n
           FROM intelligence_items i JOIN w ON i.reported_on BETWEEN w.ws AND w.we
           LEFT JOIN intelligence_sources s ON s.id = i.source_id
          WHERE i.partnership_id = ANY($1::uuid[]) AND i.handling_code = 'P'
          GROUP BY 1, 2, 3, 4, 5`,
      ),
    ];

    for (const r of reviews) {
      for (const name of ['periods', 'onTime', 'late', 'daysOverdueSum', 'daysOverdueMax']) add(r.pid, r.ws, `reviews.${name}`, r[name]);
    }
    for (const r of priorities) {
      add(r.pid, r.ws, 'priorities.total', r.total);
      add(r.pid, r.ws, 'priorities.active', r.active);
    }
    for (const r of meetings) for (const name of ['expected', 'kept', 'held']) add(r.pid, r.ws, `meetings.${name}`, r[name]);
    for (const r of actions) {
      for (const name of ['due', 'onTime', 'late', 'overdue', 'rolledOver']) {
        add(r.pid, r.ws, `actions.${name}`, r[name]);
        if (name === 'rolledOver') continue;
        add(r.pid, r.ws, `actions.${name}@agency:${String(r.agency)}`, r[name]);
        add(r.pid, r.ws, `actions.${name}@kind:${String(r.kind)}`, r[name]);
      }
    }
    for (const r of created) {
      add(r.pid, r.ws, 'problems.created', r.n);
      add(r.pid, r.ws, `problems.source:${String(r.source)}`, r.n);
      if (COMMUNITY_SOURCES.includes(r.source as never)) add(r.pid, r.ws, 'problems.community', r.n);
    }
    for (const r of closed) {
      add(r.pid, r.ws, 'problems.closed', r.closed);
      add(r.pid, r.ws, 'problems.closedEvaluated', r.evaluated);
      if (r.result) add(r.pid, r.ws, `problems.result:${String(r.result)}`, r.evaluated);
    }
    for (const r of stages) add(r.pid, r.ws, `problems.stage:${String(r.stage)}`, r.n);
    for (const r of attendance) {
      add(r.pid, r.ws, 'attendance.rows', r.rows);
      add(r.pid, r.ws, 'attendance.present', r.present);
    }
    for (const r of incidents) {
      add(r.pid, r.ws, 'incidents.total', r.n);
      add(r.pid, r.ws, `incidents.group:${incidentGroupOf(String(r.category))}`, r.n);
      add(r.pid, r.ws, 'incidents.repeat', r.repeat);
    }
    for (const r of incidentsLastYear) add(r.pid, r.ws, 'incidents.lastYear', r.n);
    for (const r of population) {
      add(r.pid, r.ws, 'population.councils', r.councils);
      add(r.pid, r.ws, 'population.counted', r.counted);
      add(r.pid, r.ws, 'population.residents', r.residents);
    }
    for (const r of engagements) {
      if (r.first) add(r.pid, r.ws, 'engagements.held', r.n);
      add(r.pid, r.ws, `engagements.held@area:${String(r.area)}`, r.n);
    }
    for (const r of issues) {
      add(r.pid, r.ws, 'issues.raised', r.n);
      if (r.days !== null) {
        add(r.pid, r.ws, 'issues.answered', r.n);
        add(r.pid, r.ws, `issues.answerDays:${Math.max(0, Number(r.days))}`, r.n);
      }
    }
    for (const r of intelligence) {
      add(r.pid, r.ws, 'intelligence.items', r.n);
      add(r.pid, r.ws, `intelligence.grade:${String(r.evaluation)}-${String(r.assessment)}`, r.n);
      add(r.pid, r.ws, `intelligence.sourceKind:${r.kind === null ? 'none' : String(r.kind)}`, r.n);
    }
    return [...out.values()];
  }

  /**
   * Starts the materialisation in the worker's cross-partnership transaction:
   * one run at a time (a second waits and then writes the same rows again),
   * under the scanners' statement timeout rather than the API's.
   */
  async beginMaterialisation(manager: EntityManager, statementTimeoutMs: number): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('figure_quarters'))`);
    await manager.query(`SET LOCAL statement_timeout = '${statementTimeoutMs}'`);
  }

  /** Every partnership's id, code and name (the worker materialises them all). */
  partnerships(manager: EntityManager = this.tx.manager): Promise<{ id: string; code: string; name: string }[]> {
    return manager.query('SELECT id, code, name FROM partnerships ORDER BY name');
  }

  /**
   * Writes the quarters' counts: one row per partnership and quarter,
   * replaced in place (ON CONFLICT), so running the job twice leaves the
   * same rows. A partnership with nothing in a quarter gets a row of no counts.
   */
  async upsertQuarters(rows: readonly MaterialisedRow[], manager: EntityManager = this.tx.manager): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await manager.query<unknown[]>(
      `INSERT INTO figure_quarters (partnership_id, quarter_start, quarter_end, counts, computed_at)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[], $4::jsonb[], $5::timestamptz[])
       ON CONFLICT (partnership_id, quarter_start)
       DO UPDATE SET quarter_end = EXCLUDED.quarter_end, counts = EXCLUDED.counts, computed_at = EXCLUDED.computed_at
       RETURNING 1`,
      [
        rows.map((r) => r.partnershipId),
        rows.map((r) => r.quarterStart),
        rows.map((r) => r.quarterEnd),
        rows.map((r) => JSON.stringify(r.counts)),
        rows.map((r) => r.computedAt.toISOString()),
      ],
    );
    return result.length;
  }

  /** Drops the materialised quarters outside [first, last] (older than the quarters kept). */
  async pruneQuarters(first: string, last: string, manager: EntityManager = this.tx.manager): Promise<number> {
    const rows = await manager.query<unknown[]>('DELETE FROM figure_quarters WHERE quarter_start < $1::date OR quarter_start > $2::date RETURNING 1', [
      first,
      last,
    ]);
    return rows.length;
  }

  /**
   * The materialised quarters starting in [from, to] of the partnerships
   * (all when `partnershipIds` is null). Read by the oversight view with
   * `app.oversight` set for the transaction (the table's second policy).
   */
  async quarters(partnershipIds: readonly string[] | null, from: string, to: string): Promise<MaterialisedRow[]> {
    const manager = this.tx.manager;
    await manager.query(`SELECT set_config('app.oversight', 'on', true)`);
    const rows = await manager.query<{ partnershipId: string; quarterStart: string; quarterEnd: string; counts: Counts; computedAt: Date }[]>(
      `SELECT partnership_id AS "partnershipId", quarter_start::text AS "quarterStart", quarter_end::text AS "quarterEnd", counts, computed_at AS "computedAt"
         FROM figure_quarters
        WHERE quarter_start BETWEEN $1::date AND $2::date AND ($3::uuid[] IS NULL OR partnership_id = ANY($3::uuid[]))
        ORDER BY quarter_start, partnership_id`,
      [from, to, partnershipIds],
    );
    await manager.query(`SELECT set_config('app.oversight', '', true)`);
    return rows;
  }
}
