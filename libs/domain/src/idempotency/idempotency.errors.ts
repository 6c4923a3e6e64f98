import { errorCatalogue } from '@app/core';

/** Refusals of `Idempotency-Key` (API.md). */
export const IdempotencyErrors = errorCatalogue('idempotency', {
  idempotencyKeyInFlight: { kind: 'conflict', summary: 'A request with this Idempotency-Key is still being processed; retry shortly.' },
  idempotencyKeyReused: { kind: 'rule', summary: 'This Idempotency-Key was already used for a different request.' },
});
