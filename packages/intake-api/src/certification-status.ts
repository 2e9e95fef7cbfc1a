import { type CertificationStatus, findCertificationStatus, type Queryable } from "@cert/db";
import { ServiceUnavailableError } from "@cert/http";
import {
  type CertificationJob,
  type CertificationJobState,
  type CertificationQueue,
  jobIdFor,
  type VerificationRef,
} from "@cert/queue";
import { withDeadline } from "./deadline";
import { type PublicStatus, safeErrorCode, toPublicStatus } from "./public-status";
import type { ThrottledWarning } from "./throttled-warning";

/**
 * The status of one verification. Never personal data: no name, birth, phone or unique_key.
 * The route names `id` after its provider (`imp_uid`, `identityVerificationId`).
 */
export interface VerificationStatus {
  id: string;
  status: PublicStatus;
  /** The age-check outcome, once recorded. */
  outcome?: CertificationStatus["outcome"];
  /** Attempts started so far; null when only Postgres remembers the verification (job removed). */
  attempts: number | null;
  /** Safe failure code of a failed job (e.g. `provider_auth_failed`). */
  error?: string;
}

/** Looks up a verification; null when neither the queue nor Postgres knows it. */
export type StatusLookup = (ref: VerificationRef) => Promise<VerificationStatus | null>;

export interface StatusLookupOptions {
  /** The live state, while the job is retained. */
  queue: CertificationQueue;
  /** The recorded outcome, for good. */
  pool: Queryable;
  /** Reports Redis failures (throttled). */
  redisWarning: ThrottledWarning;
  /** Reports Postgres failures (throttled). */
  postgresWarning: ThrottledWarning;
  /** Longest wait for Redis, then for Postgres, in ms. Default 2000. */
  timeoutMs?: number;
  /** `Retry-After` of a 503 answer, in seconds. Default 5. */
  retryAfterSeconds?: number;
}

/**
 * Status from both stores. Redis holds the live state while the job is retained; Postgres holds
 * the outcome for good. Postgres is asked only when it can add something: the job finished
 * (to read its outcome; a recorded outcome also wins over a failed job, since the verification did
 * reach its final state), the job is gone (removed after retention), or Redis is down.
 */
export function createStatusLookup(options: StatusLookupOptions): StatusLookup {
  const { queue, pool, redisWarning, postgresWarning } = options;
  const { timeoutMs = 2000, retryAfterSeconds = 5 } = options;

  async function readQueue(
    ref: VerificationRef,
  ): Promise<[CertificationJobState, CertificationJob | undefined]> {
    const jobId = jobIdFor(ref);
    // Both commands go out together: one round trip.
    return withDeadline(
      Promise.all([queue.getJobState(jobId), queue.getJob(jobId)]),
      timeoutMs,
      "job lookup",
    );
  }

  async function readRecorded(ref: VerificationRef): Promise<CertificationStatus | null> {
    try {
      return await withDeadline(
        findCertificationStatus(pool, ref.provider, ref.id),
        timeoutMs,
        "status query",
      );
    } catch (error) {
      postgresWarning(error);
      throw new ServiceUnavailableError(
        "database_unavailable",
        "The database is unavailable, retry later",
        retryAfterSeconds,
      );
    }
  }

  const completed = (
    recorded: CertificationStatus,
    attempts: number | null,
  ): VerificationStatus => ({
    id: recorded.verificationId,
    status: "completed",
    outcome: recorded.outcome,
    attempts,
  });

  return async (ref) => {
    let state: CertificationJobState;
    let job: CertificationJob | undefined;
    try {
      [state, job] = await readQueue(ref);
    } catch (error) {
      redisWarning(error);
      // Without Redis a recorded outcome is still a complete answer; anything else is not.
      const recorded = await readRecorded(ref).catch(() => null);
      if (recorded) return completed(recorded, null);
      throw new ServiceUnavailableError(
        "queue_unavailable",
        "The queue is unavailable, retry later",
        retryAfterSeconds,
      );
    }

    if (job === undefined || state === "unknown") {
      const recorded = await readRecorded(ref);
      return recorded ? completed(recorded, null) : null;
    }

    const status = toPublicStatus(state);
    // Started attempts count the one in progress (and stalled ones); made ones only finished.
    const attempts = Math.max(job.attemptsMade, job.attemptsStarted);
    if (status === "queued" || status === "processing") {
      return { id: ref.id, status, attempts };
    }
    const recorded = await readRecorded(ref);
    if (recorded) return completed(recorded, attempts);
    if (status === "failed") {
      return { id: ref.id, status, attempts, error: safeErrorCode(job.failedReason) };
    }
    return { id: ref.id, status, attempts };
  };
}
