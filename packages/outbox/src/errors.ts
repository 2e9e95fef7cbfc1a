/**
 * Redis refused or dropped the batch's XADDs. The rows stay unpublished and the relay tries
 * again after a backoff, so this is always retryable. The message carries no payload: Redis
 * errors name commands and connection states, never our data, and the cause is kept as is.
 */
export class StreamPublishError extends Error {
  override readonly name = "StreamPublishError";
  readonly code = "redis_unavailable";
  readonly retryable = true;

  constructor(cause: unknown) {
    super(
      `XADD to the outcome stream failed: ${cause instanceof Error ? cause.message : "unknown error"}`,
      {
        cause,
      },
    );
  }
}
