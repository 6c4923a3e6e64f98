import { Injectable } from '@nestjs/common';
import { TransactionHost, isUuid, oneRow } from '@app/core';
import { entityFromJson, STAMPS, type JsonRow } from '../shared/json-rows';
import type { ProblemLocationValue } from './locations';
import type { ProblemAnalysis } from './problem-analysis.entity';
import type { Problem } from './problem.entity';
import type { ProblemEvaluation } from './problem-evaluation.entity';
import type { ProblemResponse } from './problem-response.entity';
import type { ProblemSource, ProblemStage } from './problem.constants';
import type { ProblemParts } from './problems.repository';

type Json = JsonRow;

/** A problem with its parts and the current title of its priority, as one statement reads it. */
export interface ProblemRecordRow {
  parts: ProblemParts;
  /** The priority in the current control strategy, or null (none linked, or no longer in it). */
  currentPriority: { title: string } | null;
}

export const problemFromJson = (json: Json) => entityFromJson<Problem>(json, [...STAMPS, 'stageChangedAt', 'evaluatedAt']);
export const analysisFromJson = (json: Json) => entityFromJson<ProblemAnalysis>(json, STAMPS);
export const responseFromJson = (json: Json) => entityFromJson<ProblemResponse>(json, STAMPS);
export const evaluationFromJson = (json: Json) => entityFromJson<ProblemEvaluation>(json, [...STAMPS, 'evaluatedAt']);

/** The locations of the problem `p`, in their order, as a JSON array. */
export const LOCATIONS_JSON = `(SELECT coalesce(json_agg(json_build_object('code', l.code, 'label', l.label, 'lat', l.lat, 'lng', l.lng) ORDER BY l.position), '[]'::json)
   FROM problem_locations l WHERE l.problem_id = p.id AND l.partnership_id = p.partnership_id)`;

/** A problem as other contexts name it (ids, reference, title, stage, dates). */
export interface ProblemReference {
  id: string;
  reference: string;
  title: string;
  stage: ProblemStage;
  plannedAssessmentDate: string | null;
  controlStrategyPriorityId: string | null;
  /** When it reached its current stage (for a problem at scanning: when it was logged). */
  stageChangedAt: Date;
}

/** What a tasking agenda reads of problems (see agendaSections). */
export interface AgendaProblemRows {
  forReview: ProblemReference[];
  nominations: ProblemReference[];
  openByPriority: Map<string, number>;
}

const REFERENCE_COLUMNS = `p.id, p.reference, p.title, p.stage, to_char(p.planned_assessment_date, 'YYYY-MM-DD') AS "plannedAssessmentDate",
  p.control_strategy_priority_id AS "controlStrategyPriorityId", p.stage_changed_at AS "stageChangedAt"`;

/** The filters of a list page, already normalised by the service. */
export interface ProblemListFilters {
  stage?: string;
  category?: string;
  source?: string;
  priorityId?: string;
  locationCode?: string;
  /** true: unevaluated on `today`; false: not. */
  unevaluated?: boolean;
  today: string;
  reference?: string;
  search?: string;
  /** Keyset: problems numbered below this. */
  beforeNumber?: number;
}

/**
 * The hot reads of problems, each in one statement (children aggregated
 * as JSON), mapped by the plain functions above. Runs in the partnership's
 * transaction: row-level security applies underneath the partnership
 * condition of every query.
 */
@Injectable()
export class ProblemReadsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** One problem with its locations, analysis, responses, evaluation and its priority's current title; null when not the partnership's. */
  async record(partnershipId: string, id: string): Promise<ProblemRecordRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.tx.manager.query<
      {
        problem: Json;
        locations: ProblemLocationValue[];
        analysis: Json | null;
        responses: Json[];
        evaluation: Json | null;
        priority: { title: string } | null;
      }[]
    >(
      `SELECT to_jsonb(p) - 'search' AS problem,
              ${LOCATIONS_JSON} AS locations,
              (SELECT row_to_json(a) FROM problem_analyses a WHERE a.problem_id = p.id AND a.partnership_id = p.partnership_id) AS analysis,
              (SELECT coalesce(json_agg(r ORDER BY r.created_at, r.id), '[]'::json)
                 FROM problem_responses r WHERE r.problem_id = p.id AND r.partnership_id = p.partnership_id) AS responses,
              (SELECT row_to_json(e) FROM problem_evaluations e WHERE e.problem_id = p.id AND e.partnership_id = p.partnership_id) AS evaluation,
              (SELECT json_build_object('title', cp.title)
                 FROM control_strategy_priorities cp JOIN control_strategies s ON s.id = cp.control_strategy_id
                WHERE cp.id = p.control_strategy_priority_id AND s.partnership_id = p.partnership_id AND s.status = 'current') AS priority
         FROM problems p
        WHERE p.id = $1 AND p.partnership_id = $2`,
      [id.toLowerCase(), partnershipId],
    );
    if (!row) return null;
    return {
      parts: {
        problem: problemFromJson(row.problem),
        locations: row.locations,
        analysis: row.analysis ? analysisFromJson(row.analysis) : null,
        responses: row.responses.map(responseFromJson),
        evaluation: row.evaluation ? evaluationFromJson(row.evaluation) : null,
      },
      currentPriority: row.priority,
    };
  }

  /** A page of problems, newest first (by number), each with its locations: one statement. */
  async listPage(partnershipId: string, f: ProblemListFilters, limit: number): Promise<{ problem: Problem; locations: ProblemLocationValue[] }[]> {
    const params: unknown[] = [partnershipId];
    const where = ['p.partnership_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (f.stage) where.push(`p.stage = ${param(f.stage)}`);
    if (f.category) where.push(`p.category = ${param(f.category)}`);
    if (f.source) where.push(`p.source = ${param(f.source)}`);
    if (f.priorityId) where.push(`p.control_strategy_priority_id = ${param(f.priorityId)}`);
    if (f.locationCode) {
      where.push(
        `EXISTS (SELECT 1 FROM problem_locations l WHERE l.partnership_id = p.partnership_id AND l.code = ${param(f.locationCode)} AND l.problem_id = p.id)`,
      );
    }
    // Unevaluated (DOMAIN.md): no current evaluation, and closed or past its planned assessment date.
    if (f.unevaluated === true) where.push(`p.evaluated_at IS NULL AND (p.stage = 'closed' OR p.planned_assessment_date < ${param(f.today)})`);
    if (f.unevaluated === false) {
      where.push(`NOT (p.evaluated_at IS NULL AND (p.stage = 'closed' OR coalesce(p.planned_assessment_date < ${param(f.today)}, false)))`);
    }
    if (f.reference) where.push(`p.reference = ${param(f.reference)}`);
    if (f.search) where.push(`p.search @@ websearch_to_tsquery('english', ${param(f.search)})`);
    if (f.beforeNumber !== undefined) where.push(`p.number < ${param(f.beforeNumber)}`);
    const rows = await this.tx.manager.query<{ problem: Json; locations: ProblemLocationValue[] }[]>(
      `SELECT to_jsonb(p) - 'search' AS problem, ${LOCATIONS_JSON} AS locations
         FROM problems p
        WHERE ${where.join(' AND ')}
        ORDER BY p.number DESC
        LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((r) => ({ problem: problemFromJson(r.problem), locations: r.locations }));
  }

  /** References to the problems with these ids (lower-case UUIDs) that the partnership holds, by number. */
  references(partnershipId: string, ids: string[]): Promise<ProblemReference[]> {
    return this.tx.manager.query<ProblemReference[]>(
      `SELECT ${REFERENCE_COLUMNS} FROM problems p WHERE p.partnership_id = $1 AND p.id = ANY($2::uuid[]) ORDER BY p.number`,
      [partnershipId, ids],
    );
  }

  /** The agenda's problem sections in one statement (see ProblemsService.agendaSections). */
  async agendaSections(
    partnershipId: string,
    options: { before: string; since: Date | null; priorityIds: readonly string[]; limit: number },
  ): Promise<AgendaProblemRows> {
    const rows = await this.tx.manager.query<{ forReview: ProblemReference[]; nominations: ProblemReference[]; open: Record<string, number> }[]>(
      `SELECT (SELECT coalesce(json_agg(x), '[]'::json) FROM (
                 SELECT ${REFERENCE_COLUMNS} FROM problems p
                  WHERE p.partnership_id = $1 AND p.stage <> 'closed' AND p.planned_assessment_date IS NOT NULL AND p.planned_assessment_date < $2::date
                  ORDER BY p.planned_assessment_date, p.number LIMIT $5) x) AS "forReview",
              (SELECT coalesce(json_agg(x), '[]'::json) FROM (
                 SELECT ${REFERENCE_COLUMNS} FROM problems p
                  WHERE p.partnership_id = $1 AND p.stage = 'scanning' AND p.stage_changed_at >= coalesce($3::timestamptz, '-infinity')
                  ORDER BY p.stage_changed_at, p.number LIMIT $5) x) AS nominations,
              (SELECT coalesce(json_object_agg(c.id, c.n), '{}'::json) FROM (
                 SELECT p.control_strategy_priority_id AS id, count(*)::int AS n FROM problems p
                  WHERE p.partnership_id = $1 AND p.control_strategy_priority_id = ANY($4::uuid[]) AND p.stage <> 'closed'
                  GROUP BY p.control_strategy_priority_id) c) AS open`,
      [partnershipId, options.before, options.since, [...options.priorityIds], options.limit],
    );
    const row = oneRow(rows);
    const reference = (r: ProblemReference): ProblemReference => ({ ...r, stageChangedAt: new Date(r.stageChangedAt) });
    const openByPriority = new Map<string, number>(options.priorityIds.map((id) => [id, row.open[id] ?? 0]));
    return { forReview: row.forReview.map(reference), nominations: row.nominations.map(reference), openByPriority };
  }

  /** Problems logged (their `created` stage change) in [from, to] (London dates, inclusive) by source: one grouped statement. */
  async countsBySource(partnershipId: string, from: string, to: string): Promise<Map<ProblemSource, number>> {
    const rows = await this.tx.manager.query<{ source: ProblemSource; n: number }[]>(
      `SELECT p.source, count(*)::int AS n FROM problems p
         JOIN problem_stage_changes c ON c.problem_id = p.id AND c.kind = 'created'
        WHERE p.partnership_id = $1 AND (c.changed_at AT TIME ZONE 'Europe/London')::date BETWEEN $2::date AND $3::date
        GROUP BY p.source`,
      [partnershipId, from, to],
    );
    return new Map(rows.map((r) => [r.source, r.n]));
  }
}
