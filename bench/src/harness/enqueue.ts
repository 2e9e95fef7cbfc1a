import { setTimeout as sleep } from "node:timers/promises";
import {
  CERTIFICATION_JOB_NAME,
  type CertificationQueue,
  createCertificationQueue,
  type JobOptionsConfig,
  jobIdFor,
} from "@cert/queue";
import { createFailFastConnection } from "@cert/redis";

/**
 * A producer on a deployment's queue that adds jobs exactly as the intake API does (same
 * queue, job name, job id and job options), without HTTP: scenarios that measure the worker
 * feed it this way so the API's CPU does not compete with the worker for the two cores.
 */
export class DirectProducer {
  private readonly connection: ReturnType<typeof createFailFastConnection>;
  readonly queue: CertificationQueue;

  /** `config`: job options (retention, attempts); default the production defaults. */
  constructor(redisUrl: string, prefix: string, config?: JobOptionsConfig) {
    // Bulk adds of thousands of jobs take longer than the producer's 5 s command timeout allows.
    this.connection = createFailFastConnection(redisUrl, { commandTimeoutMs: 60_000 });
    this.queue = createCertificationQueue({ connection: this.connection, prefix, config });
  }

  /** The producer connection fails fast while offline, so wait for it before the first add. */
  private async ready(): Promise<void> {
    if (this.connection.status === "ready") return;
    await new Promise<void>((resolve) => this.connection.once("ready", () => resolve()));
  }

  /**
   * Adds the jobs in bulk chunks (one round trip per chunk). Chunks are small by default: a
   * bulk add is one MULTI that Redis runs to the end before any other command, so a chunk of
   * 1,000 jobs holds every worker back for ~50-100 ms at the start of a run, a stall no
   * producer of this system (the API adds one job per request) ever causes.
   */
  async addAll(impUids: readonly string[], chunk = 100): Promise<void> {
    await this.ready();
    for (let i = 0; i < impUids.length; i += chunk) {
      await this.queue.addBulk(
        impUids.slice(i, i + chunk).map((impUid) => ({
          name: CERTIFICATION_JOB_NAME,
          data: { provider: "iamport" as const, id: impUid },
          opts: { jobId: jobIdFor({ provider: "iamport", id: impUid }) },
        })),
      );
    }
  }

  /**
   * Adds jobs while keeping at most `maxWaiting` of them waiting, so a long run measures the
   * worker's memory and retention rather than a backlog parked in Redis.
   */
  async feed(impUids: readonly string[], maxWaiting: number, chunk = 1000): Promise<void> {
    await this.ready();
    for (let i = 0; i < impUids.length; i += chunk) {
      while ((await this.queue.getWaitingCount()) > maxWaiting) await sleep(20);
      await this.addAll(impUids.slice(i, i + chunk), chunk);
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
