/** Raised by {@link withTimeout} when the operation did not settle in time. */
export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
  readonly code = "timeout";
  /** A later attempt may find the dependency responsive again. */
  readonly retryable = true;

  constructor(operation: string, timeoutMs: number) {
    super(`${operation} did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Settles like `promise`, or rejects with {@link TimeoutError} after `timeoutMs`. The operation
 * itself is not cancelled (Redis and pg commands cannot be), but a late rejection is handled
 * here, so it never becomes an unhandled rejection.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  operation: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(operation, timeoutMs)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
