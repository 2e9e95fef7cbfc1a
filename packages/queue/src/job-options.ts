import type { DefaultJobOptions } from "bullmq";

/**
 * The part of the configuration that shapes jobs. Matches `JobQueueConfig` of `@cert/config`,
 * whose variables (`JOB_ATTEMPTS`, `JOB_BACKOFF_MS`, `*_RETENTION_*`) document the defaults.
 */
export interface JobOptionsConfig {
  /** Attempts per job, first try included (`JOB_ATTEMPTS`, default 8). */
  readonly jobAttempts: number;
  /** Delay before the first retry, in ms (`JOB_BACKOFF_MS`, default 1000). */
  readonly jobBackoffMs: number;
  readonly retention: {
    /** Completed jobs older than this are removed (`COMPLETED_RETENTION_SECONDS`, default 3600). */
    readonly completedAgeSeconds: number;
    /** At most this many completed jobs are kept (`COMPLETED_RETENTION_COUNT`, default 10000). */
    readonly completedCount: number;
    /** Failed jobs older than this are removed (`FAILED_RETENTION_SECONDS`, default 7 days). */
    readonly failedAgeSeconds: number;
  };
}

/** The configuration defaults, for producers built without a loaded config (tests, scripts). */
export const DEFAULT_JOB_OPTIONS_CONFIG: JobOptionsConfig = Object.freeze({
  jobAttempts: 8,
  jobBackoffMs: 1000,
  retention: Object.freeze({
    completedAgeSeconds: 3600,
    completedCount: 10_000,
    failedAgeSeconds: 7 * 86_400,
  }),
});

/**
 * Share of each backoff delay that is randomised: retry n waits between 50% and 100% of
 * `jobBackoffMs * 2^(n-1)`, so jobs that failed together (a provider outage) do not all retry
 * in the same instant.
 */
export const BACKOFF_JITTER = 0.5;

/**
 * BullMQ options for every certification job:
 * - `attempts`: `jobAttempts`;
 * - `backoff`: exponential from `jobBackoffMs`, with {@link BACKOFF_JITTER};
 * - `removeOnComplete`: after `completedAgeSeconds` or beyond `completedCount` jobs. While a
 *   completed job is retained, enqueueing its imp_uid again is a no-op (idempotent intake);
 * - `removeOnFail`: after `failedAgeSeconds`, leaving time to inspect and retry.
 */
export function defaultJobOptions(
  config: JobOptionsConfig = DEFAULT_JOB_OPTIONS_CONFIG,
): DefaultJobOptions {
  return {
    attempts: config.jobAttempts,
    backoff: { type: "exponential", delay: config.jobBackoffMs, jitter: BACKOFF_JITTER },
    removeOnComplete: {
      age: config.retention.completedAgeSeconds,
      count: config.retention.completedCount,
    },
    removeOnFail: { age: config.retention.failedAgeSeconds },
  };
}
