import { setTimeout as sleep } from "node:timers/promises";

/** Raised by {@link withDeadline} when the work did not settle in time. */
export class DeadlineExceededError extends Error {
  override readonly name = "DeadlineExceededError";
  readonly code = "deadline_exceeded";
  /** A later attempt may find the dependency responsive again. */
  readonly retryable = true;

  constructor(operation: string, timeoutMs: number) {
    super(`${operation} did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Settles like `work`, or rejects with {@link DeadlineExceededError} after `timeoutMs`. The
 * work itself is not cancelled (Redis and pg commands cannot be); its late rejection is
 * absorbed by the race, so it never becomes an unhandled rejection. The timer never keeps the
 * process alive and is cleared as soon as the race is decided.
 */
export async function withDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  operation: string,
): Promise<T> {
  const cancel = new AbortController();
  const expired = sleep(timeoutMs, undefined, { signal: cancel.signal, ref: false }).then(() => {
    throw new DeadlineExceededError(operation, timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    cancel.abort();
  }
}
