import { errorCatalogue } from '@app/core';

/** Refusals of the flags context. */
export const FlagErrors = errorCatalogue('flags', {
  flagAlreadyAcknowledged: { kind: 'conflict', summary: 'The flag has already been acknowledged (once only).' },
});
