import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createLogger } from "@cert/logger";
import {
  addCertificationJob,
  CERTIFICATION_QUEUE,
  type CertificationJob,
  type CertificationQueue,
  createCertificationQueue,
  DEFAULT_JOB_OPTIONS_CONFIG,
} from "@cert/queue";
import { createBlockingConnection, createFailFastConnection, waitUntilReady } from "@cert/redis";
import { getTestServices, uniquePrefix } from "@cert/testing";
import { Worker } from "bullmq";
import express from "express";
import { expect, vi } from "vitest";
import { type AdminRouterOptions, createAdminRouter } from "../src/index";

/** Long and random-looking, like a real ADMIN_TOKEN. */
export const ADMIN_TOKEN = "adm-7f3c9a1e5b2d48e6a0c4f9b1d3e5a7c9";

export type Processor = (job: CertificationJob) => Promise<unknown>;

export interface AdminFixture {
  /** Origin of the bare express app, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  queue: CertificationQueue;
  /** The admin router's own Redis connection (sessions, failure counters). */
  adminRedis: ReturnType<typeof createFailFastConnection>;
  /** Key prefix of the admin router's Redis keys. */
  keyPrefix: string;
  /** Every log line the admin router wrote, to check nothing secret reaches the log. */
  logLines: string[];
  /** Enqueues like the intake API does (job data `{provider, id}`); V1 by default. */
  enqueue(id: string, provider?: "iamport" | "portone"): Promise<CertificationJob>;
  /** A real BullMQ worker on the queue; closed by `close()`. */
  startWorker(processor: Processor): Worker;
  /** Fetch with the admin bearer token. */
  adminFetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface AdminFixtureOptions {
  retryAllLimit?: number;
  failedAuthLimit?: number;
  /** Express's `trust proxy` (what `TRUST_PROXY=true` sets). Default off. */
  trustProxy?: boolean;
  /**
   * Queue and admin key prefix. Two fixtures given the same one are two API instances of one
   * deployment (same queue, same sessions and counters in Redis). Default: a unique one.
   */
  prefix?: string;
  /** Serves the erase route (see AdminRouterOptions.erasure). */
  erasure?: AdminRouterOptions["erasure"];
}

/**
 * The admin router on a bare express app (port 0), over a real certification queue with a
 * unique prefix. Jobs get one attempt so a failing processor sends them to the failed set.
 */
export async function startAdminFixture(options: AdminFixtureOptions = {}): Promise<AdminFixture> {
  const { redisUrl } = getTestServices();
  const prefix = options.prefix ?? uniquePrefix("admin");
  const connection = createFailFastConnection(redisUrl);
  const adminRedis = createFailFastConnection(redisUrl);
  await Promise.all([waitUntilReady(connection), waitUntilReady(adminRedis)]);
  const queue = createCertificationQueue({
    connection,
    prefix,
    config: { ...DEFAULT_JOB_OPTIONS_CONFIG, jobAttempts: 1 },
  });
  const logLines: string[] = [];
  const logger = createLogger({
    name: "admin-test",
    level: "debug",
    destination: { write: (line: string) => void logLines.push(line) },
  });

  const app = express();
  app.set("trust proxy", options.trustProxy ? 1 : false);
  app.use(
    "/admin",
    createAdminRouter({
      queues: [queue],
      adminToken: ADMIN_TOKEN,
      logger,
      retryAllLimit: options.retryAllLimit,
      // High by default so tests of wrong credentials do not trip it; its own tests lower it.
      failedAuthLimit: options.failedAuthLimit ?? 1000,
      redis: adminRedis,
      keyPrefix: `${prefix}:admin:`,
      ...(options.erasure && { erasure: options.erasure }),
    }),
  );
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const workers: Array<{ worker: Worker; close(): Promise<unknown> }> = [];
  return {
    origin,
    queue,
    adminRedis,
    keyPrefix: `${prefix}:admin:`,
    logLines,
    enqueue: (id, provider = "iamport") => addCertificationJob(queue, { provider, id }),
    startWorker(processor) {
      const workerConnection = createBlockingConnection(redisUrl);
      const worker = new Worker(CERTIFICATION_QUEUE, processor, {
        connection: workerConnection,
        prefix,
      });
      // BullMQ leaves a connection it was given open; the fixture owns it.
      workers.push({ worker, close: () => worker.close().then(() => workerConnection.quit()) });
      return worker;
    },
    adminFetch: (path, init = {}) =>
      fetch(`${origin}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...init.headers },
      }),
    async close() {
      await Promise.all(workers.map((entry) => entry.close()));
      server.closeAllConnections();
      server.close();
      await queue.obliterate({ force: true });
      const adminKeys = await adminRedis.keys(`${prefix}:admin:*`);
      if (adminKeys.length > 0) await adminRedis.del(...adminKeys);
      await queue.close();
      await Promise.all([connection.quit(), adminRedis.quit()]);
    },
  };
}

/** Waits (polling, up to 20 s) until job `id` of `queue` is in `state`. */
export async function waitForState(queue: CertificationQueue, id: string, state: string) {
  await vi.waitFor(async () => expect(await queue.getJobState(id)).toBe(state), {
    timeout: 20_000,
    interval: 50,
  });
}
