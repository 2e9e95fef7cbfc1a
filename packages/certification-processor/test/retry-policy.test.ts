import { sandboxImpUid } from "@cert/iamport-sandbox";
import { freePort, useTestDatabase, waitUntil } from "@cert/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { BreakerState } from "../src/index";
import { type Harness, type HarnessOptions, rowsFor, startHarness } from "./harness";

const database = useTestDatabase();
let h: Harness | undefined;

async function harness(options: Omit<HarnessOptions, "databaseUrl"> = {}): Promise<Harness> {
  h = await startHarness({ databaseUrl: database.url, ...options });
  return h;
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const callsFor = (harness: Harness, impUid: string) =>
  harness.sandbox.stats().certificationCallsByImpUid[impUid] ?? 0;

describe("retry policy with sandbox faults", () => {
  it("retries 5xx with backoff and completes on the third attempt", async () => {
    const t = await harness({ attempts: 5 });
    const impUid = sandboxImpUid("full", 1, 100);
    t.sandbox.addFaultRule(impUid, "503", 2);

    const [job] = await t.run(impUid);

    expect(await job?.getState()).toBe("completed");
    expect(job?.attemptsMade).toBe(3);
    expect(callsFor(t, impUid)).toBe(3);
    expect((await rowsFor(t.pool, impUid)).events).toHaveLength(1);
  });

  it("fails with provider_unavailable once the attempts are used up", async () => {
    const t = await harness({ attempts: 2, processor: { breakerThreshold: 100 } });
    const impUid = sandboxImpUid("full", 1, 101);
    t.sandbox.addFaultRule(impUid, "500", 5);

    const [job] = await t.run(impUid);

    expect(await job?.getState()).toBe("failed");
    expect(job?.failedReason).toBe("provider_unavailable");
    expect(job?.attemptsMade).toBe(2);
    expect((await rowsFor(t.pool, impUid)).certification).toBeUndefined();
  });

  it("retries while Postgres is unreachable, then fails with database_unavailable", async () => {
    // A port nothing listens on: every connection attempt is refused, as during an outage.
    const down = new URL(database.url);
    down.port = String(await freePort());
    const t = await harness({ attempts: 2, processorDatabaseUrl: down.toString() });
    const impUid = sandboxImpUid("full", 1, 105);

    const [job] = await t.run(impUid);

    expect(await job?.getState()).toBe("failed");
    expect(job?.failedReason).toBe("database_unavailable");
    expect(job?.attemptsMade).toBe(2);
  });

  it("waits out a 429's Retry-After without using attempts", async () => {
    const calls: Array<[string, number]> = [];
    const t = await harness({
      attempts: 2,
      processor: {
        hooks: { onProviderCall: (result, _provider, seconds) => calls.push([result, seconds]) },
      },
    });
    const impUid = sandboxImpUid("full", 2, 102);
    t.sandbox.addFaultRule(impUid, "429,retry-after=1", 2);

    const [job] = await t.run(impUid);

    expect(await job?.getState()).toBe("completed");
    // Two 429s with only two attempts allowed: had they used attempts, the job would have failed.
    expect(job?.attemptsMade).toBe(1);
    expect(callsFor(t, impUid)).toBe(3);
    // Retry-After was honoured: two one-second pauses before the successful fetch.
    expect((job?.finishedOn ?? 0) - (job?.timestamp ?? 0)).toBeGreaterThanOrEqual(1900);
    expect(t.logLines()).toContainEqual(
      expect.objectContaining({
        verification_id: impUid,
        code: "provider_rate_limited",
        delayMs: 1000,
      }),
    );
    // The metrics hook saw each call's result and a plausible duration.
    expect(calls.map(([result]) => result)).toEqual(["rate_limited", "rate_limited", "ok"]);
    for (const [, seconds] of calls) expect(seconds).toBeGreaterThan(0);
    for (const [, seconds] of calls) expect(seconds).toBeLessThan(30);
  });

  it("records not_found after one confirming re-fetch", async () => {
    const t = await harness();
    const impUid = sandboxImpUid("not-found", 0, 103);

    const [job] = await t.run(impUid);

    expect(job?.returnvalue).toEqual({ outcome: "not_found" });
    expect(job?.attemptsMade).toBe(1);
    expect(callsFor(t, impUid)).toBe(2);
    const { certification, events } = await rowsFor(t.pool, impUid);
    expect(certification?.outcome).toBe("not_found");
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ outcome: "not_found", user_id: null, age: null });
  });

  it("takes the record when the confirming re-fetch finds it", async () => {
    const t = await harness();
    const impUid = sandboxImpUid("full", 4, 104);
    t.sandbox.addFaultRule(impUid, "404", 1);

    const [job] = await t.run(impUid);

    expect(job?.returnvalue).toEqual({ outcome: "passed" });
    expect(callsFor(t, impUid)).toBe(2);
  });

  it("fails every job at once with provider_auth_failed when the key is wrong", async () => {
    const t = await harness({ attempts: 5 });
    t.sandbox.setFaults({ wrongKey: true });
    const impUids = [0, 1, 2, 3, 4].map((i) => sandboxImpUid("full", i, 110 + i));

    const jobs = await t.run(...impUids);

    for (const job of jobs) {
      expect(await job.getState()).toBe("failed");
      expect(job.failedReason).toBe("provider_auth_failed");
      expect(job.attemptsMade).toBe(1);
    }
    const stats = t.sandbox.stats();
    // At most one getToken per job (single-flight shares one), no certification request at all.
    expect(stats.getTokenCalls).toBeGreaterThanOrEqual(1);
    expect(stats.getTokenCalls).toBeLessThanOrEqual(impUids.length);
    expect(stats.certificationCalls).toBe(0);
  });

  it("retries an HTML page or broken JSON a few times, then fails with provider_invalid_response", async () => {
    const t = await harness({ attempts: 2 });
    const html = sandboxImpUid("full", 5, 120);
    const truncated = sandboxImpUid("full", 6, 121);
    t.sandbox.register(html, {
      kind: "raw",
      status: 200,
      contentType: "text/html",
      body: "<html><body>Bad gateway</body></html>",
    });
    t.sandbox.register(truncated, {
      kind: "raw",
      status: 200,
      body: '{"code":0,"response":{"imp_',
    });

    const jobs = await t.run(html, truncated);

    for (const job of jobs) {
      expect(await job.getState()).toBe("failed");
      expect(job.failedReason).toBe("provider_invalid_response");
      expect(job.attemptsMade).toBe(2);
      expect((await rowsFor(t.pool, job.data.id)).certification).toBeUndefined();
    }
  });

  it("fails a malformed certification at once with provider_invalid_response", async () => {
    const t = await harness({ attempts: 5 });
    const impUid = sandboxImpUid("full", 7, 122);
    t.sandbox.register(impUid, {
      kind: "record",
      certification: { imp_uid: impUid, pg_provider: "danal", foreigner: false, certified: "yes" },
    });

    const [job] = await t.run(impUid);

    expect(await job?.getState()).toBe("failed");
    expect(job?.failedReason).toBe("provider_invalid_response");
    expect(job?.attemptsMade).toBe(1);
    expect((await rowsFor(t.pool, impUid)).certification).toBeUndefined();
  });

  it("fails a job whose data is not an imp_uid at once with invalid_job_data", async () => {
    const t = await harness({ attempts: 5 });
    await t.queue.add("check-certification", { imp_uid: "../etc/passwd" } as never, {
      jobId: "hand-made",
    });

    const [job] = await t.settled("hand-made");

    expect(job?.failedReason).toBe("invalid_job_data");
    expect(job?.attemptsMade).toBe(1);
    expect(t.sandbox.stats().certificationCalls).toBe(0);
  });

  it("opens the breaker under continuous 5xx, stops calling, and recovers after the fault clears", async () => {
    const transitions: BreakerState[] = [];
    const t = await harness({
      attempts: 20,
      // One job at a time: no call that started before the breaker opened can land after.
      concurrency: 1,
      processor: {
        breakerThreshold: 3,
        breakerHalfOpenAfterMs: 2000,
        hooks: { onBreakerStateChange: (s) => transitions.push(s) },
      },
    });
    // A healthy job first, so the token is cached and only certification calls remain.
    await t.run(sandboxImpUid("full", 0, 130));
    t.sandbox.setFaults({ errorRate: 1 });
    const impUids = [1, 2, 3, 4, 5, 6].map((i) => sandboxImpUid("full", i, 130 + i));
    await t.add(...impUids);

    await waitUntil("the breaker opens", () => t.processor.breakers.iamport.state === "open");
    const openedTransitions = transitions.length;
    const callsWhenOpen = t.sandbox.stats().certificationCalls;
    await new Promise((r) => setTimeout(r, 1000));
    // Still the same open period (no half-open trial yet), and not one call reached the provider.
    expect(transitions.length).toBe(openedTransitions);
    expect(t.sandbox.stats().certificationCalls).toBe(callsWhenOpen);

    t.sandbox.setFaults({});
    const jobs = await t.settled(...impUids);
    for (const job of jobs) expect(await job.getState()).toBe("completed");
    expect(t.processor.breakers.iamport.state).toBe("closed");
    expect(transitions).toContain("half_open");
    expect(t.logLines()).toContainEqual(expect.objectContaining({ code: "provider_circuit_open" }));
  });
});
