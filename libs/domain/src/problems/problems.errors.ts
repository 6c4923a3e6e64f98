import { errorCatalogue, type Refusal } from '@app/core';

/** Refusals of the problems context: SARA problem records, their analysis, responses and evaluation. */
export const ProblemErrors = errorCatalogue('problems', {
  problemClosed: { kind: 'rule', summary: 'The problem is closed; a chair can reopen it to response.' },
  unknownCategory: { kind: 'rule', summary: "The category is not one of the partnership's problem categories." },
  unknownProblem: { kind: 'rule', summary: "The problem named is not one of the partnership's." },
  /** The same code as problemClosed, answered as a conflict where the closed problem itself is to change (409). */
  closedProblemUnchanged: { kind: 'conflict', code: 'problem-closed', summary: 'The problem is closed and is not changed; a chair can reopen it to response.' },
  notAllowedAtStage: { kind: 'conflict', summary: "Not at the problem's current stage (`allowedStages` names where it is)." },
  stageTransitionNotAllowed: { kind: 'conflict', summary: 'A problem moves one stage forward at a time: it does not skip a stage, go back or stay.' },
  problemNotClosed: { kind: 'conflict', summary: 'Only a closed problem is reopened.' },
  categoryExists: { kind: 'conflict', summary: 'The category already exists in the partnership.' },
  scanningIncomplete: { kind: 'rule', summary: 'Analysis needs the scanning fields (title, description, category, source, a location).' },
  analysisRequired: { kind: 'rule', summary: 'Response needs an analysis.' },
  triangleSideRequired: { kind: 'rule', summary: 'Response needs at least one side of the Problem Analysis Triangle analysed.' },
  baselineRequired: { kind: 'rule', summary: 'Response needs a baseline measure.' },
  responseRequired: { kind: 'rule', summary: 'Assessment needs at least one response that is not cancelled.' },
  plannedAssessmentDateRequired: { kind: 'rule', summary: 'Assessment needs a planned assessment date, and a problem at assessment keeps it.' },
  evaluationRequired: { kind: 'rule', summary: 'A problem is closed with a current evaluation.' },
  processEvaluationIncomplete: { kind: 'rule', summary: 'The process evaluation must say whether every response that is not cancelled was delivered.' },
  processUnknownResponse: { kind: 'rule', summary: "The process evaluation names a response that is not the problem's." },
  duplicateProcessEntry: { kind: 'rule', summary: 'The process evaluation names a response twice.' },
  baselineNotCounted: { kind: 'rule', summary: 'A counted impact compares with a counted baseline.' },
  countedMeasureMismatch: { kind: 'rule', summary: 'A counted impact counts the same categories as its baseline.' },
  countedPeriodMismatch: { kind: 'rule', summary: "A counted impact's period has as many days as its baseline's." },
  countedMeasureNeedsLocationCodes: { kind: 'rule', summary: 'A counted measure needs locations with ward or LSOA codes.' },
  countedMeasureUnavailable: { kind: 'rule', summary: 'Counted measures need the intake context, which this process does not run.' },
});

/**
 * The catalogue entry for a stage rule's refusal (stage-rules.ts names its
 * code): a move the state refuses is a conflict, a need not met a rule.
 */
export function stageRuleRefusal(code: string, kind: 'conflict' | 'rule'): Refusal {
  const found = Object.values(ProblemErrors).find((r) => r.code === code && r.kind === kind);
  if (!found) throw new Error(`The problems catalogue has no ${kind} refusal '${code}'`);
  return found;
}
