import { CERTIFICATION_QUEUE, type CertificationJobData } from "@cert/queue";
import { Worker } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { CertificationJobResult, CertificationProcessor } from "./certification-processor";

export type CertificationWorker = Worker<CertificationJobData, CertificationJobResult>;

export interface CertificationWorkerOptions {
  /** A connection from `createBlockingConnection` of `@cert/redis` (maxRetriesPerRequest null). Owned by the caller. */
  readonly connection: Redis | Cluster;
  /** BullMQ key prefix (config `QUEUE_PREFIX`). */
  readonly prefix: string;
  /** Jobs in flight (config `WORKER_CONCURRENCY`). */
  readonly concurrency: number;
  /** How long a job's lock lasts without renewal, ms (renewed every half of it). BullMQ default 30000. */
  readonly lockDuration?: number;
  /** How often to look for jobs whose worker died, ms. BullMQ default 30000. */
  readonly stalledInterval?: number;
  /** Stalls a job may survive before it fails as stalled. BullMQ default 1. */
  readonly maxStalledCount?: number;
  /** Start fetching jobs at once. Default true. */
  readonly autorun?: boolean;
}

/**
 * BullMQ applies a manual rate limit (`worker.rateLimit()`) only when the queue or the worker
 * has a limiter, so the worker gets one that never binds by itself: a million jobs a second.
 */
const MANUAL_RATE_LIMIT_ENABLER = { max: 1_000_000, duration: 1000 };

/**
 * A BullMQ Worker of the certification queue running `processor`, bound to it for the manual
 * rate limit the retry policy uses. The caller adds an `error` listener and closes it.
 */
export function createCertificationWorker(
  processor: CertificationProcessor,
  options: CertificationWorkerOptions,
): CertificationWorker {
  const worker = new Worker<CertificationJobData, CertificationJobResult>(
    CERTIFICATION_QUEUE,
    processor,
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      limiter: MANUAL_RATE_LIMIT_ENABLER,
      autorun: options.autorun ?? true,
      ...(options.lockDuration === undefined ? {} : { lockDuration: options.lockDuration }),
      ...(options.stalledInterval === undefined
        ? {}
        : { stalledInterval: options.stalledInterval }),
      ...(options.maxStalledCount === undefined
        ? {}
        : { maxStalledCount: options.maxStalledCount }),
    },
  );
  processor.bindWorker(worker);
  return worker;
}
