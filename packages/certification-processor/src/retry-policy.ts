/**
 * The retry policy of certification jobs, by the kind of error (provider-neutral: see
 * provider-errors.ts for how each client's errors map to a kind). Every failure of a job ends in
 * exactly one of these decisions:
 *
 * | error                                           | decision | effect                                  |
 * | ----------------------------------------------- | -------- | --------------------------------------- |
 * | provider outage (5xx, timeout, drop, V1 HTTP    | `retry`  | a RetryableJobError is thrown: BullMQ   |
 * |   200 with a non-zero code, V2 non-JSON body)   |          | retries with exponential backoff and    |
 * | invalid response marked retryable (V1 truncated | `retry`  | jitter, bounded by `attempts` (job      |
 * |   JSON or HTML page, oversized body)            |          | options of @cert/queue), then fails     |
 * | other retryable provider error                  | `retry`  | with the same code                      |
 * | DbError retryable (connection lost, deadlock)   | `retry`  |                                         |
 * | anything unexpected                             | `retry`  | (code `internal_error`)                 |
 * | rate limited (429)                              | `delay`  | this job alone waits Retry-After / the  |
 * | its provider's circuit breaker open             | `delay`  | breaker's remaining open time, without  |
 * |                                                 |          | using an attempt; jobs of the other     |
 * |                                                 |          | provider run on                         |
 * | auth refused (wrong key or secret, 401, 403)    | `fail`   | UnrecoverableError: straight to the     |
 * | invalid response not retryable (wrong schema,   | `fail`   | failed set, no retry storm; the         |
 * |   wrong id, unknown V2 status, bad birthday)    |          | dashboard can retry it once the cause   |
 * | other non-retryable provider error (V2 400)     | `fail`   | is fixed                                |
 * | provider not configured (no V2 secret)          | `fail`   |                                         |
 * | DbError not retryable (data or schema refused)  | `fail`   |                                         |
 * | InvalidJobDataError (no well-formed id)         | `fail`   |                                         |
 *
 * Not found and V2 `READY` are not failures: see the processor.
 *
 * The job's `failedReason` is always the decision's safe code, never the original message.
 */
import { AgeCheckInputError } from "@cert/age-check";
import { DbError } from "@cert/db";
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { InvalidJobDataError, ProviderNotConfiguredError, RetryableJobError } from "./errors";
import { FAILURE_CODES, type FailureCode } from "./failure-codes";
import { isBreakerOpen } from "./provider-breaker";
import { providerErrorKind } from "./provider-errors";

export type RetryDecision =
  /** Throw a retryable error: BullMQ backs off and tries again while attempts remain. */
  | { readonly action: "retry"; readonly code: FailureCode }
  /** Put this job back for `delayMs` without using an attempt. */
  | { readonly action: "delay"; readonly code: FailureCode; readonly delayMs: number }
  /** Fail the job at once: retrying cannot help. */
  | { readonly action: "fail"; readonly code: FailureCode };

/** Bounds of a delay, ms: long enough to matter, short enough to recover. */
export const MIN_DELAY_MS = 100;
export const MAX_DELAY_MS = 5 * 60_000;

const clampDelay = (ms: number) => Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, Math.ceil(ms)));

/**
 * Maps a job failure to its decision. `openBreakerRemainingMs` tells how long the job's
 * provider breaker stays open, so jobs wait exactly until it lets a trial call through.
 */
export function decideRetry(err: unknown, openBreakerRemainingMs = 0): RetryDecision {
  if (isBreakerOpen(err)) {
    return {
      action: "delay",
      code: FAILURE_CODES.providerCircuitOpen,
      delayMs: clampDelay(openBreakerRemainingMs),
    };
  }
  if (err instanceof InvalidJobDataError)
    return { action: "fail", code: FAILURE_CODES.invalidJobData };
  if (err instanceof ProviderNotConfiguredError)
    return { action: "fail", code: FAILURE_CODES.providerNotConfigured };
  if (err instanceof AgeCheckInputError) {
    // An impossible date that slipped through validation is provider data, not a bug of ours.
    return { action: "fail", code: FAILURE_CODES.providerInvalidResponse };
  }
  const provider = providerErrorKind(err);
  if (provider !== undefined) {
    switch (provider.kind) {
      case "rate_limited":
        // The provider's Retry-After, or the client's default when it sent none.
        return {
          action: "delay",
          code: FAILURE_CODES.providerRateLimited,
          delayMs: clampDelay(provider.retryAfterMs),
        };
      case "auth":
        return { action: "fail", code: FAILURE_CODES.providerAuthFailed };
      case "invalid_response":
        // Unreadable bodies may be a proxy's or a cut connection's doing: a few retries, same code.
        return {
          action: provider.retryable ? "retry" : "fail",
          code: FAILURE_CODES.providerInvalidResponse,
        };
      case "outage":
        return { action: "retry", code: FAILURE_CODES.providerUnavailable };
      case "rejected":
        return provider.retryable
          ? { action: "retry", code: FAILURE_CODES.providerUnavailable }
          : { action: "fail", code: FAILURE_CODES.providerRejected };
    }
  }
  if (err instanceof DbError) {
    return err.retryable
      ? { action: "retry", code: FAILURE_CODES.databaseUnavailable }
      : { action: "fail", code: FAILURE_CODES.databaseRejected };
  }
  return { action: "retry", code: FAILURE_CODES.internalError };
}

/**
 * Puts `job` back into the delayed set until `delayMs` from now, using no attempt, and returns
 * BullMQ's `DelayedError` for the processor to throw. Only this job waits: the queue, and every
 * job of the other provider, runs on. Without a lock `token` (a processor called outside a
 * Worker) it returns null: the caller degrades to an ordinary retry.
 */
export async function delayJob(
  job: Pick<Job, "moveToDelayed">,
  token: string | undefined,
  delayMs: number,
): Promise<Error | null> {
  if (token === undefined) return null;
  await job.moveToDelayed(Date.now() + delayMs, token);
  return new DelayedError();
}

/** Carries out `decision` and returns the error the processor must throw. */
export async function enactRetryDecision(
  decision: RetryDecision,
  job: Pick<Job, "moveToDelayed">,
  token: string | undefined,
  cause?: unknown,
): Promise<Error> {
  switch (decision.action) {
    case "fail":
      return new UnrecoverableError(decision.code);
    case "retry":
      return new RetryableJobError(decision.code, { cause });
    case "delay":
      return (
        (await delayJob(job, token, decision.delayMs)) ??
        new RetryableJobError(decision.code, { cause })
      );
  }
}
