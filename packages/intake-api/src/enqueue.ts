import { ServiceUnavailableError } from "@cert/http";
import {
  type CertificationQueue,
  createSubmitter,
  invalidIdError,
  isVerificationId,
  type Provider,
  type Submission,
} from "@cert/queue";
import { SpanKind, verificationAttributes, withSpan } from "@cert/telemetry";
import { withDeadline } from "./deadline";
import type { IntakeMetrics } from "./metrics";
import { type PublicStatus, toPublicStatus } from "./public-status";
import type { ThrottledWarning } from "./throttled-warning";

export interface EnqueueResult {
  /** The verification id as accepted. */
  readonly id: string;
  readonly status: PublicStatus;
}

/** Validates a candidate id of `provider` and enqueues its check, idempotently. */
export type Enqueue = (provider: Provider, candidate: unknown) => Promise<EnqueueResult>;

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
 * The one enqueue path of both providers' submit and redirect routes: validate, then
 * the queue's submitter (one job per verification; a repeat adds nothing and reports its job's
 * current state; submissions arriving together share one round trip). Redis failures and slow answers become `503 queue_unavailable`; the add is
 * atomic, so nothing is ever half-written.
 *
 * @throws InvalidImpUidError / InvalidIdentityVerificationIdError for a malformed id (answered 400).
 */
export function createEnqueue(options: EnqueueOptions): Enqueue {
  const { queue, metrics, warn, timeoutMs, retryAfterSeconds } = options;
  const submit = createSubmitter(queue);
  return async (provider, candidate) => {
    if (!isVerificationId(provider, candidate)) throw invalidIdError(provider);
    let submission: Submission;
    try {
      // The trace of the verification starts here; BullMQ carries it on in the job's options.
      submission = await withSpan(
        "intake.enqueue",
        { kind: SpanKind.SERVER, attributes: verificationAttributes(provider, candidate) },
        () => withDeadline(submit({ provider, id: candidate }), timeoutMs, "enqueue"),
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
    return { id: candidate, status: toPublicStatus(submission.state) };
  };
}
