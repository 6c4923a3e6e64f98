import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { DOMAIN_EVENTS } from '@app/domain/notifications';
import { firstOf } from '@app/testing';
import { useTestApp } from './support/app';

/**
 * The outbox's CHECK constraint on `type` is written by hand in migrations
 * (TypeORM does not compare CHECK expressions, so the drift check cannot see
 * it): it must allow exactly the events the code can write.
 */
describe('outbox event types', () => {
  const t = useTestApp();

  it('allows exactly the domain events the code knows, after every migration', async () => {
    const row = firstOf(
      await t.db.query<{ def: string }>(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'ck_outbox_events_type' AND conrelid = 'outbox_events'::regclass`,
      ),
    );
    const allowed = [...row.def.matchAll(/'([^']+)'::text/g)].map((m) => m[1]).sort();
    assert.deepEqual(allowed, [...DOMAIN_EVENTS].sort());
  });
});
