import { classifyRedisError } from "@cert/redis";
import { type Job, Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { jobIdFor } from "./imp-uid";
import {
  DEFAULT_JOB_OPTIONS_CONFIG,
  defaultJobOptions,
  type JobOptionsConfig,
} from "./job-options";

/** The BullMQ queue that carries certifications from intake to the worker. */
export const CERTIFICATION_QUEUE = "certifications";

/** The job name; the worker handles every job of the queue, the name labels them in dashboards. */
export const CERTIFICATION_JOB_NAME = "check-certification";

/**
 * A job's payload: the imp_uid only. Personal data is fetched by the worker from the provider
 * and never stored in Redis.
 */
export type CertificationJobData = { imp_uid: string };

export type CertificationQueue = Queue<CertificationJobData>;
export type CertificationJob = Job<CertificationJobData>;

export interface CertificationQueueOptions {
  /** Redis connection, from `createFailFastConnection` of `@cert/redis`. Owned by the caller. */
  connection: Redis | Cluster;
  /** BullMQ key prefix (`QUEUE_PREFIX`, default `cert`). */
  prefix: string;
  /** Job options source; default the configuration defaults (see `defaultJobOptions`). */
  config?: JobOptionsConfig;
}

/**
 * The certification queue for producers. It does not wait for Redis to be ready and skips
 * BullMQ's start-up version check (an `INFO` command): with a fail-fast connection either would
 * otherwise hang, or fail once and leave the queue unusable after Redis comes back. Each `add`
 * instead fails fast while Redis is down and works again once it reconnects.
 */
export function createCertificationQueue(options: CertificationQueueOptions): CertificationQueue {
  const { connection, prefix, config = DEFAULT_JOB_OPTIONS_CONFIG } = options;
  return new Queue<CertificationJobData>(CERTIFICATION_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: defaultJobOptions(config),
    skipWaitingForReady: true,
    skipVersionCheck: true,
  });
}

/**
 * Enqueues the check of `impUid` under its deterministic job id. Adding an imp_uid whose job is
 * still retained returns that job and changes nothing.
 *
 * @throws InvalidImpUidError before touching Redis when `impUid` is malformed.
 * @throws RedisUnavailableError when Redis cannot take the job (the original error as `cause`).
 */
export async function addCertificationJob(
  queue: CertificationQueue,
  impUid: string,
): Promise<CertificationJob> {
  const jobId = jobIdFor(impUid);
  try {
    return await queue.add(CERTIFICATION_JOB_NAME, { imp_uid: impUid }, { jobId });
  } catch (error) {
    throw classifyRedisError(error);
  }
}
