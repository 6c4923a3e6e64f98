import { Injectable } from '@nestjs/common';
import { AggregateRepository, TransactionHost, VersionedRows, groupedBy, isUuid, uuidv7 } from '@app/core';
import type { Actor } from '@app/core/security';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { childRowsOf, nextReferenceNumber } from '../shared/sql';
import type { ProblemLocationValue } from './locations';
import type { ProblemStage, StageChangeKind } from './problem.constants';
import { Problem } from './problem.entity';
import { ProblemAnalysis } from './problem-analysis.entity';
import { ProblemEvaluation } from './problem-evaluation.entity';
import { ProblemLocation } from './problem-location.entity';
import { ProblemResponse } from './problem-response.entity';
import { ProblemStageChange } from './problem-stage-change.entity';
import { keysetRows } from '../shared/keyset';

/** Everything stored about one problem. */
export interface ProblemParts {
  problem: Problem;
  locations: ProblemLocationValue[];
  analysis: ProblemAnalysis | null;
  responses: ProblemResponse[];
  evaluation: ProblemEvaluation | null;
}

export type ProblemRow = Pick<
  Problem,
  | 'id'
  | 'partnershipId'
  | 'number'
  | 'reference'
  | 'title'
  | 'description'
  | 'objective'
  | 'category'
  | 'source'
  | 'controlStrategyPriorityId'
  | 'stage'
  | 'stageChangedAt'
  | 'plannedAssessmentDate'
  | 'evaluatedAt'
>;

export type AnalysisRow = Omit<ProblemAnalysis, 'problem' | 'createdAt' | 'updatedAt'>;
export type ResponseRow = Pick<
  ProblemResponse,
  'id' | 'partnershipId' | 'problemId' | 'description' | 'type' | 'ownerAgencyId' | 'startDate' | 'endDate' | 'status'
>;
export type EvaluationRow = Omit<ProblemEvaluation, 'problem' | 'createdAt' | 'updatedAt'>;

/** A page of a problem's stage changes, oldest first, after the keyset of the last one seen. */
export interface StageChangePageQuery {
  after?: { changedAt: string; id: string };
  limit: number;
}

const ANALYSIS_COLUMNS = [
  'offender',
  'handler',
  'victim',
  'guardian',
  'location',
  'manager',
  'repeat_patterns',
  'baseline_measure',
  'baseline_period_start',
  'baseline_period_end',
  'baseline_value',
  'baseline_counted',
  'updated_at',
];

const EVALUATION_COLUMNS = [
  'process',
  'impact_measure',
  'impact_period_start',
  'impact_period_end',
  'impact_value',
  'impact_counted',
  'impact_result',
  'displacement_kinds',
  'displacement_note',
  'diffusion_of_benefits',
  'lessons',
  'evaluated_at',
  'evaluated_by_type',
  'evaluated_by_id',
  'updated_at',
];

/**
 * Every write on a problem and its parts (locations, stage changes,
 * analysis, responses, evaluation), and the reads changes need. The record
 * as it is shown, lists and references are read by ProblemReadsRepository.
 */
@Injectable()
export class ProblemsRepository extends AggregateRepository<Problem> {
  private readonly responses: VersionedRows<ProblemResponse>;

  constructor(tx: TransactionHost) {
    super(tx, Problem, 'problem');
    this.responses = new VersionedRows(tx, ProblemResponse, 'response');
  }

  /**
   * The partnership's next problem number. The counter row stays locked
   * until the transaction ends; a rollback gives the number back.
   */
  nextNumber(partnershipId: string): Promise<number> {
    return nextReferenceNumber(this.tx.manager, 'problem_reference_counters', partnershipId);
  }

  async insert(problem: ProblemRow): Promise<void> {
    await this.tx.manager.getRepository(Problem).insert(problem);
  }

  async replaceLocations(partnershipId: string, problemId: string, locations: ProblemLocationValue[]): Promise<void> {
    const repo = this.tx.manager.getRepository(ProblemLocation);
    await repo.delete({ problemId });
    await repo.insert(
      locations.map((l, i) => ({ id: uuidv7(), partnershipId, problemId, position: i + 1, code: l.code, label: l.label, lat: l.lat, lng: l.lng })),
    );
  }

  async recordStageChange(
    problem: Pick<Problem, 'id' | 'partnershipId'>,
    change: { kind: StageChangeKind; from: ProblemStage | null; to: ProblemStage; at: Date; reason: string | null; actor: Actor },
  ): Promise<void> {
    await this.tx.manager.getRepository(ProblemStageChange).insert({
      id: uuidv7(),
      partnershipId: problem.partnershipId,
      problemId: problem.id,
      kind: change.kind,
      fromStage: change.from,
      toStage: change.to,
      reason: change.reason,
      actorType: change.actor.type,
      actorId: change.actor.id,
      changedAt: change.at,
    });
  }

  /** The problem's stage changes by time then id; `limit` rows at most. */
  stageChanges(problemId: string, query: StageChangePageQuery): Promise<ProblemStageChange[]> {
    const qb = this.tx.manager.getRepository(ProblemStageChange).createQueryBuilder('h').where('h.problem_id = :problemId', { problemId });
    return keysetRows(qb, { column: 'changed_at', order: 'ASC' }, query.after && { key: query.after.changedAt, id: query.after.id }, query.limit);
  }

  /** Locations of several problems, in their order. */
  async locationsOf(problemIds: string[]): Promise<Map<string, ProblemLocationValue[]>> {
    const rows = await childRowsOf(this.tx.manager, ProblemLocation, 'problem_id', problemIds, ['position']);
    return groupedBy(
      problemIds,
      rows,
      (r) => r.problemId,
      (r) => ({ code: r.code, label: r.label, lat: r.lat, lng: r.lng }),
    );
  }

  /** The problem's responses, oldest first. */
  responsesOf(problemId: string): Promise<ProblemResponse[]> {
    return this.tx.manager.getRepository(ProblemResponse).find({ where: { problemId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Everything stored about the problem (what the stage rules look at). */
  async parts(problem: Problem): Promise<ProblemParts> {
    const m = this.tx.manager;
    const [locations, analysis, responses, evaluation] = [
      (await this.locationsOf([problem.id])).get(problem.id)!,
      await m.getRepository(ProblemAnalysis).findOneBy({ problemId: problem.id }),
      await this.responsesOf(problem.id),
      await m.getRepository(ProblemEvaluation).findOneBy({ problemId: problem.id }),
    ];
    return { problem, locations, analysis, responses, evaluation };
  }

  /** Writes (or replaces) the problem's analysis. */
  async saveAnalysis(analysis: AnalysisRow): Promise<void> {
    await this.tx.manager.createQueryBuilder().insert().into(ProblemAnalysis).values(analysis).orUpdate(ANALYSIS_COLUMNS, ['problem_id']).execute();
  }

  /** The response of the problem, or null (also for a malformed id). */
  findResponse(partnershipId: string, problemId: string, responseId: string): Promise<ProblemResponse | null> {
    if (!isUuid(responseId)) return Promise.resolve(null);
    return this.tx.manager.getRepository(ProblemResponse).findOneBy({ id: responseId.toLowerCase(), problemId, partnershipId });
  }

  /** The response as stored now (after a write in this transaction). */
  response(id: string): Promise<ProblemResponse> {
    return this.tx.manager.getRepository(ProblemResponse).findOneByOrFail({ id });
  }

  async insertResponse(response: ResponseRow): Promise<void> {
    await this.tx.manager.getRepository(ProblemResponse).insert(response);
  }

  /** Writes the changes and moves the response's own version. */
  updateResponse(id: string, set: QueryDeepPartialEntity<ProblemResponse>): Promise<void> {
    return this.responses.bumpVersion(id, set);
  }

  /** Writes (or replaces) the problem's evaluation. */
  async saveEvaluation(evaluation: EvaluationRow): Promise<void> {
    await this.tx.manager.createQueryBuilder().insert().into(ProblemEvaluation).values(evaluation).orUpdate(EVALUATION_COLUMNS, ['problem_id']).execute();
  }
}
