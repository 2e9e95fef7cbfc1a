import { ServiceUnavailableError } from "@cert/http";
import {
  type CertificationQueue,
  InvalidImpUidError,
  isImpUid,
  submitCertification,
} from "@cert/queue";
import { SpanKind, verificationAttributes, withSpan } from "@cert/telemetry";
import { withDeadline } from "./deadline";
import type { IntakeMetrics } from "./metrics";
import { type PublicStatus, toPublicStatus } from "./public-status";
import type { ThrottledWarning } from "./throttled-warning";

export interface EnqueueResult {
  readonly impUid: string;
  readonly status: PublicStatus;
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
  /** Longest wait for Redis per request, in ms, before answering 503. */
  timeoutMs: number;
  /** `Retry-After` of the 503 answer, in seconds. */
  retryAfterSeconds: number;
}

/**
 * The one enqueue path of `POST /certifications` and of the redirect flow: validate, then
 * `submitCertification` (one job per imp_uid; a repeat adds nothing and reports its job's
 * current state). Redis failures and slow answers become `503 queue_unavailable`; the add is
 * atomic, so nothing is ever half-written.
 *
 * @throws InvalidImpUidError when `candidate` is not an imp_uid (answered 400).
 */
export function createEnqueue(options: EnqueueOptions): Enqueue {
  const { queue, metrics, warn, timeoutMs, retryAfterSeconds } = options;
  return async (candidate) => {
    if (!isImpUid(candidate)) throw new InvalidImpUidError();
    let submission: Awaited<ReturnType<typeof submitCertification>>;
    try {
      // The trace of the verification starts here; BullMQ carries it on in the job's options.
      submission = await withSpan(
        "intake.enqueue",
        { kind: SpanKind.SERVER, attributes: verificationAttributes("iamport", candidate) },
        () => withDeadline(submitCertification(queue, candidate), timeoutMs, "enqueue"),
      );
    } catch (error) {
      warn(error);
      throw new ServiceUnavailableError(
        "queue_unavailable",
        "The queue is unavailable, retry later",
        retryAfterSeconds,
      );
    }
    (submission.added ? metrics.accepted : metrics.duplicates).inc();
    return { impUid: candidate, status: toPublicStatus(submission.state) };
  };
}
