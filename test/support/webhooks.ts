import { TransactionHost, uuidv7 } from '@app/core';
import { FlagsService } from '@app/domain/flags';
import type { TestApp, TestEnvironment } from '@app/testing';
import { partnershipId } from './identity';

/**
 * Inserts webhook subscriptions behind the app's back (as a superuser), for
 * arranging scanner input: `disabledReason` set makes them disabled at
 * `disabledAt` (default: the test clock's now). They listen to
 * problem.created only, so the flag events of the tests never fan out to them.
 */
export async function insertSubscriptions(
  t: TestEnvironment,
  code: string,
  count: number,
  options: { disabledReason?: 'gone' | 'retries_exhausted' | 'manual'; disabledAt?: Date } = {},
): Promise<string[]> {
  const pid = await partnershipId(t, code);
  const ids = Array.from({ length: count }, () => uuidv7());
  await t.db.query(
    `INSERT INTO webhook_subscriptions (id, partnership_id, url, events, secret_ciphertext, disabled_at, disabled_reason)
     SELECT id, $2, 'https://receiver.example.org/hook', '{problem.created}', 'v1.x.y.z', $3, $4 FROM unnest($1::uuid[]) AS id`,
    [ids, pid, options.disabledReason ? (options.disabledAt ?? t.clock.now()) : null, options.disabledReason ?? null],
  );
  return ids;
}

/** Raises `count` flags in a partnership through FlagsService (as a context would): each writes a flag.raised event. */
export async function emitFlagEvents(t: TestApp, code: string, count: number): Promise<{ flagIds: string[]; eventIds: string[] }> {
  const pid = await partnershipId(t, code);
  const flags = t.app.get(FlagsService);
  const tx = t.app.get(TransactionHost);
  const raised = await tx.run(pid, () =>
    flags.raise(
      Array.from({ length: count }, () => ({
        kind: 'webhook_subscription_disabled' as const,
        subject: { type: 'webhook_subscription', id: uuidv7() },
        dueDate: '2026-01-15',
      })),
    ),
  );
  const flagIds = raised.map((f) => f.id);
  const events = await t.db.query<{ id: string }>(
    `SELECT id FROM outbox_events WHERE type = 'flag.raised' AND subject_id = ANY($1::uuid[]) ORDER BY occurred_at, id`,
    [flagIds],
  );
  return { flagIds, eventIds: events.map((e) => e.id) };
}
