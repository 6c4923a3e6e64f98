import { errorCatalogue } from '@app/core';

/** Refusals of the partnerships context (partnerships, their agencies and settings). */
export const PartnershipErrors = errorCatalogue('partnerships', {
  agencyNotInPartnership: { kind: 'rule', summary: 'An agency named is not one of the partnership\'s agencies.' },
});
