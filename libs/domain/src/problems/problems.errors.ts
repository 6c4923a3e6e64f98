import { errorCatalogue } from '@app/core';

/** Refusals of the problems context: SARA problem records, their analysis, responses and evaluation. */
export const ProblemErrors = errorCatalogue('problems', {
  problemClosed: { kind: 'rule', summary: 'The problem is closed; a chair can reopen it to response.' },
  unknownCategory: { kind: 'rule', summary: 'The category is not one of the partnership\'s problem categories.' },
  unknownProblem: { kind: 'rule', summary: 'The problem named is not one of the partnership\'s.' },
});
