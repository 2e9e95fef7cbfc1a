import { setTimeout as sleep } from "node:timers/promises";
import { type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import { eventIdFor } from "@cert/outbox";
import type { CertificationQueue } from "@cert/queue";
import type { SpawnedApp } from "@cert/testing";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseRows } from "./support/database-rows";
import { type E2eFixture, startE2eFixture } from "./support/e2e-fixture";
import { type StatusBody, statusAll, submitAll } from "./support/intake-client";
import { type KillPoint, killPointReached } from "./support/kill-triggers";
import { readOutcomeStream } from "./support/outcome-stream";
import type { PipelineSystem } from "./support/pipeline-system";
import { readQueueEvents } from "./support/queue-events";
import { buildShapeBatch, expectedUsers } from "./support/sandbox-batch";
import { waitUntilPublished } from "./support/settle";
import { waitFor } from "./support/wait-for";

// Crash safety: kill -9 workers at chosen points of a run and restart them; every imp_uid
// ends completed (one row, one event, published) or failed with a reason. Then SIGTERM.
//
// Scale: 2,000 jobs. On this 2-core machine (API, two workers restarted six
// times from a cold tsx start, Postgres, Redis and the sandbox sharing the CPUs) the killing run
// takes about 1-2 minutes alone, the whole file about 3; stall recovery of the killed workers'
// jobs (their 15 s locks) and relay leases (15 s) are most of the wait, not the job count.
const JOBS = 2000;
const KILLS: readonly (KillPoint | "random")[] = [
  "provider-call",
  "commit-before-publish",
  "relay-claim",
  "provider-call",
  "commit-before-publish",
  "random",
];
/** Jobs in flight per worker. */
const WORKER_CONCURRENCY = 20;
/** Fixed so a graceful-shutdown run is reproducible; a bound for the exit, not a speed claim. */
const SHUTDOWN_TIMEOUT_MS = 8000;

let fixture: E2eFixture;
let sandbox: RunningSandbox;
let system: PipelineSystem;
let rows: DatabaseRows;
let redis: Redis;
let queue: CertificationQueue;

beforeAll(async () => {
  fixture = await startE2eFixture({
    label: "crash",
    sandbox: { faults: { latencyMs: 50 } },
    workerConcurrency: WORKER_CONCURRENCY,
    workerEnv: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
  });
  ({ sandbox, system, rows, redis, queue } = fixture);
});

afterAll(() => fixture?.close());

/** Kills a random running worker at `point` (or at once when the moment does not come), restarts it. */
async function killAndRestart(point: KillPoint | "random"): Promise<string> {
  let reached = "random moment";
  if (point !== "random") {
    const probe = killPointReached(point, { sandbox, queue, rows });
    reached = await waitFor(async () => (await probe()) && point, {
      what: point,
      timeoutMs: 20_000,
      intervalMs: 5,
    }).catch(() => `${point} not seen, random moment`);
  }
  const index = Math.floor(Math.random() * system.workers.length);
  const victim = system.workers[index] as SpawnedApp;
  await victim.kill();
  system.workers.splice(index, 1);
  await sleep(Math.random() * 300);
  await system.startWorker();
  return reached;
}

describe("workers killed with SIGKILL during a run", () => {
  const batch = buildShapeBatch({ perShape: JOBS / 10, firstSerial: 1, people: 100 });
  const byImpUid = new Map(batch.map((item) => [item.impUid, item]));

  it(`accounts for every one of ${JOBS} imp_uids, with one row and one published event each`, {
    timeout: 600_000,
  }, async () => {
    const submitting = submitAll(system.apiUrl, [...byImpUid.keys()], 8);
    const kills: string[] = [];
    for (const point of KILLS) kills.push(await killAndRestart(point));
    await submitting;
    console.log(`[crash-safety] kills: ${kills.join(", ")}`);

    // Final state for every imp_uid, as a client sees it.
    const finals = await waitFor(
      async () => {
        const answers = await statusAll(system.apiUrl, [...byImpUid.keys()]);
        const bodies = [...answers.values()].map((a) => a.body as StatusBody);
        return bodies.every((b) => b.status === "completed" || b.status === "failed") && bodies;
      },
      { what: "every imp_uid completed or failed", timeoutMs: 360_000, intervalMs: 3000 },
    );
    const failed = finals.filter((b) => b.status === "failed");
    console.log(`[crash-safety] ${failed.length} of ${JOBS} failed (stalled too often)`);
    for (const body of failed) expect(body.error, body.imp_uid).toMatch(/^[a-z][a-z0-9_]+$/);
    // The provider never fails here: only jobs in flight on a killed worker may have failed.
    expect(failed.length).toBeLessThanOrEqual(WORKER_CONCURRENCY * KILLS.length);
    const completed = finals.filter((b) => b.status === "completed");
    for (const body of completed) {
      expect(body.outcome, body.imp_uid).toBe(byImpUid.get(body.imp_uid)?.expected.outcome);
    }

    // Relays killed mid-batch leave leased rows; their leases expire and the rows go out.
    const completedIds = completed.map((b) => b.imp_uid);
    await waitUntilPublished(completedIds, {
      rows,
      redis,
      stream: system.outcomeStream,
      timeoutMs: 120_000,
    });
    const certifications = await rows.certifications();
    expect(certifications.map((c) => c.imp_uid).sort()).toEqual([...completedIds].sort());
    const events = await rows.outcomeEvents();
    expect(events.map((e) => e.imp_uid).sort()).toEqual([...completedIds].sort());
    for (const event of events) {
      expect(event.event_id).toBe(eventIdFor(event.imp_uid));
      expect(event.published_at, event.imp_uid).not.toBeNull();
    }
    const streamIds = new Set(
      (await readOutcomeStream(redis, system.outcomeStream)).map((e) => e.event_id),
    );
    expect(streamIds).toEqual(new Set(events.map((e) => e.event_id)));

    const records = completedIds.flatMap((id) => {
      const record = byImpUid.get(id)?.record;
      return record ? [record] : [];
    });
    expect((await rows.users()).map((u) => u.unique_key).sort()).toEqual(
      [...expectedUsers(records).keys()].sort(),
    );
    expect(await queue.getJobCounts("active", "waiting", "delayed")).toEqual({
      active: 0,
      waiting: 0,
      delayed: 0,
    });
  });
});

describe("SIGTERM", () => {
  /** Leaves exactly one fresh worker running and returns it. */
  async function oneFreshWorker(): Promise<SpawnedApp> {
    for (const worker of system.workers.splice(0)) await worker.stop("SIGTERM", 30_000);
    return system.startWorker();
  }

  async function runShutdown(latencyMs: number, serial: number) {
    const worker = await oneFreshWorker();
    sandbox.setFaults({ latencyMs });
    const impUids = Array.from({ length: 40 }, (_, i) => sandboxImpUid("full", i, serial + i));
    await submitAll(system.apiUrl, impUids);
    await waitFor(async () => (await queue.getActiveCount()) >= 10, { what: "jobs in flight" });
    const code = await worker.stop("SIGTERM", SHUTDOWN_TIMEOUT_MS + 10_000);
    system.workers.splice(0);
    const afterExit = await queue.getJobCounts("active", "failed");
    const recordedAtExit = await rows.recordedAmong(impUids);
    sandbox.setFaults({});
    await system.startWorker();
    await waitUntilPublished(impUids, { rows, redis, stream: system.outcomeStream });
    const stalled = (await readQueueEvents(redis, system.queuePrefix)).filter(
      (e) => e.event === "stalled" && impUids.includes(e.jobId ?? ""),
    );
    return { code, afterExit, recordedAtExit, stalled };
  }

  it("exits 0 after finishing its in-flight jobs; none is left active or lost", {
    timeout: 180_000,
  }, async () => {
    const { code, afterExit, stalled } = await runShutdown(1500, 600_000);
    expect(code).toBe(0);
    expect(afterExit).toEqual({ active: 0, failed: expect.any(Number) });
    expect(stalled).toEqual([]);
  });

  it("exits 0 at its deadline when jobs take longer, returning them to the queue", {
    timeout: 240_000,
  }, async () => {
    const failedBefore = await queue.getFailedCount();
    const { code, afterExit, recordedAtExit, stalled } = await runShutdown(
      SHUTDOWN_TIMEOUT_MS * 3,
      700_000,
    );
    expect(code).toBe(0);
    // No job could finish (each provider call outlasts the deadline): they were handed back.
    expect(recordedAtExit).toBe(0);
    expect(afterExit).toEqual({ active: 0, failed: failedBefore });
    expect(stalled).toEqual([]);
  });
});
