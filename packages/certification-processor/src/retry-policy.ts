/**
 * The retry policy of certification jobs, by error class. Every failure of a job ends
 * in exactly one of these decisions:
 *
 * | error                                           | decision     | effect                                  |
 * | ----------------------------------------------- | ------------ | --------------------------------------- |
 * | IamportTransientError (5xx, timeout, drop,      | `retry`      | a RetryableJobError is thrown: BullMQ   |
 * |   HTTP 200 with a non-zero code)                |              | retries with exponential backoff and    |
 * | IamportInvalidResponseError marked retryable    | `retry`      | jitter, bounded by `attempts` (job      |
 * |   (truncated JSON, an HTML page: proxies, cuts) |              | options of @cert/queue), then fails     |
 * | DbError retryable (connection lost, deadlock)   | `retry`      | with the same code                      |
 * | anything unexpected                             | `retry`      | (code `internal_error`)                 |
 * | IamportRateLimitError (429)                     | `rate_limit` | the queue is rate-limited for           |
 * | circuit breaker open                            | `rate_limit` | Retry-After / the breaker's remaining   |
 * |                                                 |              | open time; the job goes back to wait    |
 * |                                                 |              | without using an attempt                |
 * | IamportAuthError (wrong key or secret, 403)     | `fail`       | UnrecoverableError: straight to the     |
 * | IamportInvalidResponseError not retryable       | `fail`       | failed set, no retry storm; the         |
 * |   (wrong schema, wrong imp_uid, bad birthday)   |              | dashboard can retry it once the cause   |
 * | other non-retryable IamportError                | `fail`       | is fixed                                |
 * | DbError not retryable (data or schema refused)  | `fail`       |                                         |
 * | InvalidJobDataError (no well-formed imp_uid)    | `fail`       |                                         |
 *
 * Not found is not a failure: the processor re-fetches once to confirm, then records the
 * `not_found` outcome (see fetch-certification.ts).
 *
 * The job's `failedReason` is always the decision's safe code, never the original message.
 */
import { AgeCheckInputError } from "@cert/age-check";
import { DbError } from "@cert/db";
import {
  IamportAuthError,
  IamportError,
  IamportInvalidResponseError,
  IamportRateLimitError,
  IamportTransientError,
} from "@cert/iamport";
import { UnrecoverableError, Worker } from "bullmq";
import { InvalidJobDataError, RetryableJobError } from "./errors";
import { FAILURE_CODES, type FailureCode } from "./failure-codes";
import { isBreakerOpen } from "./provider-breaker";

export type RetryDecision =
  /** Throw a retryable error: BullMQ backs off and tries again while attempts remain. */
  | { readonly action: "retry"; readonly code: FailureCode }
  /** Pause the queue for `delayMs` and put the job back without using an attempt. */
  | { readonly action: "rate_limit"; readonly code: FailureCode; readonly delayMs: number }
  /** Fail the job at once: retrying cannot help. */
  | { readonly action: "fail"; readonly code: FailureCode };

/** What BullMQ's manual rate limit needs: a Worker (or Queue) of the certification queue. */
export interface RateLimiter {
  rateLimit(expireTimeMs: number): Promise<void>;
}

/** Bounds of a rate-limit pause, ms: long enough to matter, short enough to recover. */
export const MIN_RATE_LIMIT_MS = 100;
export const MAX_RATE_LIMIT_MS = 5 * 60_000;

const clampDelay = (ms: number) =>
  Math.min(MAX_RATE_LIMIT_MS, Math.max(MIN_RATE_LIMIT_MS, Math.ceil(ms)));

/** True for errors that mean "the provider is down": the only ones the circuit breaker counts. */
export function isProviderOutage(err: unknown): boolean {
  return err instanceof IamportTransientError;
}

/**
 * Maps a job failure to its decision. `openBreakerRemainingMs` tells how long an open breaker
 * stays open, so jobs wait exactly until the breaker lets a trial call through.
 */
export function decideRetry(err: unknown, openBreakerRemainingMs = 0): RetryDecision {
  if (isBreakerOpen(err)) {
    return {
      action: "rate_limit",
      code: FAILURE_CODES.providerCircuitOpen,
      delayMs: clampDelay(openBreakerRemainingMs),
    };
  }
  if (err instanceof InvalidJobDataError)
    return { action: "fail", code: FAILURE_CODES.invalidJobData };
  if (err instanceof IamportRateLimitError) {
    // retryAfterMs is the provider's Retry-After, or the client's default when it sent none.
    return {
      action: "rate_limit",
      code: FAILURE_CODES.providerRateLimited,
      delayMs: clampDelay(err.retryAfterMs),
    };
  }
  if (err instanceof IamportAuthError)
    return { action: "fail", code: FAILURE_CODES.providerAuthFailed };
  if (err instanceof IamportInvalidResponseError) {
    // Unreadable bodies may be a proxy's or a cut connection's doing: a few retries, same code.
    return {
      action: err.retryable ? "retry" : "fail",
      code: FAILURE_CODES.providerInvalidResponse,
    };
  }
  if (err instanceof AgeCheckInputError) {
    // An impossible date that slipped through validation is provider data, not a bug of ours.
    return { action: "fail", code: FAILURE_CODES.providerInvalidResponse };
  }
  if (err instanceof IamportTransientError)
    return { action: "retry", code: FAILURE_CODES.providerUnavailable };
  if (err instanceof IamportError) {
    return err.retryable
      ? { action: "retry", code: FAILURE_CODES.providerUnavailable }
      : { action: "fail", code: FAILURE_CODES.providerRejected };
  }
  if (err instanceof DbError) {
    return err.retryable
      ? { action: "retry", code: FAILURE_CODES.databaseUnavailable }
      : { action: "fail", code: FAILURE_CODES.databaseRejected };
  }
  return { action: "retry", code: FAILURE_CODES.internalError };
}

/**
 * Carries out `decision` and returns the error the processor must throw. For `rate_limit` it
 * first sets BullMQ's manual rate limit through `rateLimiter`; without one (a processor used
 * outside a Worker) it degrades to an ordinary retry, which uses an attempt.
 */
export async function enactRetryDecision(
  decision: RetryDecision,
  rateLimiter: RateLimiter | undefined,
  cause?: unknown,
): Promise<Error> {
  switch (decision.action) {
    case "fail":
      return new UnrecoverableError(decision.code);
    case "retry":
      return new RetryableJobError(decision.code, { cause });
    case "rate_limit":
      if (!rateLimiter) return new RetryableJobError(decision.code, { cause });
      await rateLimiter.rateLimit(decision.delayMs);
      return Worker.RateLimitError();
  }
}
