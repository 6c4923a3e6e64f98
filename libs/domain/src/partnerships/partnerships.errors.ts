import { errorCatalogue } from '@app/core';

/** Refusals of the partnerships context (partnerships, their agencies and settings). */
export const PartnershipErrors = errorCatalogue('partnerships', {
  agencyNotInPartnership: { kind: 'rule', summary: "An agency named is not one of the partnership's agencies." },
  partnershipExists: { kind: 'conflict', summary: 'A partnership with that code already exists.' },
  referencePrefixTaken: { kind: 'conflict', summary: 'Another partnership already uses that reference prefix.' },
  agencyExists: { kind: 'conflict', summary: 'An agency with that name already exists in the partnership.' },
});
