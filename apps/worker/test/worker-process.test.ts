import {
  generateCertification,
  type RunningSandbox,
  SANDBOX_API_KEY,
  SANDBOX_API_SECRET,
  SANDBOX_SHAPES,
  SANDBOX_V2_SECRET,
  SANDBOX_V2_SHAPES,
  sandboxExpectedOutcome,
  sandboxIdentityVerificationId,
  sandboxImpUid,
  sandboxV2ExpectedOutcome,
} from "@cert/iamport-sandbox";
import { eventIdFor } from "@cert/outbox";
import {
  addCertificationJob,
  type CertificationQueue,
  createCertificationQueue,
  jobIdFor,
} from "@cert/queue";
import { createFailFastConnection } from "@cert/redis";
import {
  freePort,
  getTestServices,
  type SpawnedApp,
  spawnApp,
  startTestSandbox,
  uniquePrefix,
  useTestDatabase,
} from "@cert/testing";
import type { Redis } from "ioredis";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const database = useTestDatabase();
let sandbox: RunningSandbox;
let redis: Redis;
let pool: pg.Pool;
const apps: SpawnedApp[] = [];
const queues: CertificationQueue[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  redis = createFailFastConnection(getTestServices().redisUrl);
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  // The test database is dropped at teardown, which may kill a connection still closing; an
  // unheard pool "error" would then fail the run after every test passed.
  pool.on("error", () => {});
});

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.kill()));
  await Promise.all(queues.splice(0).map((q) => q.close()));
  sandbox.reset();
});

afterAll(async () => {
  await pool.end();
  redis.disconnect();
  await sandbox.close();
});

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fresh deployment: its own queue prefix and stream, on the shared Redis and database. */
function deployment() {
  const prefix = uniquePrefix("worker-e2e");
  const stream = `${prefix}:outcomes`;
  const queue = createCertificationQueue({ connection: redis, prefix });
  queues.push(queue);
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: getTestServices().redisUrl,
    IAMPORT_API_URL: sandbox.url,
    IAMPORT_API_KEY: SANDBOX_API_KEY,
    IAMPORT_API_SECRET: SANDBOX_API_SECRET,
    PORTONE_API_URL: sandbox.url,
    PORTONE_API_SECRET: SANDBOX_V2_SECRET,
    // Counted from the add: long enough for READY-then-VERIFIED to finish on a loaded machine
    // (first fetch, then rechecks 1 s and 2 s later), short enough for READY-forever to end.
    PORTONE_READY_TIMEOUT_MS: "15000",
    QUEUE_PREFIX: prefix,
    OUTCOME_STREAM: stream,
    WORKER_CONCURRENCY: "20",
  };
  return { prefix, stream, queue, env };
}

async function startWorker(env: Record<string, string>): Promise<SpawnedApp> {
  const app = await spawnApp("worker", { env, readyTimeoutMs: 90_000 });
  apps.push(app);
  return app;
}

/** imp_uids cycling through every sandbox shape, unique to `serial`. */
function impUidsFor(serial: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    sandboxImpUid(SANDBOX_SHAPES[i % SANDBOX_SHAPES.length]?.name ?? "full", i % 100, serial + i),
  );
}

async function enqueue(queue: CertificationQueue, impUids: string[]) {
  await queue.addBulk(
    impUids.map((id) => ({
      name: "check-certification",
      data: { provider: "iamport" as const, id },
      opts: { jobId: id },
    })),
  );
}

async function recordedCount(impUids: string[]): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM certifications WHERE imp_uid = ANY($1)",
    [impUids],
  );
  return Number(rows[0]?.n);
}

async function streamEntries(stream: string) {
  const raw = await redis.xrange(stream, "-", "+");
  return raw.map(([, fields]) => {
    const map = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] ?? "", fields[i + 1] ?? "");
    return {
      eventId: map.get("event_id"),
      type: map.get("type"),
      payload: JSON.parse(map.get("payload") ?? "{}"),
    };
  });
}

/** Each test starts worker processes from source (tsx), which takes long on a busy machine. */
const E2E_TIMEOUT_MS = 240_000;

describe("worker process", () => {
  it(
    "processes every job of both providers, records it and publishes one event per verification",
    async () => {
      const { stream, queue, env } = deployment();
      const metricsPort = await freePort();
      const app = await startWorker({ ...env, WORKER_METRICS_PORT: String(metricsPort) });
      const impUids = impUidsFor(10_000, 200);
      const v2Ids = SANDBOX_V2_SHAPES.map((shape, i) =>
        sandboxIdentityVerificationId(shape.name, i, 10_000 + i),
      );
      const total = impUids.length + v2Ids.length;

      await enqueue(queue, impUids);
      await Promise.all(v2Ids.map((id) => addCertificationJob(queue, { provider: "portone", id })));
      await waitUntil(
        "every imp_uid is recorded",
        async () => (await recordedCount(impUids)) === 200,
      );
      await waitUntil("every event is published", async () => (await redis.xlen(stream)) >= total);

      const entries = await streamEntries(stream);
      expect(entries).toHaveLength(total);
      expect(new Set(entries.map((e) => e.eventId)).size).toBe(total);
      for (const entry of entries) {
        const { provider, verification_id: id } = entry.payload;
        expect(entry.type).toBe("certification.age_checked");
        expect(entry.eventId).toBe(eventIdFor(id, provider));
        expect(entry.payload.imp_uid).toBe(provider === "iamport" ? id : null);
        expect(entry.payload.outcome).toBe(
          provider === "iamport" ? sandboxExpectedOutcome(id) : sandboxV2ExpectedOutcome(id),
        );
      }
      expect(entries.filter((e) => e.payload.provider === "portone")).toHaveLength(v2Ids.length);

      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(text).toMatch(/cert_worker_jobs_completed_total\{outcome="passed"\} \d+/);
      expect(text).toContain('cert_provider_breaker_state{provider="iamport"} 0');
      expect(text).toContain('cert_provider_breaker_state{provider="portone"} 0');
      expect(text).toMatch(
        /cert_provider_call_duration_seconds_count\{provider="iamport",result="ok"\} \d+/,
      );
      // Everything was published: the outbox is not behind (by more than the marking delay).
      const lag = Number(/^cert_outbox_lag_seconds (\S+)$/m.exec(text)?.[1]);
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(5);

      expect(await app.stop("SIGTERM")).toBe(0);
      // Nothing personal in anything the worker wrote.
      const output = app.lines.join("\n");
      for (const id of impUids.slice(0, 20)) {
        const record = generateCertification(id);
        for (const value of [record?.name, record?.phone, record?.unique_key]) {
          if (typeof value === "string") expect(output).not.toContain(value);
        }
      }
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "on SIGTERM finishes the jobs in flight, publishes their events and exits 0, losing none",
    async () => {
      const { stream, queue, env } = deployment();
      // Slow provider answers keep jobs in flight when the signal arrives.
      sandbox.setFaults({ latencyMs: 100 });
      const first = await startWorker(env);
      const impUids = impUidsFor(20_000, 300);
      await enqueue(queue, impUids);
      await waitUntil("some jobs are done", async () => (await recordedCount(impUids)) >= 40);

      expect(await first.stop("SIGTERM", 30_000)).toBe(0);
      expect(first.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);

      // Every imp_uid is either recorded (and its event published) or still waiting in the queue.
      const recorded = await recordedCount(impUids);
      const counts = await queue.getJobCounts(
        "waiting",
        "active",
        "failed",
        "delayed",
        "prioritized",
      );
      expect(counts.active).toBe(0);
      expect(counts.failed).toBe(0);
      expect(recorded + counts.waiting + counts.delayed + counts.prioritized).toBe(300);
      expect(await redis.xlen(stream)).toBe(recorded);

      // A new worker takes over the rest.
      sandbox.setFaults({});
      await startWorker(env);
      await waitUntil(
        "every imp_uid is recorded",
        async () => (await recordedCount(impUids)) === 300,
      );
      await waitUntil("every event is published", async () => (await redis.xlen(stream)) >= 300);
      const entries = await streamEntries(stream);
      expect(new Set(entries.map((e) => e.eventId)).size).toBe(300);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "without PORTONE_API_SECRET says once that V2 is off, fails V2 jobs with a safe code, runs V1",
    async () => {
      const { queue, env } = deployment();
      const { PORTONE_API_SECRET: _unset, ...withoutV2 } = env;
      const app = await startWorker(withoutV2);
      const v2Id = sandboxIdentityVerificationId("full", 5, 30_000);
      const [impUid] = impUidsFor(30_000, 1) as [string];
      await addCertificationJob(queue, { provider: "portone", id: v2Id });
      await enqueue(queue, [impUid]);
      const v2JobId = jobIdFor({ provider: "portone", id: v2Id });
      await waitUntil(
        "the V2 job failed",
        async () => (await queue.getJobState(v2JobId)) === "failed",
      );
      await waitUntil("the V1 job is recorded", async () => (await recordedCount([impUid])) === 1);
      expect((await queue.getJob(v2JobId))?.failedReason).toBe("provider_not_configured");
      expect(sandbox.stats().identityVerificationCalls).toBe(0);
      const disabled = app.lines.filter((l) => l.includes("PORTONE_API_SECRET is not set"));
      expect(disabled).toHaveLength(1);
    },
    E2E_TIMEOUT_MS,
  );
});
