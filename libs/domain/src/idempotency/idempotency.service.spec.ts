import { describe, expect, it, jest } from '@jest/globals';
import type { Clock } from '@app/core';
import { passThroughTransactions, refusalOf } from '@app/testing/service-testing';
import { IdempotencyErrors } from './idempotency.errors';
import type { ExistingIdempotencyRecord, IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService, requestHash, type IdempotentRequest } from './idempotency.service';

const NOW = new Date('2026-03-02T10:00:00Z');
const REQUEST: IdempotentRequest = {
  partnershipId: null,
  caller: { type: 'user', id: 'u1' },
  key: 'k1',
  method: 'POST',
  path: '/api/v1/things',
  body: { a: 1 },
};

function setUp(existing: Partial<ExistingIdempotencyRecord> | null | 'none') {
  const record =
    existing === 'none' || existing === null
      ? null
      : ({
          id: 'r1',
          partnershipId: null,
          requestHash: requestHash('POST', '/api/v1/things', { a: 1 }),
          state: 'completed',
          responseStatus: 201,
          responseBody: { id: 'x' },
          responseHeaders: { location: '/x' },
          expired: false,
          abandoned: false,
          ...existing,
        } as ExistingIdempotencyRecord);
  const repository = {
    insertClaim: jest.fn(async (_claim: unknown) => existing === 'none'),
    lockExisting: jest.fn(async () => record),
    reclaim: jest.fn(async (_id: string, _claim: unknown) => undefined),
  };
  const service = new IdempotencyService(passThroughTransactions(), repository as unknown as IdempotencyRepository, { now: () => NOW } as Clock);
  return { service, repository };
}

describe('IdempotencyService (repository mocked)', () => {
  it('claims a key not seen before, for 24 hours', async () => {
    const { service, repository } = setUp('none');
    const claim = await service.claim(REQUEST);
    expect(claim.kind).toBe('claimed');
    expect(repository.insertClaim).toHaveBeenCalledWith(
      expect.objectContaining({ callerType: 'user', callerId: 'u1', key: 'k1', claimedAt: NOW, expiresAt: new Date(NOW.getTime() + 24 * 3600 * 1000) }),
    );
  });

  it('replays the stored response of the same request', async () => {
    expect(await setUp({}).service.claim(REQUEST)).toEqual({ kind: 'replay', response: { status: 201, body: { id: 'x' }, headers: { location: '/x' } } });
  });

  it('refuses the key with another request, or with one hidden from this partnership', async () => {
    expect((await refusalOf(setUp({}).service.claim({ ...REQUEST, body: { a: 2 } }))).refusal).toBe(IdempotencyErrors.idempotencyKeyReused);
    expect((await refusalOf(setUp(null).service.claim(REQUEST))).refusal).toBe(IdempotencyErrors.idempotencyKeyReused);
  });

  it('answers a retry while the first request runs with a conflict', async () => {
    const err = await refusalOf(setUp({ state: 'in_flight' }).service.claim(REQUEST));
    expect(err.refusal).toBe(IdempotencyErrors.idempotencyKeyInFlight);
    expect(err.kind).toBe('conflict');
  });

  it('takes over an expired record or an abandoned claim, even for another request', async () => {
    for (const stale of [{ expired: true }, { state: 'in_flight' as const, abandoned: true }]) {
      const { service, repository } = setUp(stale);
      expect(await service.claim({ ...REQUEST, body: { a: 2 } })).toEqual({ kind: 'claimed', id: 'r1' });
      expect(repository.reclaim).toHaveBeenCalledWith(
        'r1',
        expect.objectContaining({ requestHash: requestHash('POST', '/api/v1/things', { a: 2 }), claimedAt: NOW }),
      );
    }
  });
});
