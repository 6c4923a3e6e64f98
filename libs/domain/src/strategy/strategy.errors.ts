import { errorCatalogue } from '@app/core';

/** Refusals of the strategy context: control strategies, their priorities and strands. */
export const StrategyErrors = errorCatalogue('strategy', {
  priorityNotCurrent: { kind: 'rule', summary: 'The priority named is not one of the partnership\'s current control strategy.' },
});
