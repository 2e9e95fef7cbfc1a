import { queuePrefixFor, type RedisTopology } from "@cert/config";
import type { RunningSandbox } from "@cert/iamport-sandbox";
import { createFailFastConnection, quitOrDisconnect, type RedisConnection } from "@cert/redis";
import { createTestDatabase, startTestSandbox, type TestDatabase } from "@cert/testing";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseRows } from "./database-rows";
import { expectStoredAndPublishedOnce, postThroughFault } from "./failover-load";
import { request, submitAll } from "./intake-client";
import { type PipelineSystem, startPipeline } from "./pipeline-system";
import { buildShapeBatch } from "./sandbox-batch";
import { waitUntilPublished } from "./settle";

/** A replicated Redis deployment the suite runs the pipeline on. */
export interface ReplicatedRedis {
  /** Topology variables for the apps (`REDIS_CLUSTER_NODES`, `REDIS_SENTINELS`...). */
  readonly env: Record<string, string>;
  readonly topology: RedisTopology;
  /** SIGKILLs the primary holding the queue whose BullMQ prefix is `bullPrefix`. */
  killQueuePrimary(bullPrefix: string): Promise<void>;
  /** Resolves once a promoted primary serves again. */
  waitUntilRecovered(): Promise<void>;
  stop(): Promise<void>;
}

export interface TopologySuiteOptions {
  /** Starts the deployment. */
  start(): Promise<ReplicatedRedis>;
}

/**
 * The pipeline on a replicated Redis, API and two workers as separate processes: a batch of
 * every shape end to end, then the primary holding the queue SIGKILLed under load. Every
 * process it starts is stopped in `afterAll`, whatever failed.
 */
export function describeTopology(name: string, options: TopologySuiteOptions): void {
  describe(name, () => {
    let redisDeployment: ReplicatedRedis | undefined;
    let db: TestDatabase | undefined;
    let sandbox: RunningSandbox | undefined;
    let system: PipelineSystem | undefined;
    let rows: DatabaseRows | undefined;
    let reader: RedisConnection | undefined;

    beforeAll(async () => {
      [redisDeployment, db, sandbox] = await Promise.all([
        options.start(),
        createTestDatabase(),
        startTestSandbox(),
      ]);
      system = await startPipeline({
        databaseUrl: db.url,
        redisUrl: "",
        redisEnv: redisDeployment.env,
        sandboxUrl: sandbox.url,
        label: "topology",
        workers: 2,
      });
      rows = new DatabaseRows(db.url);
      reader = createFailFastConnection(redisDeployment.topology, { commandTimeoutMs: 10_000 });
      reader.on("error", () => {});
    });

    afterAll(async () => {
      await Promise.allSettled([system?.stop(), reader && quitOrDisconnect(reader)]);
      await Promise.allSettled([
        redisDeployment?.stop(),
        sandbox?.close(),
        rows?.pool.end(),
        db?.drop(),
      ]);
    });

    const settle = (impUids: readonly string[]) =>
      waitUntilPublished(impUids, {
        rows: rows as DatabaseRows,
        redis: reader as Redis,
        stream: (system as PipelineSystem).outcomeStream,
        timeoutMs: 60_000,
      });

    it("runs a batch of every shape end to end", async () => {
      const s = system as PipelineSystem;
      const batch = buildShapeBatch({ perShape: 2, firstSerial: 1 });
      const answers = await submitAll(
        s.apiUrl,
        batch.map((item) => item.impUid),
      );
      expect([...answers.values()].map((a) => a.status)).toEqual(batch.map(() => 202));
      await settle(batch.map((item) => item.impUid));
      const stored = new Map(
        (await (rows as DatabaseRows).certifications()).map((row) => [row.imp_uid, row]),
      );
      for (const item of batch) {
        expect(stored.get(item.impUid)?.outcome, item.impUid).toBe(item.expected.outcome);
      }
    });

    it("loses no accepted verification when the queue's primary is SIGKILLed under load", {
      timeout: 120_000,
    }, async () => {
      const s = system as PipelineSystem;
      const workerPids = s.workers.map((w) => w.child.pid);
      // /readyz polled throughout: it must say "not ready" while the primary is gone.
      const readiness: number[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          readiness.push(
            await request(`${s.apiUrl}/readyz`).then(
              (a) => a.status,
              () => 0,
            ),
          );
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const answers = await postThroughFault({
        apiUrl: s.apiUrl,
        firstSerial: 10_000,
        concurrency: 8,
        faultAfterMs: 1500,
        fault: () => {
          const deployment = redisDeployment as ReplicatedRedis;
          // The BullMQ prefix the apps derive from QUEUE_PREFIX on this topology.
          return deployment.killQueuePrimary(queuePrefixFor(deployment.topology, s.queuePrefix));
        },
        // Sentinel calls the primary down after 3 s; under load the whole failover can take 6.
        continueForMs: 10_000,
      });
      // Every answer is 202 or 503 with Retry-After: no 500, nothing hung.
      expect(answers.other).toEqual([]);
      expect(answers.accepted.length).toBeGreaterThan(0);
      // Intake recovered by itself after the failover.
      expect(answers.acceptedAfterFault).toBeGreaterThan(0);
      await (redisDeployment as ReplicatedRedis).waitUntilRecovered();
      polling = false;
      await poller;
      expect(readiness).toContain(503);
      expect(readiness.every((status) => status === 200 || status === 503)).toBe(true);
      expect((await request(`${s.apiUrl}/readyz`)).status).toBe(200);
      await settle(answers.accepted);
      await expectStoredAndPublishedOnce(
        answers.accepted,
        rows as DatabaseRows,
        reader as RedisConnection,
        s.outcomeStream,
      );
      // The same worker processes (and their relays) did the work after the failover.
      expect(s.workers.map((w) => w.child.pid)).toEqual(workerPids);
      expect(s.workers.every((w) => w.child.exitCode === null)).toBe(true);
      console.info(
        `[${name}] 202: ${answers.accepted.length} (${answers.acceptedAfterFault} after the kill), 503: ${answers.unavailable.length}`,
      );
    });
  });
}
