import { errorCatalogue } from '@app/core';

/** Refusals of the intake context: incidents, imports, referrals and nominations. */
export const IntakeErrors = errorCatalogue('intake', {
  nominationDecided: { kind: 'conflict', summary: 'The nomination was decided already.' },
  categoryRequired: { kind: 'rule', summary: 'Name the problem category to open this nomination under (its incidents have no default).' },
});
