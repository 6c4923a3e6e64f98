/**
 * Polls `check` until it returns a truthy value (returned), or fails after
 * `timeoutMs` with `what`. For state that lives in the database, where no
 * event announces it; queue work is awaited through its events instead.
 */
export async function waitUntil<T>(check: () => Promise<T>, what: string, timeoutMs = 20_000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await check();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
