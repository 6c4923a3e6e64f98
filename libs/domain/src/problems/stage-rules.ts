import { PROBLEM_STAGES, TRIANGLE_SIDES, type ProblemStage, type ResponseStatus, type Triangle, type TriangleSide } from './problem.constants';

/** What the stage rules look at: the record as it stands. */
export interface StageFacts {
  title: string | null;
  description: string | null;
  category: string | null;
  source: string | null;
  locations: number;
  analysis: { triangle: Triangle; hasBaseline: boolean } | null;
  responses: { id: string; status: ResponseStatus }[];
  plannedAssessmentDate: string | null;
  /** `current` is false once a reopening has set the evaluation aside. */
  evaluation: { current: boolean; processResponseIds: string[] } | null;
}

/** A refusal: the slug ends the problem `type`; extensions go into the problem details. */
export interface Refusal {
  rule: string;
  detail: string;
  extensions?: Record<string, unknown>;
}

export function stageIndex(stage: ProblemStage): number {
  return PROBLEM_STAGES.indexOf(stage);
}

/** The stage after `stage`, or null for `closed`. */
export function nextStage(stage: ProblemStage): ProblemStage | null {
  return PROBLEM_STAGES[stageIndex(stage) + 1] ?? null;
}

const hasText = (value: string | null | undefined): boolean => typeof value === 'string' && value.trim().length > 0;

/** The sides of the triangle with at least one of their two roles written. */
export function sidesAnalysed(triangle: Triangle | null | undefined): TriangleSide[] {
  if (!triangle) return [];
  return (Object.keys(TRIANGLE_SIDES) as TriangleSide[]).filter((side) => TRIANGLE_SIDES[side].some((role) => hasText(triangle[role])));
}

/**
 * Why moving from `from` to `to` is illegal for the state (409), or null.
 * Only the next stage is reachable; a closed problem is reopened, not advanced.
 */
export function transitionRefusal(from: ProblemStage, to: ProblemStage): Refusal | null {
  const next = nextStage(from);
  if (from === 'closed') {
    return { rule: 'problem-closed', detail: 'The problem is closed; a chair can reopen it to response.', extensions: { stage: from } };
  }
  if (to === next) return null;
  const direction = to === from ? 'is already at' : stageIndex(to) < stageIndex(from) ? 'cannot go back to' : 'cannot skip to';
  return {
    rule: 'stage-transition-not-allowed',
    detail: `The problem is at ${from} and ${direction} ${to}; it moves one stage forward at a time (next: ${next}).`,
    extensions: { stage: from, to, next },
  };
}

/**
 * The need of stage `to` that the record does not meet (422), or null.
 * - analysis: the scanning fields (title, description, category, source, a location);
 * - response: an analysis with at least one triangle side and a baseline;
 * - assessment: at least one response that is not cancelled, and a planned assessment date;
 * - closed: a (current) evaluation whose process part covers every response that is not cancelled.
 */
export function missingNeed(to: ProblemStage, facts: StageFacts): Refusal | null {
  switch (to) {
    case 'scanning':
      return null;
    case 'analysis': {
      const missing = [
        !hasText(facts.title) && 'title',
        !hasText(facts.description) && 'description',
        !hasText(facts.category) && 'category',
        !hasText(facts.source) && 'source',
        facts.locations < 1 && 'locations',
      ].filter((f): f is string => typeof f === 'string');
      if (!missing.length) return null;
      return { rule: 'scanning-incomplete', detail: `Analysis needs the scanning fields; missing: ${missing.join(', ')}.`, extensions: { missing } };
    }
    case 'response':
      if (!facts.analysis) return { rule: 'analysis-required', detail: 'Response needs an analysis (PUT .../analysis): the triangle and a baseline.' };
      if (!sidesAnalysed(facts.analysis.triangle).length) {
        return {
          rule: 'triangle-side-required',
          detail: 'Response needs at least one side of the Problem Analysis Triangle analysed (offender/handler, victim/guardian or location/manager).',
        };
      }
      if (!facts.analysis.hasBaseline)
        return { rule: 'baseline-required', detail: 'Response needs a baseline measure (what will be counted, over what period, its value).' };
      return null;
    case 'assessment':
      if (!facts.responses.some((r) => r.status !== 'cancelled')) {
        return { rule: 'response-required', detail: 'Assessment needs at least one response that is not cancelled.' };
      }
      if (!facts.plannedAssessmentDate) return { rule: 'planned-assessment-date-required', detail: 'Assessment needs a planned assessment date.' };
      return null;
    case 'closed': {
      if (!facts.evaluation || !facts.evaluation.current) {
        return {
          rule: 'evaluation-required',
          detail: facts.evaluation
            ? 'The problem was reopened after its evaluation; record a new evaluation (PUT .../evaluation) before closing it.'
            : 'A problem cannot be closed without an evaluation (PUT .../evaluation).',
        };
      }
      const covered = new Set(facts.evaluation.processResponseIds);
      const uncovered = facts.responses.filter((r) => r.status !== 'cancelled' && !covered.has(r.id)).map((r) => r.id);
      if (uncovered.length) {
        return {
          rule: 'process-evaluation-incomplete',
          detail: `The process evaluation does not say whether every response was delivered; missing: ${uncovered.join(', ')}.`,
          extensions: { responseIds: uncovered },
        };
      }
      return null;
    }
  }
}
