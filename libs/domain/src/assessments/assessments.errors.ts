import { errorCatalogue } from '@app/core';
import { ASSESSMENT_LIMITS } from './assessment.constants';

/** Refusals of the assessments context: strategic assessments, their priorities and reviews. */
export const AssessmentErrors = errorCatalogue('assessments', {
  assessmentNotApproved: { kind: 'conflict', summary: 'Only the approved assessment is reviewed.' },
  /** The same code where a control strategy is built: there a rule, not the state of the assessment refused. */
  assessmentNotApprovedForStrategy: {
    kind: 'rule',
    summary: "A control strategy is built from the partnership's approved assessment.",
    code: 'assessment-not-approved',
  },
  unknownAssessment: { kind: 'rule', summary: "The strategic assessment named is not one of the partnership's." },
  assessmentNotDraft: {
    kind: 'conflict',
    summary: "Only a draft assessment is edited or approved; an approved assessment's priorities change through a review.",
  },
  assessmentHasNoPriorities: { kind: 'rule', summary: 'An assessment is approved with at least one priority, and a review never removes them all.' },
  tooManyPriorities: { kind: 'rule', summary: `An assessment holds at most ${ASSESSMENT_LIMITS.priorities} priorities, removed ones included.` },
  unknownPriority: { kind: 'rule', summary: 'A priority named is not a current priority of the assessment.' },
  conflictingPriorityChanges: { kind: 'rule', summary: 'A review changes each priority once: twice in one list, or removed and changed, is refused.' },
  rankOutOfRange: { kind: 'rule', summary: 'A rank is past the number of priorities the assessment will hold.' },
});
