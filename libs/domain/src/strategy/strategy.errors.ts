import { errorCatalogue } from '@app/core';

/** Refusals of the strategy context: control strategies, their priorities and strands. */
export const StrategyErrors = errorCatalogue('strategy', {
  priorityNotCurrent: { kind: 'rule', summary: "The priority named is not one of the partnership's current control strategy." },
  priorityNotInAssessment: { kind: 'rule', summary: 'A priority named is not a current priority of the assessment the version is built from.' },
  duplicatePriority: { kind: 'rule', summary: 'A priority (or a control strategy priority id) appears twice in the version.' },
  unknownStrand: { kind: 'rule', summary: "A strand is not one of the partnership's control strategy strands." },
  unknownControlStrategyPriority: { kind: 'rule', summary: "A control strategy priority id named is not one of the partnership's." },
  controlStrategyNotDraft: { kind: 'conflict', summary: 'Only a draft version is published.' },
  assessmentSuperseded: { kind: 'rule', summary: 'The assessment the version was built from is no longer the approved one.' },
  assessmentReviewOverdue: { kind: 'rule', summary: "The assessment's review is overdue: record a review before publishing." },
  priorityRemovedFromAssessment: { kind: 'rule', summary: 'A review removed a priority of the version from the assessment since it was drafted.' },
});
