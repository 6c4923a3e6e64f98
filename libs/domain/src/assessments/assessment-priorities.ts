import { uuidv7 } from '@app/core';
import { rankPriorities, riskScore } from './ranking';
import type { NewPriority, StrategicAssessmentsRepository } from './strategic-assessments.repository';

/** What a priority is given when it is drafted or added by a review. */
export interface PriorityInput {
  title: string;
  category: string;
  rationale?: string | null;
  evidence?: string | null;
  dataSources?: string[];
  impact: number;
  likelihood: number;
}

/**
 * A new priority of the assessment with creation number `seq`, its risk
 * score computed; `pinnedRank` fixes its rank (a review may). Ranked for
 * real by applyRanks() straight after it is stored.
 */
export function newPriority(partnershipId: string, assessmentId: string, input: PriorityInput, seq: number, pinnedRank: number | null = null): NewPriority {
  return {
    id: uuidv7(),
    partnershipId,
    strategicAssessmentId: assessmentId,
    seq,
    title: input.title,
    category: input.category,
    rationale: input.rationale ?? null,
    evidence: input.evidence ?? null,
    dataSources: input.dataSources ?? [],
    impact: input.impact,
    likelihood: input.likelihood,
    riskScore: riskScore(input.impact, input.likelihood),
    rank: seq,
    pinnedRank,
    removedAt: null,
    removedInReviewId: null,
  };
}

/**
 * Recomputes the ranks of the assessment's priorities (ranking.ts) and
 * writes those that moved. The caller holds the assessment's row lock.
 * Returns the ranks after, by priority id.
 */
export async function applyRanks(repository: StrategicAssessmentsRepository, assessmentId: string): Promise<Map<string, number>> {
  const priorities = await repository.activePriorities([assessmentId]);
  const after = rankPriorities(priorities);
  const moved = new Map(priorities.filter((p) => p.rank !== after.get(p.id)).map((p) => [p.id, after.get(p.id)!]));
  await repository.writeRanks(assessmentId, moved);
  return after;
}
