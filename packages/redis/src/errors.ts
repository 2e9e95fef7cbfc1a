import { ReplyError } from "ioredis";

/**
 * Redis did not answer: disconnected, still connecting, timed out, or retries exhausted.
 * Retrying later can help; HTTP answers it with 503 and `Retry-After`.
 */
export class RedisUnavailableError extends Error {
  override readonly name: string = "RedisUnavailableError";
  readonly code: string = "redis_unavailable";
  readonly retryable = true;

  constructor(options?: { cause?: unknown }, message = "Redis is unavailable") {
    super(message, options);
  }
}

/** Whether `error` is (or was already turned into) a {@link RedisUnavailableError}. */
export function isRedisUnavailableError(error: unknown): error is RedisUnavailableError {
  return error instanceof RedisUnavailableError;
}

/** Errors that are bugs in the calling code, never a sign of Redis' health. */
const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];

/**
 * What an error thrown by a Redis command means. ioredis raises plain `Error`s when Redis does
 * not answer (closed connection, offline with no queue, command timeout) and a `ReplyError`
 * when Redis answered with an error; so a `ReplyError` or a programming error is returned as
 * is, and anything else becomes a {@link RedisUnavailableError} carrying it as `cause`.
 */
export function classifyRedisError(error: unknown): unknown {
  if (error instanceof RedisUnavailableError || error instanceof ReplyError) return error;
  if (PROGRAMMING_ERRORS.some((type) => error instanceof type)) return error;
  return new RedisUnavailableError({ cause: error });
}

/**
 * Redis took a write but no replica acknowledged it in time while replicas exist, so a failover
 * now could lose it. It is a kind of unavailability (HTTP answers 503 with `Retry-After`), and
 * retrying helps: the client's repeat finds the write and waits for replication again.
 */
export class NotReplicatedError extends RedisUnavailableError {
  override readonly name = "NotReplicatedError";
  override readonly code = "redis_not_replicated";

  constructor() {
    super(undefined, "No Redis replica acknowledged the write in time");
  }
}
