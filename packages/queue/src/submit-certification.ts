import { classifyRedisError } from "@cert/redis";
import { addCertificationJob, type CertificationQueue } from "./certification-queue";
import { confirmJobReplicated } from "./queue-primary";
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
 * Adds the check of a verification (either provider: the one enqueue path of intake) unless a
 * retained job already carries it, and says which.
 *
 * BullMQ's `add` with a job id that is still retained is a no-op that returns the existing id,
 * so it alone keeps one job per verification, but it does not say whether it added anything. So the
 * job hash is probed (`HEXISTS <job key> name`; every BullMQ job has a `name` field) on the
 * queue's own connection just before the add. Redis runs one connection's commands in order and
 * the add is sent after the probe, so the probe sees the queue as it was before this add, and
 * both travel in one round trip: a first submission costs what the bare `queue.add` does. Only
 * a repeat pays one more round trip, to read its job's current state.
 *
 * Two submissions of one verification racing each other may both read "not there"; BullMQ still adds
 * one job, and both are told `added` (a miscount in metrics, never a second job).
 *
 * @throws InvalidImpUidError / InvalidIdentityVerificationIdError before touching Redis when
 *   the id is malformed.
 * @throws RedisUnavailableError when Redis does not answer, or NotReplicatedError (one of them)
 *   when the primary has replicas and none acknowledged the job in time.
 */
export async function submitCertification(
  queue: CertificationQueue,
  ref: VerificationRef,
): Promise<Submission> {
  const jobId = jobIdFor(ref);
  let existed: number;
  try {
    // BullMQ's documented escape hatch to its Redis client: the queue's own connection.
    const client = await queue.getBackend().client;
    const probe = client.hexists(queue.toKey(jobId), "name");
    // Issued after the probe, so it reaches Redis after it.
    const add = addCertificationJob(queue, ref);
    [existed] = await Promise.all([probe, add]);
    // Confirmed only once a replica holds the job (when the primary has replicas).
    await confirmJobReplicated(queue, jobId);
  } catch (error) {
    throw classifyRedisError(error);
  }
  if (existed === 0) return { added: true, state: "waiting" };
  try {
    return { added: false, state: await queue.getJobState(jobId) };
  } catch (error) {
    throw classifyRedisError(error);
  }
}
