import type { Logger } from "@cert/logger";

/** Logs a warning for an error, at most once per interval. */
export type ThrottledWarning = (error: unknown) => void;

/**
 * During an outage every request fails the same way; one warning per `intervalMs` (with the
 * number of repeats it stands for) says as much as thousands of identical lines, and keeps the
 * synchronous logger off the hot path.
 */
export function throttledWarning(
  logger: Logger,
  msg: string,
  intervalMs = 10_000,
): ThrottledWarning {
  let lastAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastAt < intervalMs) {
      suppressed++;
      return;
    }
    logger.warn({ err: error, suppressed }, msg);
    lastAt = now;
    suppressed = 0;
  };
}
