import { errorCatalogue } from '@app/core';

/** Refusals of the accountability context: meeting packs, minutes, figures and the oversight view. */
export const AccountabilityErrors = errorCatalogue('accountability', {
  packNotBuilt: { kind: 'conflict', summary: 'The pack has not been built yet: POST .../pack, then try again in a few seconds.' },
});
