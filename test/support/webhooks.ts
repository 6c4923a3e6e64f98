import { uuidv7 } from '@app/core';
import type { TestEnvironment } from '@app/testing';
import { partnershipId } from './identity';

/**
 * Inserts webhook subscriptions behind the app's back (as a superuser), for
 * arranging scanner input: `disabledReason` set makes them disabled at
 * `disabledAt` (default: the test clock's now).
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
     SELECT id, $2, 'https://receiver.example.org/hook', '{*}', 'v1.x.y.z', $3, $4 FROM unnest($1::uuid[]) AS id`,
    [ids, pid, options.disabledReason ? (options.disabledAt ?? t.clock.now()) : null, options.disabledReason ?? null],
  );
  return ids;
}

export async function countRows(t: TestEnvironment, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
  return row.n;
}
