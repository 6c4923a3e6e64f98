/** Jitter added to each scheduled delay: up to this share of it (never subtracted, so the schedule's span is a minimum). */
export const RETRY_JITTER = 0.2;
/** A receiver's Retry-After is honoured up to this long. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * The delay before the retry that follows failed attempt `failedAttempt`
 * (1-based, counted within the automatic schedule): the scheduled delay plus
 * jitter, or the receiver's Retry-After when that is later.
 */
export function retryDelayMs(scheduleMs: readonly number[], failedAttempt: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const base = scheduleMs[Math.min(Math.max(failedAttempt, 1), scheduleMs.length) - 1] ?? 0;
  const jittered = Math.round(base * (1 + RETRY_JITTER * random()));
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
