import type { Job, Queue } from "bullmq";
import { JobNotFailedError, JobNotFoundError } from "./errors";

/**
 * A manual retry starts the job's retry policy over: a dead letter is retried once the operator
 * has fixed its cause, and should then ride out transient errors like a fresh job instead of
 * failing again on the first blip because its attempts were already spent.
 */
const RETRY_OPTIONS = { resetAttemptsMade: true, resetAttemptsStarted: true } as const;

/** Jobs retried concurrently by a batch: enough to hide round trips, few enough to be gentle. */
const BATCH_CONCURRENCY = 50;

/**
 * Moves a failed job back to waiting. Returns false when it had already left the failed set
 * (another operator or the dashboard got there first); other errors are rethrown.
 */
async function retryIfStillFailed(job: Job): Promise<boolean> {
  try {
    await job.retry("failed", RETRY_OPTIONS);
    return true;
  } catch (error) {
    if ((await job.getState()) !== "failed") return false;
    throw error;
  }
}

/** Retries one failed job by id: 404 when unknown, 409 when it is not in the failed set. */
export async function retryFailedJob(queue: Queue, jobId: string): Promise<void> {
  const job = await queue.getJob(jobId);
  if (!job) throw new JobNotFoundError(jobId);
  const state = await job.getState();
  if (state !== "failed") throw new JobNotFailedError(jobId, state);
  if (await retryIfStillFailed(job)) return;
  const now = await job.getState();
  throw now === "unknown" ? new JobNotFoundError(jobId) : new JobNotFailedError(jobId, now);
}

export interface RetryBatchResult {
  /** Jobs moved back to waiting by this call. */
  retried: number;
  /** Jobs in the failed set after this call (including any that failed again meanwhile). */
  remaining: number;
}

/**
 * Retries at most `limit` failed jobs, oldest failure first, so one request stays bounded in
 * time and Redis load however large the failed set has grown; call again while `remaining`.
 */
export async function retryFailedBatch(queue: Queue, limit: number): Promise<RetryBatchResult> {
  const jobs = await queue.getJobs(["failed"], 0, limit - 1, true);
  let retried = 0;
  for (let start = 0; start < jobs.length; start += BATCH_CONCURRENCY) {
    const chunk = jobs.slice(start, start + BATCH_CONCURRENCY);
    const outcomes = await Promise.all(chunk.map(retryIfStillFailed));
    retried += outcomes.filter(Boolean).length;
  }
  return { retried, remaining: await queue.getFailedCount() };
}
