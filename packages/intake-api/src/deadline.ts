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
 * absorbed, so it never becomes an unhandled rejection. The timer never keeps the process
 * alive and is cleared as soon as the work settles.
 *
 * A plain timer rather than an aborted `timers/promises` sleep: this runs on every intake
 * request, and aborting a sleep builds an AbortController, a signal and a DOMException with
 * a stack each time.
 */
export function withDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  operation: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new DeadlineExceededError(operation, timeoutMs)),
      timeoutMs,
    );
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
