import { Injectable } from '@nestjs/common';
import { Clock, ConflictProblem, NotFoundProblem, PreconditionFailedProblem, TransactionHost, isUuid, uuidv7 } from '@app/core';
import { actorOf, currentPrincipal, type Actor } from '@app/core/security';
import { ControlStrategiesService } from '../strategy/control-strategies.service';
import { measureChange } from './evaluation-rules';
import type { ProblemLocationValue } from './locations';
import { mayReadPersonalData } from './personal-data';
import { TRIANGLE_ROLES, type ProblemStage, type StageChangeKind, type Triangle } from './problem.constants';
import { Problem } from './problem.entity';
import { ProblemAnalysis } from './problem-analysis.entity';
import { ProblemEvaluation } from './problem-evaluation.entity';
import { ProblemLocation } from './problem-location.entity';
import { isUnevaluated, type AnalysisRecord, type EvaluationRecord, type ProblemRecord, type ResponseRecord } from './problem-record';
import { ProblemReadsRepository } from './problem-reads.repository';
import { ProblemResponse } from './problem-response.entity';
import { ProblemStageChange } from './problem-stage-change.entity';
import { sidesAnalysed, type StageFacts } from './stage-rules';

/** Everything stored about one problem. */
export interface ProblemParts {
  problem: Problem;
  locations: ProblemLocationValue[];
  analysis: ProblemAnalysis | null;
  responses: ProblemResponse[];
  evaluation: ProblemEvaluation | null;
}

/**
 * The problems context's own persistence helpers, shared by its services:
 * locking a problem for a change (404, If-Match 412), moving its version,
 * loading its parts and assembling the record a caller may read. Not
 * exported from the context.
 */
@Injectable()
export class ProblemStore {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly strategies: ControlStrategiesService,
    private readonly reads: ProblemReadsRepository,
  ) {}

  find(partnershipId: string, id: string): Promise<Problem | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(Problem).findOneBy({ id: id.toLowerCase(), partnershipId });
  }

  async get(partnershipId: string, id: string): Promise<Problem> {
    const found = await this.find(partnershipId, id);
    if (!found) throw new NotFoundProblem('problem');
    return found;
  }

  /**
   * Locks the problem row until the transaction ends (changes to one problem
   * queue), then checks If-Match: 404 when not the partnership's, 412 when
   * `expectedVersion` is not the current version.
   */
  async lock(partnershipId: string, id: string, expectedVersion?: number): Promise<Problem> {
    const found = isUuid(id)
      ? await this.tx.manager
          .getRepository(Problem)
          .createQueryBuilder('p')
          .setLock('pessimistic_write')
          .where('p.id = :id AND p.partnership_id = :partnershipId', { id: id.toLowerCase(), partnershipId })
          .getOne()
      : null;
    if (!found) throw new NotFoundProblem('problem');
    if (expectedVersion !== undefined && expectedVersion !== found.version) throw new PreconditionFailedProblem();
    return found;
  }

  /** A locked problem that is not closed, optionally only at some stages (see assertOpen). */
  async lockOpen(partnershipId: string, id: string, expectedVersion: number | undefined, what: string, stages?: readonly ProblemStage[]): Promise<Problem> {
    const problem = await this.lock(partnershipId, id, expectedVersion);
    assertOpen(problem, what, stages);
    return problem;
  }

  /** Writes `set` and moves the problem's version (its ETag): every change to the record, its analysis, responses or evaluation. */
  async bump(id: string, set: Partial<Problem> = {}): Promise<void> {
    await this.tx.manager
      .createQueryBuilder()
      .update(Problem)
      .set({ ...set, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  async replaceLocations(partnershipId: string, problemId: string, locations: ProblemLocationValue[]): Promise<void> {
    const m = this.tx.manager;
    await m.getRepository(ProblemLocation).delete({ problemId });
    await m.getRepository(ProblemLocation).insert(
      locations.map((l, i) => ({ id: uuidv7(), partnershipId, problemId, position: i + 1, code: l.code, label: l.label, lat: l.lat, lng: l.lng })),
    );
  }

  async recordStageChange(problem: Pick<Problem, 'id' | 'partnershipId'>, kind: StageChangeKind, from: ProblemStage | null, to: ProblemStage, at: Date, reason: string | null = null): Promise<void> {
    const actor: Actor = actorOf(currentPrincipal());
    await this.tx.manager.getRepository(ProblemStageChange).insert({
      id: uuidv7(),
      partnershipId: problem.partnershipId,
      problemId: problem.id,
      kind,
      fromStage: from,
      toStage: to,
      reason,
      actorType: actor.type,
      actorId: actor.id,
      changedAt: at,
    });
  }

  /** Locations of several problems, in their order. */
  async locationsOf(problemIds: string[]): Promise<Map<string, ProblemLocationValue[]>> {
    const out = new Map<string, ProblemLocationValue[]>(problemIds.map((id) => [id, []]));
    if (!problemIds.length) return out;
    const rows = await this.tx.manager
      .getRepository(ProblemLocation)
      .createQueryBuilder('l')
      .where('l.problem_id = ANY(:problemIds)', { problemIds })
      .orderBy('l.problem_id')
      .addOrderBy('l.position', 'ASC')
      .getMany();
    for (const r of rows) out.get(r.problemId)!.push({ code: r.code, label: r.label, lat: r.lat, lng: r.lng });
    return out;
  }

  async responsesOf(problemId: string): Promise<ProblemResponse[]> {
    return this.tx.manager.getRepository(ProblemResponse).find({ where: { problemId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

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

  /** What the stage rules look at. */
  facts(parts: ProblemParts): StageFacts {
    const { problem, analysis, evaluation } = parts;
    return {
      title: problem.title,
      description: problem.description,
      category: problem.category,
      source: problem.source,
      locations: parts.locations.length,
      analysis: analysis ? { triangle: triangleOf(analysis), hasBaseline: analysis.baselineMeasure !== null } : null,
      responses: parts.responses.map((r) => ({ id: r.id, status: r.status })),
      plannedAssessmentDate: problem.plannedAssessmentDate,
      evaluation: evaluation ? { current: problem.evaluatedAt !== null, processResponseIds: evaluation.process.map((e) => e.responseId) } : null,
    };
  }

  /** The record as the current caller may read it (personal data withheld unless they have a need to know), read in one statement. */
  async record(partnershipId: string, id: string): Promise<ProblemRecord> {
    const found = isUuid(id) ? await this.reads.record(partnershipId, id.toLowerCase()) : null;
    if (!found) throw new NotFoundProblem('problem');
    return this.assemble(found.parts, mayReadPersonalData(currentPrincipal()), found.currentPriority);
  }

  /** `currentPriority`: the linked priority's entry in the current strategy when already read (undefined: looked up). */
  async assemble(parts: ProblemParts, personal: boolean, currentPriority?: { title: string } | null): Promise<ProblemRecord> {
    const { problem, analysis, evaluation } = parts;
    const priority =
      currentPriority !== undefined
        ? currentPriority
        : problem.controlStrategyPriorityId
          ? await this.strategies.findCurrentPriority(problem.partnershipId, problem.controlStrategyPriorityId)
          : null;
    const baseline = analysis?.baselineMeasure
      ? {
          measure: analysis.baselineMeasure,
          periodStart: analysis.baselinePeriodStart!,
          periodEnd: analysis.baselinePeriodEnd!,
          value: analysis.baselineValue!,
          ...(analysis.baselineCounted && { counted: analysis.baselineCounted }),
        }
      : null;
    const analysisRecord: AnalysisRecord | null = analysis
      ? {
          triangle: personal ? triangleOf(analysis) : null,
          sidesAnalysed: sidesAnalysed(triangleOf(analysis)),
          repeatPatterns: analysis.repeatPatterns,
          baseline,
          updatedAt: analysis.updatedAt,
        }
      : null;
    let evaluationRecord: EvaluationRecord | null = null;
    if (evaluation) {
      const impact = {
        measure: evaluation.impactMeasure,
        periodStart: evaluation.impactPeriodStart,
        periodEnd: evaluation.impactPeriodEnd,
        value: evaluation.impactValue,
        ...(evaluation.impactCounted && { counted: evaluation.impactCounted }),
      };
      evaluationRecord = {
        process: evaluation.process.map((e) => ({ responseId: e.responseId, delivered: e.delivered, note: personal ? e.note : null })),
        impact: { ...impact, result: evaluation.impactResult },
        change: measureChange(baseline, impact),
        displacement: { kinds: evaluation.displacementKinds, note: personal ? evaluation.displacementNote : null },
        diffusionOfBenefits: personal ? evaluation.diffusionOfBenefits : null,
        lessons: personal ? evaluation.lessons : null,
        current: problem.evaluatedAt !== null,
        evaluatedAt: evaluation.evaluatedAt,
        evaluatedBy: { type: evaluation.evaluatedByType as Actor['type'], id: evaluation.evaluatedById },
      };
    }
    return {
      id: problem.id,
      partnershipId: problem.partnershipId,
      reference: problem.reference,
      title: problem.title,
      description: problem.description,
      objective: problem.objective,
      category: problem.category,
      source: problem.source,
      locations: parts.locations,
      controlStrategyPriorityId: problem.controlStrategyPriorityId,
      controlStrategyPriority: problem.controlStrategyPriorityId
        ? { id: problem.controlStrategyPriorityId, title: priority?.title ?? null, current: priority !== null }
        : null,
      stage: problem.stage,
      stageChangedAt: problem.stageChangedAt,
      plannedAssessmentDate: problem.plannedAssessmentDate,
      unevaluated: isUnevaluated({ ...problem, evaluated: problem.evaluatedAt !== null }, this.clock.today()),
      analysis: analysisRecord,
      responses: parts.responses.map(responseRecord),
      evaluation: evaluationRecord,
      personalDataWithheld: !personal,
      version: problem.version,
      createdAt: problem.createdAt,
      updatedAt: problem.updatedAt,
    };
  }
}

/** 409 `problem-closed` when the problem is closed; 409 `not-allowed-at-stage` when `stages` does not hold its stage. */
export function assertOpen(problem: Pick<Problem, 'stage'>, what: string, stages?: readonly ProblemStage[]): void {
  if (problem.stage === 'closed') {
    throw new ConflictProblem('problem-closed', `The problem is closed, so you cannot ${what}; a chair can reopen it to response.`, { stage: problem.stage });
  }
  if (stages && !stages.includes(problem.stage)) {
    throw new ConflictProblem('not-allowed-at-stage', `You cannot ${what} while the problem is at ${problem.stage} (only at: ${stages.join(', ')}).`, {
      stage: problem.stage,
      allowedStages: stages,
    });
  }
}

export function triangleOf(analysis: ProblemAnalysis): Triangle {
  return Object.fromEntries(TRIANGLE_ROLES.map((role) => [role, analysis[role]])) as Triangle;
}

export function responseRecord(r: ProblemResponse): ResponseRecord {
  return {
    id: r.id,
    problemId: r.problemId,
    description: r.description,
    type: r.type,
    ownerAgencyId: r.ownerAgencyId,
    startDate: r.startDate,
    endDate: r.endDate,
    status: r.status,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
