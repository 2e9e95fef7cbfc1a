import {
  generateCertification,
  SANDBOX_SHAPES,
  sandboxExpectedOutcome,
  sandboxImpUid,
} from "@cert/iamport-sandbox";
import { eventIdFor } from "@cert/outbox";
import { testPiiCipher, useTestDatabase } from "@cert/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, rowsFor, startHarness, tableCounts } from "./harness";

const database = useTestDatabase();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ databaseUrl: database.url });
});
afterAll(async () => {
  await h?.close();
});

describe("certification processor: outcomes as the contract lists them", () => {
  it("records every shape with its outcome, the right rows and exactly one event", async () => {
    const impUids = SANDBOX_SHAPES.map((shape, i) => sandboxImpUid(shape.name, 10 + i, 1));
    const jobs = await h.run(...impUids);

    for (const [i, impUid] of impUids.entries()) {
      const expected = sandboxExpectedOutcome(impUid, "calendar-year");
      expect(jobs[i]?.returnvalue, impUid).toEqual({ outcome: expected });
      const record = generateCertification(impUid);
      const { certification, events, user } = await rowsFor(h.pool, impUid);
      expect(certification?.outcome, impUid).toBe(expected);
      expect(certification?.age_min).toBe(19);
      expect(certification?.age_rule).toBe("calendar-year");
      expect(events, impUid).toHaveLength(1);
      expect(events[0]?.event_id).toBe(eventIdFor(impUid));
      expect(events[0]?.payload).toMatchObject({
        provider: "iamport",
        verification_id: impUid,
        imp_uid: impUid,
        outcome: expected,
        age_min: 19,
        age_rule: "calendar-year",
      });
      // Only certified people with a CI become users, with the profile as the provider gave it.
      if (record?.certified === true && typeof record.unique_key === "string") {
        // Found by the keyed hash of the CI; the event names the person by user_id only.
        expect(user?.ci_hash).toBe(testPiiCipher.ciHash(record.unique_key));
        expect(user?.ci).toBe(record.unique_key);
        expect(events[0]?.payload.user_id).toBe(user?.user_id);
        expect(certification?.user_id).toBe(user?.user_id);
        expect(user?.name, impUid).toBe(record.name);
        expect(user?.last_imp_uid).toBe(impUid);
        expect(user?.phone ?? undefined).toBe(record.phone);
      } else {
        expect(certification?.user_id, impUid).toBeNull();
        expect(events[0]?.payload.user_id, impUid).toBeNull();
        expect(user).toBeUndefined();
      }
    }
    const passed = impUids.filter((id) => sandboxExpectedOutcome(id) === "passed");
    const { certification } = await rowsFor(h.pool, passed[0] ?? "");
    expect(certification?.age).toBeGreaterThanOrEqual(19);
  });

  it("keeps the newest profile when one person's certifications are processed out of order", async () => {
    const uniqueKey = "CI-out-of-order-person".padEnd(88, "x");
    const base = {
      merchant_uid: "mid_1",
      pg_provider: "danal",
      pg_tid: "tid",
      certified: true,
      name: "홍길동",
      gender: "male",
      birthday: "1990-05-05",
      foreigner: false,
      unique_key: uniqueKey,
      unique_in_site: "DI-person",
    };
    const versions = [
      { impUid: "imp_700000000001", certifiedAt: 1_767_300_000, phone: "01011110001" },
      { impUid: "imp_700000000002", certifiedAt: 1_767_400_000, phone: "01011110002" },
      { impUid: "imp_700000000003", certifiedAt: 1_767_500_000, phone: "01011110003" },
    ];
    for (const v of versions) {
      h.sandbox.register(v.impUid, {
        kind: "record",
        certification: {
          ...base,
          imp_uid: v.impUid,
          certified_at: v.certifiedAt,
          phone: v.phone,
          carrier: "SKT",
        },
      });
    }
    // Newest first, then the older ones, one at a time.
    await h.run("imp_700000000003");
    await h.run("imp_700000000001");
    await h.run("imp_700000000002");

    const { rows } = await h.pool.query("SELECT * FROM users WHERE ci_hash = $1", [
      testPiiCipher.ciHash(uniqueKey),
    ]);
    expect(rows).toHaveLength(1);
    expect(testPiiCipher.decrypt("phone", rows[0].phone)).toBe("01011110003");
    expect(rows[0].last_imp_uid).toBe("imp_700000000003");
    expect(rows[0].first_certified_at.getTime()).toBe(1_767_300_000_000);
    expect(rows[0].last_certified_at.getTime()).toBe(1_767_500_000_000);
  });

  it("checks and publishes a certification without a CI but creates no user", async () => {
    const impUid = sandboxImpUid("no-unique-key", 42, 2);
    const before = await tableCounts(h.pool);
    const [job] = await h.run(impUid);
    const after = await tableCounts(h.pool);

    expect(job?.returnvalue).toEqual({ outcome: "passed" });
    expect(after.users).toBe(before.users);
    expect(after.certifications).toBe(before.certifications + 1);
    const { certification, events } = await rowsFor(h.pool, impUid);
    expect(certification?.user_id).toBeNull();
    expect(events).toHaveLength(1);
    expect(events[0]?.payload.user_id).toBeNull();
  });

  it("inserts nothing new when a job is replayed", async () => {
    const impUid = sandboxImpUid("full", 7, 3);
    await h.run(impUid);
    const before = await tableCounts(h.pool);
    const first = await rowsFor(h.pool, impUid);

    // The job is gone from Redis (retention over), and the imp_uid is submitted again.
    await h.queue.remove(impUid);
    const [replayed] = await h.run(impUid);
    const second = await rowsFor(h.pool, impUid);

    expect(replayed?.returnvalue).toEqual({ outcome: "passed" });
    expect(await tableCounts(h.pool)).toEqual(before);
    expect(second.certification).toEqual(first.certification);
    expect(second.events).toEqual(first.events);
    expect(second.user).toEqual(first.user);
  });

  it("returns and logs no personal data", async () => {
    const impUid = sandboxImpUid("full", 3, 4);
    h.sandbox.addFaultRule(impUid, "503", 1);
    const [job] = await h.run(impUid);
    const record = generateCertification(impUid);
    const secrets = [record?.name, record?.phone, record?.unique_key, record?.birthday].map(String);
    const written = JSON.stringify({
      logs: h.logLines(),
      result: job?.returnvalue,
      data: job?.data,
    });
    for (const secret of secrets) expect(written).not.toContain(secret);
    // The retry decision itself was logged, with the id and code.
    expect(h.logLines()).toContainEqual(
      expect.objectContaining({ verification_id: impUid, code: "provider_unavailable" }),
    );
  });

  it("still processes a job queued before V2 with the legacy { imp_uid } data", async () => {
    const impUid = sandboxImpUid("full", 3, 77);
    await h.queue.add("check-certification", { imp_uid: impUid } as never, { jobId: impUid });
    const [job] = await h.settled(impUid);
    expect(job?.returnvalue).toEqual({ outcome: sandboxExpectedOutcome(impUid) });
    expect((await rowsFor(h.pool, impUid)).events).toHaveLength(1);
  });
});
