/**
 * The value given as an imp_uid is not `imp_` followed by digits (at most 32 characters).
 * The message does not echo the value: it is untrusted input.
 */
export class InvalidImpUidError extends Error {
  override readonly name = "InvalidImpUidError";
  /** Same code the API answers with (`400 invalid_imp_uid`). */
  readonly code = "invalid_imp_uid";
  /** The same input will always be invalid. */
  readonly retryable = false;

  constructor() {
    super("imp_uid must be imp_ followed by digits, at most 32 characters");
  }
}

/**
 * Redis could not be reached (down, timed out, or still connecting), so nothing was enqueued.
 * Retrying later can help; the API answers 503 with `Retry-After`.
 */
export class QueueUnavailableError extends Error {
  override readonly name = "QueueUnavailableError";
  readonly code = "queue_unavailable";
  readonly retryable = true;

  constructor(options?: { cause?: unknown }) {
    super("Redis is unavailable; nothing was enqueued", options);
  }
}
