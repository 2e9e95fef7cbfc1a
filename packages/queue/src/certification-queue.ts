import { classifyRedisError } from "@cert/redis";
import { type Job, Queue, type Telemetry } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import {
  DEFAULT_JOB_OPTIONS_CONFIG,
  defaultJobOptions,
  type JobOptionsConfig,
} from "./job-options";
import { jobIdFor, type VerificationRef } from "./verification-id";

/** The BullMQ queue that carries certifications from intake to the worker. */
export const CERTIFICATION_QUEUE = "certifications";

/** The job name; the worker handles every job of the queue, the name labels them in dashboards. */
export const CERTIFICATION_JOB_NAME = "check-certification";

/**
 * A job's payload: the provider and its verification id, nothing else. Personal data is fetched
 * by the worker from the provider and never stored in Redis. (Jobs queued before V2 carry
 * `{ imp_uid }`; the worker still reads them, see {@link LegacyCertificationJobData}.)
 */
export type CertificationJobData = { provider: VerificationRef["provider"]; id: string };

/** The payload of jobs enqueued before PortOne V2 was supported: an i'mport V1 imp_uid. */
export type LegacyCertificationJobData = { imp_uid: string };

export type CertificationQueue = Queue<CertificationJobData>;
export type CertificationJob = Job<CertificationJobData>;

export interface CertificationQueueOptions {
  /** Redis connection, from `createFailFastConnection` of `@cert/redis`. Owned by the caller. */
  connection: Redis | Cluster;
  /** BullMQ key prefix (`QUEUE_PREFIX`, default `cert`). */
  prefix: string;
  /** Job options source; default the configuration defaults (see `defaultJobOptions`). */
  config?: JobOptionsConfig;
  /**
   * BullMQ telemetry (`Tracing.bullmq` of @cert/telemetry): the producer's trace context then
   * travels in each job's options, never in its data. Default none.
   */
  telemetry?: Telemetry;
}

/**
 * The certification queue for producers. It does not wait for Redis to be ready and skips
 * BullMQ's start-up version check (an `INFO` command): with a fail-fast connection either would
 * otherwise hang, or fail once and leave the queue unusable after Redis comes back. Each `add`
 * instead fails fast while Redis is down and works again once it reconnects.
 */
export function createCertificationQueue(options: CertificationQueueOptions): CertificationQueue {
  const { connection, prefix, config = DEFAULT_JOB_OPTIONS_CONFIG, telemetry } = options;
  return new Queue<CertificationJobData>(CERTIFICATION_QUEUE, {
    connection,
    prefix,
    ...(telemetry && { telemetry }),
    defaultJobOptions: defaultJobOptions(config),
    skipWaitingForReady: true,
    skipVersionCheck: true,
  });
}

/**
 * Enqueues the check of a verification under its deterministic job id. Adding one whose job is
 * still retained returns that job and changes nothing.
 *
 * @throws InvalidImpUidError / InvalidIdentityVerificationIdError before touching Redis when
 *   the id is malformed.
 * @throws RedisUnavailableError when Redis cannot take the job (the original error as `cause`).
 */
export async function addCertificationJob(
  queue: CertificationQueue,
  ref: VerificationRef,
): Promise<CertificationJob> {
  const jobId = jobIdFor(ref);
  try {
    const data: CertificationJobData = { provider: ref.provider, id: ref.id };
    return await queue.add(CERTIFICATION_JOB_NAME, data, { jobId });
  } catch (error) {
    throw classifyRedisError(error);
  }
}
