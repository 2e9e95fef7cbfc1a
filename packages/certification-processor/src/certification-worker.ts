import {
  CERTIFICATION_QUEUE,
  type CertificationJobData,
  type LegacyCertificationJobData,
} from "@cert/queue";
import { type Telemetry, Worker } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { CertificationJobResult, CertificationProcessor } from "./certification-processor";

/** Jobs carry `{ provider, id }`; some queued before V2 still carry `{ imp_uid }`. */
type AnyJobData = CertificationJobData | LegacyCertificationJobData;

export type CertificationWorker = Worker<AnyJobData, CertificationJobResult>;

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
  /** BullMQ telemetry: each job runs in a span continuing its producer's trace. Default none. */
  readonly telemetry?: Telemetry;
}

/**
 * A BullMQ Worker of the certification queue running `processor`. No queue-wide rate limit: a
 * 429 or an open breaker delays only the jobs of that provider (see retry-policy.ts). The
 * caller adds an `error` listener and closes it.
 */
export function createCertificationWorker(
  processor: CertificationProcessor,
  options: CertificationWorkerOptions,
): CertificationWorker {
  const worker = new Worker<AnyJobData, CertificationJobResult>(CERTIFICATION_QUEUE, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    autorun: options.autorun ?? true,
    ...(options.telemetry && { telemetry: options.telemetry }),
    ...(options.lockDuration === undefined ? {} : { lockDuration: options.lockDuration }),
    ...(options.stalledInterval === undefined ? {} : { stalledInterval: options.stalledInterval }),
    ...(options.maxStalledCount === undefined ? {} : { maxStalledCount: options.maxStalledCount }),
  });
  return worker;
}
