import { classifyRedisError } from "@cert/redis";
import { addCertificationJob, type CertificationQueue } from "./certification-queue";
import { jobIdFor } from "./imp-uid";
import { confirmJobReplicated } from "./queue-primary";

/** A job state as `Queue.getJobState` reports it. */
export type CertificationJobState = Awaited<ReturnType<CertificationQueue["getJobState"]>>;

/** What submitting an imp_uid did. */
export interface Submission {
  /** False when a retained job already carried this imp_uid, so nothing was added. */
  readonly added: boolean;
  /** The job's state right after the submission (`waiting` for a job just added). */
  readonly state: CertificationJobState;
}

/**
 * Adds the check of `impUid` unless a retained job already carries it, and says which.
 *
 * BullMQ's `add` with a job id that is still retained is a no-op that returns the existing id,
 * so it alone keeps one job per imp_uid, but it does not say whether it added anything. So the
 * job hash is probed (`HEXISTS <job key> name`; every BullMQ job has a `name` field) on the
 * queue's own connection just before the add. Redis runs one connection's commands in order and
 * the add is sent after the probe, so the probe sees the queue as it was before this add, and
 * both travel in one round trip: a first submission costs what the bare `queue.add` does. Only
 * a repeat pays one more round trip, to read its job's current state.
 *
 * Two submissions of one imp_uid racing each other may both read "not there"; BullMQ still adds
 * one job, and both are told `added` (a miscount in metrics, never a second job).
 *
 * @throws InvalidImpUidError before touching Redis when `impUid` is malformed.
 * @throws RedisUnavailableError when Redis does not answer, or NotReplicatedError (one of them)
 *   when the primary has replicas and none acknowledged the job in time.
 */
export async function submitCertification(
  queue: CertificationQueue,
  impUid: string,
): Promise<Submission> {
  const jobId = jobIdFor(impUid);
  let existed: number;
  try {
    // BullMQ's documented escape hatch to its Redis client: the queue's own connection.
    const client = await queue.getBackend().client;
    const probe = client.hexists(queue.toKey(jobId), "name");
    // Issued after the probe, so it reaches Redis after it.
    const add = addCertificationJob(queue, impUid);
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
