/** PortOne V2 identity verifications through the processor: outcomes, READY, mapping, one person. */
import {
  generateCertification,
  generateIdentityVerification,
  parseFaultSpec,
  SANDBOX_V2_SHAPES,
  sandboxIdentityVerificationId,
  sandboxImpUid,
  sandboxV2ExpectedOutcome,
} from "@cert/iamport-sandbox";
import { eventIdFor } from "@cert/outbox";
import { createSubmitter } from "@cert/queue";
import { testPiiCipher, useTestDatabase } from "@cert/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, type HarnessOptions, rowsFor, startHarness } from "./harness";

const database = useTestDatabase();
/** Short READY settings, so READY-forever ends within the test. */
const READY = { timeoutMs: 4000, minDelayMs: 100, maxDelayMs: 300 };
let h: Harness;
const extra: Harness[] = [];

beforeAll(async () => {
  h = await startHarness({ databaseUrl: database.url, processor: { readyRecheck: READY } });
});
afterEach(async () => {
  await Promise.all(extra.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await h?.close();
});

async function harness(options: Partial<HarnessOptions>): Promise<Harness> {
  const t = await startHarness({ databaseUrl: database.url, ...options });
  extra.push(t);
  return t;
}

const callsFor = (t: Harness, id: string) =>
  t.sandbox.stats().identityVerificationCallsById[id] ?? 0;

describe("PortOne V2 through the processor", () => {
  it("records every sandbox shape with its outcome, the right rows and exactly one event", async () => {
    const ids = SANDBOX_V2_SHAPES.map((shape, i) =>
      sandboxIdentityVerificationId(shape.name, 20 + i, 1),
    );
    const jobs = await h.runV2(...ids);
    for (const [i, id] of ids.entries()) {
      const expected = sandboxV2ExpectedOutcome(id);
      expect(jobs[i]?.returnvalue, id).toEqual({ outcome: expected });
      const { certification, events, user } = await rowsFor(h.pool, id, "portone");
      expect(certification?.outcome, id).toBe(expected);
      expect(certification?.imp_uid, id).toBeNull();
      expect(events, id).toHaveLength(1);
      expect(events[0]?.event_id).toBe(eventIdFor(id, "portone"));
      expect(events[0]?.imp_uid).toBeNull();
      expect(events[0]?.payload).toMatchObject({
        provider: "portone",
        verification_id: id,
        imp_uid: null,
        outcome: expected,
      });
      const wire = generateIdentityVerification(id) as {
        status?: string;
        verifiedCustomer?: { ci?: string; name?: string };
      } | null;
      if (wire?.status === "VERIFIED" && wire.verifiedCustomer?.ci) {
        expect(user?.name, id).toBe(wire.verifiedCustomer.name);
        expect(user?.last_provider).toBe("portone");
        expect(user?.last_verification_id).toBe(id);
      } else {
        expect(user, id).toBeUndefined();
      }
    }
  });

  it("READY then VERIFIED completes verified without using attempts", async () => {
    const t = await harness({ attempts: 1, processor: { readyRecheck: READY } });
    const id = sandboxIdentityVerificationId("ready-then-verified", 3, 2, { fetches: 3 });
    const [job] = await t.runV2(id);
    expect(await job?.getState()).toBe("completed");
    expect(job?.returnvalue).toEqual({ outcome: "passed" });
    // Three READY answers and the VERIFIED one, with a single attempt allowed.
    expect(callsFor(t, id)).toBe(4);
    expect(job?.attemptsMade).toBe(1);
    expect(t.logLines()).toContainEqual(
      expect.objectContaining({ verification_id: id, code: "verification_pending" }),
    );
  });

  it("READY forever ends not_certified once PORTONE_READY_TIMEOUT_MS has passed", async () => {
    const id = sandboxIdentityVerificationId("ready-forever", 0, 3);
    const [job] = await h.runV2(id);
    expect(job?.returnvalue).toEqual({ outcome: "not_certified" });
    const waited = (job?.finishedOn ?? 0) - (job?.timestamp ?? 0);
    expect(waited).toBeGreaterThanOrEqual(READY.timeoutMs);
    expect(waited).toBeLessThan(READY.timeoutMs + 3000);
    // Fetched several times with growing pauses, not once, not in a hot loop.
    expect(callsFor(h, id)).toBeGreaterThanOrEqual(4);
    expect(callsFor(h, id)).toBeLessThan(20);
    const { certification, user } = await rowsFor(h.pool, id, "portone");
    expect(certification).toMatchObject({ certified: false, outcome: "not_certified" });
    expect(user).toBeUndefined();
  });

  it("maps every field: CI/DI, birthDate, Seoul reference date across UTC midnight, LGU, OTHER", async () => {
    const t = await harness({ processor: { age: { ageMin: 19, ageRule: "full-years" } } });
    const id = "mapping-check-0001";
    t.sandbox.state.portone.register(id, {
      kind: "record",
      identityVerification: {
        status: "VERIFIED",
        id,
        channel: {
          pgProvider: "DANAL",
          type: "LIVE",
          id: "ch",
          key: "k",
          name: "n",
          pgMerchantId: "m",
        },
        verifiedCustomer: {
          id: "c1",
          name: "홍길동",
          operator: "LGU",
          phoneNumber: "01099998888",
          birthDate: "2007-03-02",
          gender: "OTHER",
          isForeigner: true,
          ci: "CI-mapping-person",
          di: "DI-mapping-person",
        },
        // 16:30 UTC on March 1st is 01:30 on March 2nd in Seoul: the 19th birthday.
        verifiedAt: "2026-03-01T16:30:00Z",
        pgTxId: "pg-tx-1",
        pgRawResponse: '{"raw":"never kept"}',
        requestedAt: "2026-03-01T16:29:00Z",
        updatedAt: "2026-03-01T16:30:00Z",
        statusChangedAt: "2026-03-01T16:30:00Z",
        version: "V2",
      },
    });
    const [job] = await t.runV2(id);
    expect(job?.returnvalue).toEqual({ outcome: "passed" });
    const { certification, user } = await rowsFor(t.pool, id, "portone");
    expect(certification).toMatchObject({
      provider: "portone",
      verification_id: id,
      imp_uid: null,
      user_id: user?.user_id,
      merchant_uid: null,
      pg_provider: "DANAL",
      pg_tid: "pg-tx-1",
      certified: true,
      certified_at: new Date("2026-03-01T16:30:00Z"),
      age: 19,
    });
    expect(user).toMatchObject({
      ci_hash: testPiiCipher.ciHash("CI-mapping-person"),
      ci: "CI-mapping-person",
      di: "DI-mapping-person",
      name: "홍길동",
      gender: "other",
      birthday: "2007-03-02",
      phone: "01099998888",
      carrier: "LGT",
      foreigner: true,
      last_provider: "portone",
    });
    const stored = JSON.stringify(await t.pool.query("SELECT * FROM outcome_events"));
    expect(stored).not.toContain("never kept");
  });

  it("one person through both providers, out of order, is one users row with the newest profile", async () => {
    const impUid = sandboxImpUid("full", 41, 5);
    const v2Id = sandboxIdentityVerificationId("full", 41, 5);
    const v1At = (generateCertification(impUid)?.certified_at as number) * 1000;
    const v2At = Date.parse(
      (generateIdentityVerification(v2Id) as { verifiedAt: string }).verifiedAt,
    );
    expect(v1At).not.toBe(v2At);
    const newest = v2At > v1At ? "portone" : "iamport";
    // Newest first, then the older one.
    if (newest === "portone") {
      await h.runV2(v2Id);
      await h.run(impUid);
    } else {
      await h.run(impUid);
      await h.runV2(v2Id);
    }
    const v1 = await rowsFor(h.pool, impUid);
    const v2 = await rowsFor(h.pool, v2Id, "portone");
    // Merged on the keyed hash of the CI: one users row, named by user_id in both events.
    const ci = generateCertification(impUid)?.unique_key as string;
    const { rows } = await h.pool.query("SELECT * FROM users WHERE ci_hash = $1", [
      testPiiCipher.ciHash(ci),
    ]);
    expect(rows).toHaveLength(1);
    expect(testPiiCipher.decrypt("ci", rows[0].ci)).toBe(ci);
    expect(v1.certification?.user_id).toBe(rows[0].user_id);
    expect(v2.certification?.user_id).toBe(rows[0].user_id);
    expect(v1.events[0]?.payload.user_id).toBe(rows[0].user_id);
    expect(v2.events[0]?.payload.user_id).toBe(rows[0].user_id);
    expect(rows[0]).toMatchObject({
      last_provider: newest,
      last_verification_id: newest === "portone" ? v2Id : impUid,
      last_imp_uid: newest === "portone" ? null : impUid,
      last_certified_at: new Date(Math.max(v1At, v2At)),
      first_certified_at: new Date(Math.min(v1At, v2At)),
    });
  });

  it("duplicates of a V2 id submitted concurrently cause one fetch, one row, one event", async () => {
    const id = sandboxIdentityVerificationId("full", 50, 6);
    const submit = createSubmitter(h.queue);
    await Promise.all(Array.from({ length: 10 }, () => submit({ provider: "portone", id })));
    await h.settledV2(id);
    expect(callsFor(h, id)).toBe(1);
    const { rows } = await h.pool.query(
      "SELECT (SELECT count(*)::int FROM certifications WHERE verification_id = $1) AS certs, (SELECT count(*)::int FROM outcome_events WHERE event_id = $2) AS events",
      [id, eventIdFor(id, "portone")],
    );
    expect(rows[0]).toEqual({ certs: 1, events: 1 });
  });

  it("without a V2 client a V2 job fails at once with provider_not_configured; V1 runs on", async () => {
    const t = await harness({ attempts: 5, processor: { portone: undefined } });
    const id = sandboxIdentityVerificationId("full", 1, 7);
    const [job] = await t.runV2(id);
    expect(job?.failedReason).toBe("provider_not_configured");
    expect(job?.attemptsMade).toBe(1);
    expect(t.sandbox.stats().identityVerificationCalls).toBe(0);
    const [v1] = await t.run(sandboxImpUid("full", 1, 7));
    expect(await v1?.getState()).toBe("completed");
  });

  it("a V2 429 delays only V2 jobs: V1 jobs complete meanwhile, without attempts used", async () => {
    const t = await harness({ attempts: 1 });
    const id = sandboxIdentityVerificationId("full", 2, 8);
    t.sandbox.state.portone.rules.add(id, parseFaultSpec("429,retry-after=2"), 1);
    await t.addV2(id);
    const v1Ids = [1, 2, 3].map((i) => sandboxImpUid("full", i, 800 + i));
    const v1Jobs = await t.run(...v1Ids);
    const [v2] = await t.settledV2(id);
    for (const job of v1Jobs) expect(await job.getState()).toBe("completed");
    // The V1 jobs were done before the V2 job's Retry-After ran out.
    const lastV1 = Math.max(...v1Jobs.map((j) => j.finishedOn ?? 0));
    expect(lastV1).toBeLessThan((v2?.finishedOn ?? 0) - 500);
    expect(await v2?.getState()).toBe("completed");
    expect(v2?.attemptsMade).toBe(1);
    expect((v2?.finishedOn ?? 0) - (v2?.timestamp ?? 0)).toBeGreaterThanOrEqual(1900);
  });

  it("writes no personal data or raw PG response into logs, job data, results or events", async () => {
    const id = sandboxIdentityVerificationId("full", 60, 9);
    h.sandbox.state.portone.rules.add(id, parseFaultSpec("500"), 1);
    const [job] = await h.runV2(id);
    const wire = generateIdentityVerification(id) as {
      verifiedCustomer: Record<string, unknown>;
      pgRawResponse?: string;
    };
    const c = wire.verifiedCustomer;
    const secrets = [c.name, c.phoneNumber, c.birthDate, c.ci, c.di, wire.pgRawResponse]
      .filter((v) => typeof v === "string" && v !== "")
      .map(String);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const written = JSON.stringify({
      logs: h.logLines(),
      result: job?.returnvalue,
      data: job?.data,
    });
    for (const secret of secrets) expect(written).not.toContain(secret);
    // Events name the person by user_id only: no personal value, the CI included.
    const { events } = await rowsFor(h.pool, id, "portone");
    const published = JSON.stringify(events);
    for (const secret of secrets) expect(published).not.toContain(secret);
    expect(job?.data).toEqual({ provider: "portone", id });
    expect(h.logLines()).toContainEqual(
      expect.objectContaining({ verification_id: id, code: "provider_unavailable" }),
    );
  });
});
