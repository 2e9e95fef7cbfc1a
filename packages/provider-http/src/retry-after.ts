/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds or an HTTP date (as RFC 9110
 * defines the header). Absent or unreadable values give `fallbackMs`; dates in the past give 0.
 */
export function retryAfterMs(
  header: string | string[] | undefined,
  fallbackMs: number,
  nowMs: number = Date.now(),
): number {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return fallbackMs;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - nowMs);
}
