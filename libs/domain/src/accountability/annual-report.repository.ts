import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import type { ImpactResult, ProblemStage } from '../problems';

export interface PriorityWork {
  title: string;
  problems: number;
  closed: number;
  actions: number;
  actionsDone: number;
}

export interface EvaluatedProblem {
  reference: string;
  title: string;
  result: ImpactResult;
  lessons: string;
}

const start = (date: string) => `(${date}::date::timestamp AT TIME ZONE 'Europe/London')`;

/** The queries of the annual report and of the pack's charts: grouped counts, set-based. */
@Injectable()
export class AnnualReportRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Incidents per month (`YYYY-MM`, from the month of `from` to that of `to`) and category. */
  incidentsByMonth(partnershipId: string, from: string, to: string): Promise<{ month: string; category: string; n: number }[]> {
    const manager = this.tx.manager;
    return manager.query(
      `SELECT to_char(occurred_month, 'YYYY-MM') AS month, category, count(*)::int AS n
         FROM incidents
        WHERE partnership_id = $1 AND occurred_month BETWEEN date_trunc('month', $2::date)::date AND date_trunc('month', $3::date)::date
        GROUP BY 1, 2`,
      [partnershipId, from, to],
    );
  }

  /** The categories of the priorities of the control strategy in force now. */
  async currentPriorityCategories(partnershipId: string): Promise<string[]> {
    const manager = this.tx.manager;
    const rows = await manager.query<{ category: string }[]>(
      `SELECT DISTINCT csp.category FROM control_strategies cs JOIN control_strategy_priorities csp ON csp.control_strategy_id = cs.id
        WHERE cs.partnership_id = $1 AND cs.status = 'current'`,
      [partnershipId],
    );
    return rows.map((r) => r.category);
  }

  async problemsByStage(partnershipId: string): Promise<Map<ProblemStage, number>> {
    const manager = this.tx.manager;
    const rows = await manager.query<{ stage: ProblemStage; n: number }[]>(
      'SELECT stage, count(*)::int AS n FROM problems WHERE partnership_id = $1 GROUP BY stage',
      [partnershipId],
    );
    return new Map(rows.map((r) => [r.stage, r.n]));
  }

  /**
   * The priorities of the control strategy current at the end of the year
   * (in strategy order) with the work linked to them in any version: problems
   * open at some time in the year and those closed in it, actions due in the
   * year and those done.
   */
  prioritiesWithWork(partnershipId: string, from: string, to: string): Promise<PriorityWork[]> {
    const manager = this.tx.manager;
    const s = start('$2');
    const e = `((($3::date + 1))::timestamp AT TIME ZONE 'Europe/London')`;
    return manager.query(
      `WITH cur AS (
         SELECT csp.assessment_priority_id AS apid, csp.title, csp.position
           FROM control_strategies cs JOIN control_strategy_priorities csp ON csp.control_strategy_id = cs.id
          WHERE cs.partnership_id = $1 AND cs.status <> 'draft' AND cs.published_at < ${e} AND (cs.superseded_at IS NULL OR cs.superseded_at >= ${e})
       ), links AS (
         SELECT lp.id, lp.assessment_priority_id AS apid FROM control_strategy_priorities lp WHERE lp.partnership_id = $1
       )
       SELECT cur.title,
              (SELECT count(*) FROM problems p JOIN links l ON l.id = p.control_strategy_priority_id
                WHERE p.partnership_id = $1 AND l.apid = cur.apid AND p.created_at < ${e} AND (p.stage <> 'closed' OR p.stage_changed_at >= ${s}))::int AS problems,
              (SELECT count(*) FROM problems p JOIN links l ON l.id = p.control_strategy_priority_id
                WHERE p.partnership_id = $1 AND l.apid = cur.apid AND p.stage = 'closed' AND p.stage_changed_at >= ${s} AND p.stage_changed_at < ${e})::int AS closed,
              (SELECT count(*) FROM actions a JOIN links l ON l.id = a.control_strategy_priority_id
                WHERE a.partnership_id = $1 AND l.apid = cur.apid AND a.status <> 'cancelled' AND a.due_date BETWEEN $2::date AND $3::date)::int AS actions,
              (SELECT count(*) FROM actions a JOIN links l ON l.id = a.control_strategy_priority_id
                WHERE a.partnership_id = $1 AND l.apid = cur.apid AND a.status = 'done' AND a.due_date BETWEEN $2::date AND $3::date)::int AS "actionsDone"
         FROM cur ORDER BY cur.position`,
      [partnershipId, from, to],
    );
  }

  /** Problems closed in the period that hold an evaluation, with its result and lessons, by reference. */
  evaluatedProblems(partnershipId: string, from: string, to: string): Promise<EvaluatedProblem[]> {
    const manager = this.tx.manager;
    return manager.query(
      `SELECT p.reference, p.title, e.impact_result AS result, e.lessons
         FROM problems p JOIN problem_evaluations e ON e.problem_id = p.id
        WHERE p.partnership_id = $1 AND p.stage = 'closed'
          AND p.stage_changed_at >= ${start('$2')} AND p.stage_changed_at < ((($3::date + 1))::timestamp AT TIME ZONE 'Europe/London')
        ORDER BY p.number
        LIMIT 500`,
      [partnershipId, from, to],
    );
  }
}
