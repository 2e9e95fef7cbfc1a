import { type CertificationQueue, isImpUid, jobIdFor } from "@cert/queue";
import { InvalidImpUidError, ServiceUnavailableError } from "./errors";
import type { IntakeMetrics } from "./metrics";
import { createProbedAdd } from "./probed-add";
import { type PublicStatus, toPublicStatus } from "./public-status";
import type { ThrottledWarning } from "./throttled-warning";
import { withTimeout } from "./with-timeout";

export interface EnqueueResult {
  readonly impUid: string;
  readonly status: PublicStatus;
  /** True when a retained job already carried this imp_uid, so nothing was added. */
  readonly duplicate: boolean;
}

/** Validates a candidate imp_uid and enqueues its check, idempotently. */
export type Enqueue = (candidate: unknown) => Promise<EnqueueResult>;

export interface EnqueueOptions {
  /** Where jobs go (on a fail-fast producer connection). */
  queue: CertificationQueue;
  /** Counts accepted and duplicate submissions. */
  metrics: IntakeMetrics;
  /** Called when Redis fails; should be throttled, an outage fails every request. */
  warn: ThrottledWarning;
  /** Longest wait for Redis per request, in ms, before answering 503. Default 2000. */
  timeoutMs?: number;
  /** `Retry-After` of the 503 answer, in seconds. Default 5. */
  retryAfterSeconds?: number;
}

/**
 * The one enqueue path of `POST /certifications` and of the redirect flow.
 *
 * The add uses the deterministic job id, so a repeated imp_uid is a no-op while its job is
 * retained. The add is probed (see `createProbedAdd`), so a first submission costs one round
 * trip, like the bare `queue.add`; only a repeat pays one more, to read its job's state.
 *
 * Redis failures (the producer connection fails fast while disconnected) and slow answers
 * become `503 queue_unavailable`; the add is atomic, so nothing is ever half-written.
 */
export function createEnqueue(options: EnqueueOptions): Enqueue {
  const { queue, metrics, warn, timeoutMs = 2000, retryAfterSeconds = 5 } = options;

  const probedAdd = createProbedAdd(queue);

  async function probeAndAdd(impUid: string): Promise<EnqueueResult> {
    if (!(await probedAdd(impUid))) return { impUid, status: "queued", duplicate: false };
    const state = await queue.getJobState(jobIdFor(impUid));
    return { impUid, status: toPublicStatus(state), duplicate: true };
  }

  return async (candidate: unknown): Promise<EnqueueResult> => {
    if (!isImpUid(candidate)) throw new InvalidImpUidError();
    let result: EnqueueResult;
    try {
      result = await withTimeout(probeAndAdd(candidate), timeoutMs, "enqueue");
    } catch (error) {
      warn(error);
      throw new ServiceUnavailableError(
        "queue_unavailable",
        "The queue is unavailable, retry later",
        retryAfterSeconds,
      );
    }
    (result.duplicate ? metrics.duplicates : metrics.accepted).inc();
    return result;
  };
}
