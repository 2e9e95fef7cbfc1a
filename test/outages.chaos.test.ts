import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { migrate } from "@cert/db";
import { type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import { type CertificationQueue, createCertificationQueue } from "@cert/queue";
import { createFailFastConnection } from "@cert/redis";
import { freePort, startTestSandbox } from "@cert/testing";
import { type LocalRedis, startLocalRedis } from "@cert/testing/local";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseRows } from "./support/database-rows";
import { getStatus, type HttpAnswer, request, submit, submitAll } from "./support/intake-client";
import { readOutcomeStream } from "./support/outcome-stream";
import { type PipelineSystem, startPipeline } from "./support/pipeline-system";
import { type RestartablePostgres, startRestartablePostgres } from "./support/restartable-postgres";
import { type BatchItem, buildShapeBatch } from "./support/sandbox-batch";
import { waitUntilPublished } from "./support/settle";
import { waitFor } from "./support/wait-for";

// Outages: Postgres stopped, Redis restarted, the provider down, each in the middle of a
// run against real processes; all accepted work completes once the dependency is back.
//
// Scale: the provider outage lasts 20 s instead of the minute; the breaker's behaviour
// (few calls, jobs waiting, recovery) is the same after its first open period (5 s). Retries
// start at 500 ms instead of 1 s (10 attempts instead of 8), so a job's attempts still span
// over two minutes, far beyond the 20 s Postgres outage, but the run waits less once it ends.
const POSTGRES_OUTAGE_MS = 20_000;
const REDIS_OUTAGE_MS = 5000;
const PROVIDER_OUTAGE_MS = 20_000;

let postgres: RestartablePostgres;
let redisServer: LocalRedis;
let redisDir: string;
let redisPort: number;
let sandbox: RunningSandbox;
let system: PipelineSystem;
let rows: DatabaseRows;
let redis: Redis;
let queueConnection: Redis;
let queue: CertificationQueue;

beforeAll(async () => {
  redisDir = await mkdtemp(join(tmpdir(), "cert-redis-aof-"));
  redisPort = await freePort();
  [postgres, redisServer, sandbox] = await Promise.all([
    startRestartablePostgres(),
    startLocalRedis({ port: redisPort, appendOnly: true, dir: redisDir }),
    startTestSandbox(),
  ]);
  await migrate(postgres.url);
  system = await startPipeline({
    databaseUrl: postgres.url,
    redisUrl: redisServer.url,
    sandboxUrl: sandbox.url,
    label: "outage",
    apiEnv: { JOB_BACKOFF_MS: "500", JOB_ATTEMPTS: "10" },
  });
  rows = new DatabaseRows(postgres.url);
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  redis.on("error", () => {});
  queueConnection = createFailFastConnection(redisServer.url);
  queueConnection.on("error", () => {});
  queue = createCertificationQueue({ connection: queueConnection, prefix: system.queuePrefix });
  queue.on("error", () => {});
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await queue?.close().catch(() => {});
  queueConnection?.disconnect();
  redis?.disconnect();
  await rows?.close().catch(() => {});
  await sandbox?.close();
  await redisServer?.stop();
  if (redisDir) await rm(redisDir, { recursive: true, force: true });
  await postgres?.destroy();
});

/** Rows, events and the stream hold exactly the expected outcome for every item, once. */
async function expectRecorded(items: readonly BatchItem[]) {
  const certifications = new Map((await rows.certifications()).map((c) => [c.imp_uid, c]));
  const events = await rows.outcomeEvents();
  const streamed = new Set(
    (await readOutcomeStream(redis, system.outcomeStream)).map((e) => e.event_id),
  );
  for (const item of items) {
    expect(certifications.get(item.impUid)?.outcome, item.impUid).toBe(item.expected.outcome);
    const own = events.filter((e) => e.imp_uid === item.impUid);
    expect(own, `events of ${item.impUid}`).toHaveLength(1);
    expect(streamed.has(own[0]?.event_id ?? ""), `${item.impUid} in the stream`).toBe(true);
  }
  expect(await queue.getFailedCount()).toBe(0);
}

/** The processes started at the beginning rode the outage out: none exited, none was replaced. */
function expectNoProcessRestarted() {
  expect(system.workers).toHaveLength(2);
  for (const app of [system.api, ...system.workers]) {
    expect(app.child.exitCode).toBeNull();
    expect(app.child.signalCode).toBeNull();
  }
}

describe("Postgres stopped mid-run", () => {
  const running = buildShapeBatch({ perShape: 20, firstSerial: 1 });
  const duringOutage = buildShapeBatch({ perShape: 5, firstSerial: 10_000 });

  it("jobs retry and all complete once it is back", { timeout: 240_000 }, async () => {
    sandbox.setFaults({ latencyMs: 20 });
    const submitting = submitAll(
      system.apiUrl,
      running.map((i) => i.impUid),
      4,
    );
    await waitFor(async () => (await rows.counts()).certifications >= 30, {
      what: "the run under way",
    });
    await postgres.stop();
    await submitting;
    // Intake needs only Redis: it keeps accepting; readiness names the missing dependency.
    await submitAll(
      system.apiUrl,
      duringOutage.map((i) => i.impUid),
    );
    const ready = await request(`${system.apiUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.text).toContain("postgres");
    await sleep(POSTGRES_OUTAGE_MS);
    await postgres.start();

    const all = [...running, ...duringOutage];
    await waitUntilPublished(
      all.map((i) => i.impUid),
      {
        rows,
        redis,
        stream: system.outcomeStream,
        timeoutMs: 180_000,
      },
    );
    await expectRecorded(all);
    expectNoProcessRestarted();
  });
});

describe("Redis restarted mid-run (AOF on)", () => {
  const accepted = buildShapeBatch({ perShape: 20, firstSerial: 20_000 });
  const refused = Array.from({ length: 8 }, (_, i) => sandboxImpUid("full", i, 30_000 + i));

  it("answers 503 with Retry-After while down, then loses nothing accepted", {
    timeout: 240_000,
  }, async () => {
    // A slow provider keeps most accepted jobs waiting in Redis when it goes down.
    sandbox.setFaults({ latencyMs: 2000 });
    await submitAll(
      system.apiUrl,
      accepted.map((i) => i.impUid),
    );
    expect(await queue.getWaitingCount()).toBeGreaterThan(accepted.length / 4);
    await redisServer.stop();

    // One at a time, then all at once: each request gets its answer (a hang fails the request).
    const posts: HttpAnswer[] = [];
    const statuses: HttpAnswer[] = [];
    for (const impUid of refused) {
      posts.push(await submit(system.apiUrl, impUid));
      statuses.push(await getStatus(system.apiUrl, impUid));
    }
    posts.push(...(await Promise.all(refused.map((impUid) => submit(system.apiUrl, impUid)))));
    for (const answer of posts) {
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(answer.body).toMatchObject({ error: { code: expect.any(String) } });
    }
    // A status needs the queue unless Postgres has the outcome: 503, never 500.
    for (const answer of statuses) expect(answer.status).toBe(503);
    await sleep(REDIS_OUTAGE_MS);
    redisServer = await startLocalRedis({ port: redisPort, appendOnly: true, dir: redisDir });
    sandbox.setFaults({});

    // The API reconnects by itself; what was refused can now be submitted.
    for (const impUid of refused) {
      await waitFor(async () => (await submit(system.apiUrl, impUid)).status === 202, {
        what: `intake of ${impUid} after the restart`,
      });
    }
    await waitUntilPublished([...accepted.map((i) => i.impUid), ...refused], {
      rows,
      redis,
      stream: system.outcomeStream,
      timeoutMs: 180_000,
    });
    await expectRecorded(accepted);
    expectNoProcessRestarted();
  });
});

describe("the provider down", () => {
  const batch = buildShapeBatch({ perShape: 20, firstSerial: 40_000 });

  it("opens the breaker: jobs wait instead of hammering it, then all complete", {
    timeout: 240_000,
  }, async () => {
    sandbox.setFaults({ errorRate: 1 });
    const callsBefore = sandbox.stats().certificationCalls;
    await submitAll(
      system.apiUrl,
      batch.map((i) => i.impUid),
    );
    await sleep(PROVIDER_OUTAGE_MS);
    const callsDuringOutage = sandbox.stats().certificationCalls - callsBefore;
    sandbox.setFaults({});
    console.log(
      `[outages] ${callsDuringOutage} provider calls for ${batch.length} jobs while down`,
    );

    // Without a breaker every job would have called at least once, most of them several times.
    expect(callsDuringOutage).toBeGreaterThan(0);
    expect(callsDuringOutage).toBeLessThan(batch.length / 2);
    await waitUntilPublished(
      batch.map((i) => i.impUid),
      { rows, redis, stream: system.outcomeStream, timeoutMs: 180_000 },
    );
    await expectRecorded(batch);
    expectNoProcessRestarted();
  });
});
