/** How V2 verifications still `READY` are fetched again (config `PORTONE_READY_TIMEOUT_MS`). */
export interface ReadyRecheckSettings {
  /** Past this long after the job was first added, a `READY` verification is `not_certified`. */
  readonly timeoutMs: number;
  /** Shortest pause before the next fetch, ms. */
  readonly minDelayMs: number;
  /** Longest pause before the next fetch, ms. */
  readonly maxDelayMs: number;
}

export const DEFAULT_READY_RECHECK: ReadyRecheckSettings = Object.freeze({
  timeoutMs: 60_000,
  minDelayMs: 1000,
  maxDelayMs: 10_000,
});

/**
 * The pause before fetching a `READY` verification again, or null once the timeout has passed
 * (record `not_certified`). Each pause is as long as the time already waited, within the
 * bounds: a backoff that doubles without keeping any count in the job. The last pause ends
 * exactly at the timeout, so the final fetch happens then.
 */
export function nextReadyRecheckMs(
  addedAt: number,
  now: number,
  settings: ReadyRecheckSettings,
): number | null {
  const remaining = addedAt + settings.timeoutMs - now;
  if (remaining <= 0) return null;
  const elapsed = Math.max(0, now - addedAt);
  const backoff = Math.min(settings.maxDelayMs, Math.max(settings.minDelayMs, elapsed));
  return Math.min(backoff, remaining);
}
