import { notFound } from '@app/core';
import { currentPrincipal, storedActor } from '@app/core/security';
import { measureChange } from './evaluation-rules';
import { TRIANGLE_ROLES, type ProblemStage, type Triangle } from './problem.constants';
import type { Problem } from './problem.entity';
import type { ProblemAnalysis } from './problem-analysis.entity';
import { mayReadPersonalData } from './personal-data';
import type { ProblemRecordRow } from './problem-reads.repository';
import { isUnevaluated, type AnalysisRecord, type EvaluationRecord, type ProblemRecord, type ResponseRecord } from './problem-record';
import type { ProblemResponse } from './problem-response.entity';
import type { ProblemParts } from './problems.repository';
import { ProblemErrors } from './problems.errors';
import { sidesAnalysed, type StageFacts } from './stage-rules';

/**
 * A problem's stored parts as its rules and its readers see them: the facts
 * the stage rules look at, the record a caller may read, and the check that
 * a problem is open to a change. Plain functions, no queries.
 */

/** What the stage rules look at. */
export function stageFacts(parts: ProblemParts): StageFacts {
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

/** The record as the current caller may read it (personal data withheld unless they have a need to know); 404 when there is none. */
export function readableRecord(row: ProblemRecordRow | null, today: string): ProblemRecord {
  if (!row) throw notFound('problem');
  return assembleRecord(row.parts, mayReadPersonalData(currentPrincipal()), row.currentPriority, today);
}

/**
 * The record as a caller may read it: `personal` whether they may read the
 * personal data (withheld otherwise), `currentPriority` the linked
 * priority's entry in the current control strategy (null: none, or no
 * longer in it), `today` the London date unevaluated is judged on.
 */
export function assembleRecord(parts: ProblemParts, personal: boolean, currentPriority: { title: string } | null, today: string): ProblemRecord {
  const { problem, analysis, evaluation } = parts;
  const priority = currentPriority;
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
      evaluatedBy: storedActor(evaluation.evaluatedByType, evaluation.evaluatedById),
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
    unevaluated: isUnevaluated({ ...problem, evaluated: problem.evaluatedAt !== null }, today),
    analysis: analysisRecord,
    responses: parts.responses.map(responseRecord),
    evaluation: evaluationRecord,
    personalDataWithheld: !personal,
    version: problem.version,
    createdAt: problem.createdAt,
    updatedAt: problem.updatedAt,
  };
}

/** 409 `problem-closed` when the problem is closed; 409 `not-allowed-at-stage` when `stages` does not hold its stage. */
export function assertOpen(problem: Pick<Problem, 'stage'>, what: string, stages?: readonly ProblemStage[]): void {
  if (problem.stage === 'closed') {
    throw ProblemErrors.closedProblemUnchanged.error(`The problem is closed, so you cannot ${what}; a chair can reopen it to response.`, {
      stage: problem.stage,
    });
  }
  if (stages && !stages.includes(problem.stage)) {
    throw ProblemErrors.notAllowedAtStage.error(`You cannot ${what} while the problem is at ${problem.stage} (only at: ${stages.join(', ')}).`, {
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
