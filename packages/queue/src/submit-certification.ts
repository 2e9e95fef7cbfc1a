import { createCallBatcher } from "@cert/call-batcher";
import { classifyRedisError } from "@cert/redis";
import type { ContextManager } from "bullmq";
import {
  CERTIFICATION_JOB_NAME,
  type CertificationJobData,
  type CertificationQueue,
} from "./certification-queue";
import { confirmJobReplicated, connectionOf } from "./queue-primary";
import { jobIdFor, type VerificationRef } from "./verification-id";

/** A job state as `Queue.getJobState` reports it. */
export type CertificationJobState = Awaited<ReturnType<CertificationQueue["getJobState"]>>;

/** What submitting a verification did. */
export interface Submission {
  /** False when a retained job already carried this verification, so nothing was added. */
  readonly added: boolean;
  /** The job's state right after the submission (`waiting` for a job just added). */
  readonly state: CertificationJobState;
}

/**
 * Adds the check of a verification (either provider) unless a retained job already carries it,
 * and says which.
 *
 * @throws RedisUnavailableError when Redis does not answer, or NotReplicatedError (one of them)
 *   when the primary has replicas and none acknowledged the job in time.
 */
export type SubmitCertification = (ref: VerificationRef) => Promise<Submission>;

/** One submission waiting for its batch: the verification and the trace it belongs to. */
interface PendingAdd {
  readonly ref: VerificationRef;
  /** `jobIdFor(ref)`, derived once. */
  readonly jobId: string;
  /** The submitter's trace context; none with tracing off. */
  readonly context: unknown;
}

/**
 * The one enqueue path of intake. Submissions that arrive together (in one event-loop turn, or
 * while the previous batch is in Redis) go out together: one pipeline of probes and one
 * `addBulk`, two writes on the queue's connection however many requests they serve, and one
 * replication confirmation. Alone, a submission still costs one round trip (two plain commands).
 *
 * BullMQ's add with a job id that is still retained is a no-op that returns the existing id, so
 * it alone keeps one job per verification, but it does not say whether it added anything. So
 * each job hash is probed (`HEXISTS <job key> name`; every BullMQ job has a `name` field) on the
 * queue's own connection (`connectionOf`) just before the add. Redis runs one connection's commands in order and
 * the probes are written before the add, so they see the queue as it was before it. Two
 * submissions of one verification never share a batch, so the second one sees the first's job.
 * Only a repeat pays one more round trip, to read its job's current state.
 *
 * Tracing: each job carries the trace context of its own submission, so every verification
 * stays one trace. A lone submission's `add` runs in its context (BullMQ's `add` span is a child
 * of the submission's span, and the job's context is that `add`). In a batch each job carries its
 * submission's context in BullMQ's per-job `telemetry.metadata`, and the `addBulk` span belongs
 * to the trace of the submission that opened the batch, as the outbox's commit does.
 */
export function createSubmitter(queue: CertificationQueue): SubmitCertification {
  const contexts = queue.opts.telemetry?.contextManager;
  const batcher = createCallBatcher<PendingAdd, number>({
    keysOf: ({ jobId }) => [jobId],
    run: async (batch) => {
      const replies = await probeAndAdd(queue, contexts, batch);
      // Confirmed only once a replica holds the jobs (when the primary has replicas): one WAIT
      // covers every write this connection made before it.
      const last = batch[batch.length - 1] as PendingAdd;
      await confirmJobReplicated(queue, last.jobId);
      return replies.map(([error, existed]) =>
        error
          ? { status: "rejected", reason: error }
          : { status: "fulfilled", value: existed as number },
      );
    },
  });
  return async (ref) => {
    const jobId = jobIdFor(ref);
    let existed: number;
    try {
      existed = await batcher.add({ ref, jobId, context: contexts?.active() });
    } catch (error) {
      throw classifyRedisError(error);
    }
    if (existed === 0) return { added: true, state: "waiting" };
    try {
      return { added: false, state: await queue.getJobState(jobId) };
    } catch (error) {
      throw classifyRedisError(error);
    }
  };
}

/**
 * Probes each job hash, then adds the jobs, on the queue's connection in that order; one
 * `[error, 0 | 1]` per submission. A lone submission (the usual case below a few hundred
 * requests a second) sends two plain commands: an ioredis pipeline or transaction copies every
 * script command of its connection (BullMQ defines dozens) onto itself, kilobytes of garbage
 * that a batch amortizes and a lone submission would pay alone. Its `add` runs in its own trace
 * context, so BullMQ's producer span and the job's context belong to that submission.
 */
async function probeAndAdd(
  queue: CertificationQueue,
  contexts: ContextManager | undefined,
  batch: readonly PendingAdd[],
): Promise<[error: Error | null, existed: unknown][]> {
  const connection = connectionOf(queue);
  const [only] = batch;
  if (batch.length === 1 && only !== undefined) {
    const probed = connection.hexists(queue.toKey(only.jobId), "name");
    const data = dataOf(only.ref);
    const add = () => queue.add(CERTIFICATION_JOB_NAME, data, { jobId: only.jobId });
    const [existed] = await Promise.all([
      probed,
      contexts ? contexts.with(only.context, add) : add(),
    ]);
    return [[null, existed]];
  }
  const probes = connection.pipeline();
  for (const { jobId } of batch) probes.hexists(queue.toKey(jobId), "name");
  const probed = probes.exec();
  // Written after the probes, so it reaches Redis after them.
  const jobs = batch.map((pending) => jobOf(pending, contexts?.getMetadata(pending.context)));
  const [replies] = await Promise.all([probed, queue.addBulk(jobs)]);
  return batch.map((_, i) => replies?.[i] ?? [new Error("no reply to the probe"), null]);
}

function dataOf(ref: VerificationRef): CertificationJobData {
  return { provider: ref.provider, id: ref.id };
}

/**
 * The `addBulk` entry of one submission: the queue's default options, its id and its trace
 * context as BullMQ stores it (`traceMetadata`; none with tracing off).
 */
function jobOf({ ref, jobId }: PendingAdd, traceMetadata: string | undefined) {
  return {
    name: CERTIFICATION_JOB_NAME,
    data: dataOf(ref),
    opts: {
      jobId,
      ...(traceMetadata === undefined ? {} : { telemetry: { metadata: traceMetadata } }),
    },
  };
}
