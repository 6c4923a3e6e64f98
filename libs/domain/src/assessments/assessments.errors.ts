import { errorCatalogue } from '@app/core';

/** Refusals of the assessments context: strategic assessments, their priorities and reviews. */
export const AssessmentErrors = errorCatalogue('assessments', {
  assessmentNotApproved: { kind: 'conflict', summary: 'Only the approved assessment is reviewed.' },
  unknownAssessment: { kind: 'rule', summary: 'The strategic assessment named is not one of the partnership\'s.' },
});
