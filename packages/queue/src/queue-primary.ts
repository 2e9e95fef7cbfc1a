import { confirmReplicated, pingPrimaryOf, type RedisConnection } from "@cert/redis";
import type { CertificationQueue } from "./certification-queue";

/**
 * The connection `createCertificationQueue` handed to BullMQ. A queue uses the connection it is
 * given as is (only workers duplicate theirs), so commands sent on it share one ordered stream
 * with the queue's own writes.
 */
export function connectionOf(queue: CertificationQueue): RedisConnection {
  return queue.opts.connection as RedisConnection;
}

/**
 * Resolves once the writes this queue's connection made for job `jobId` are held by a replica,
 * when the primary holding the queue has replicas (see `confirmReplicated` of `@cert/redis`).
 *
 * @throws NotReplicatedError or RedisUnavailableError (both retryable).
 */
export function confirmJobReplicated(queue: CertificationQueue, jobId: string): Promise<void> {
  return confirmReplicated(connectionOf(queue), queue.toKey(jobId));
}

/**
 * PINGs the primary holding the queue (on a cluster, the master of the queue's slot) over the
 * queue's own connection: ready means the node intake writes to answers.
 */
export function pingQueuePrimary(queue: CertificationQueue): Promise<string> {
  return pingPrimaryOf(connectionOf(queue), queue.toKey(""));
}
