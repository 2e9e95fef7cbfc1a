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
 * here, so it never becomes an unhandled rejection. (One promise and one timer per call rather
 * than `Promise.race` and `finally`: this wraps every intake request.)
 */
export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  operation: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(operation, timeoutMs)), timeoutMs);
    promise.then(
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
