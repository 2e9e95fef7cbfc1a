import { addCertificationJob, type CertificationQueue, isImpUid, jobIdFor } from "@cert/queue";
import { InvalidImpUidError, ServiceUnavailableError } from "./errors";
import type { JobProbe } from "./job-probe";
import type { IntakeMetrics } from "./metrics";
import { type PublicStatus, toPublicStatus } from "./public-status";
import type { ThrottledWarning } from "./throttled-warning";
import { withTimeout } from "./with-timeout";

export interface EnqueueResult {
  readonly impUid: string;
  readonly status: PublicStatus;
  /** True when a retained job already carried this imp_uid, so nothing was added. */
  readonly duplicate: boolean;
}

/** A duplicate probe started ahead of the enqueue (see {@link Enqueue.probeEarly}). */
export type EarlyProbe = Promise<boolean> | undefined;

/** Validates a candidate imp_uid and enqueues its check, idempotently. */
export interface Enqueue {
  (candidate: unknown, early?: EarlyProbe): Promise<EnqueueResult>;
  /**
   * Starts the duplicate probe of a well-formed candidate now (`undefined` for anything else),
   * so that it shares a Redis round trip with the rate limiter's count, which runs in the same
   * event-loop turn; pass the result to the enqueue. The probe only reads, so starting it for a
   * request the limiter then refuses changes nothing, and a failed probe is never unhandled.
   */
  probeEarly(candidate: unknown): EarlyProbe;
}

export interface EnqueueOptions {
  /** Where jobs go (on a fail-fast producer connection). */
  queue: CertificationQueue;
  /** Tells a first submission from a repeat (see `createJobProbe`). */
  probe: JobProbe;
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
 * retained. To answer a repeat with the job's current status, the job is first probed: the
 * probes of all requests in one event-loop turn share one Redis command, so a first submission
 * costs little more than the bare `queue.add`, and only a repeat pays one more round trip, to
 * read the job's state.
 *
 * Redis failures (the producer connection fails fast while disconnected) and slow answers
 * become `503 queue_unavailable`; the add is atomic, so nothing is ever half-written.
 */
export function createEnqueue(options: EnqueueOptions): Enqueue {
  const { queue, probe, metrics, warn, timeoutMs = 2000, retryAfterSeconds = 5 } = options;

  const startProbe = (impUid: string): Promise<boolean> => probe(queue.toKey(jobIdFor(impUid)));

  async function probeAndAdd(impUid: string, early: EarlyProbe): Promise<EnqueueResult> {
    const jobId = jobIdFor(impUid);
    const existed = await (early ?? startProbe(impUid));
    await addCertificationJob(queue, impUid);
    if (!existed) return { impUid, status: "queued", duplicate: false };
    const state = await queue.getJobState(jobId);
    return { impUid, status: toPublicStatus(state), duplicate: true };
  }

  const enqueue = async (candidate: unknown, early?: EarlyProbe): Promise<EnqueueResult> => {
    if (!isImpUid(candidate)) throw new InvalidImpUidError();
    let result: EnqueueResult;
    try {
      result = await withTimeout(probeAndAdd(candidate, early), timeoutMs, "enqueue");
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

  return Object.assign(enqueue, {
    probeEarly(candidate: unknown): EarlyProbe {
      if (!isImpUid(candidate)) return undefined;
      const early = startProbe(candidate);
      // Handled here too: a refused request never awaits its probe.
      early.catch(() => {});
      return early;
    },
  });
}
