/** The PortOne V2 intake routes: the same rules as the V1 ones, under V2 names. */
import { writeOutcome } from "@cert/outbox";
import { jobIdFor } from "@cert/queue";
import { testPiiCipher, useTestDatabase } from "@cert/testing";
import { afterEach, describe, expect, it } from "vitest";
import { errorCode, type RawResponse, send } from "./http-client";
import { type IntakeFixture, type IntakeFixtureOptions, startIntake } from "./intake-fixture";

const db = useTestDatabase();
let intake: IntakeFixture;
const fixtures: IntakeFixture[] = [];

async function start(options: Partial<IntakeFixtureOptions> = {}): Promise<IntakeFixture> {
  intake = await startIntake({ databaseUrl: db.url, ...options });
  fixtures.push(intake);
  return intake;
}

afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

const postV2 = (body: unknown, origin = intake.origin) =>
  send(origin, {
    method: "POST",
    path: "/identity-verifications",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const statusV2 = (id: string) => send(intake.origin, { path: `/identity-verifications/${id}` });

const jobData = async (id: string) =>
  (await intake.queue.getJob(jobIdFor({ provider: "portone", id })))?.data;

describe("POST /identity-verifications", () => {
  it("accepts a JSON body with 202, and the job carries exactly { provider, id }", async () => {
    await start();
    const response = await postV2({ identityVerificationId: "iv-0001", name: "홍길동" });
    expect(response.status).toBe(202);
    expect(response.json).toEqual({
      identityVerificationId: "iv-0001",
      status: "queued",
      status_url: "/identity-verifications/iv-0001",
    });
    expect(await jobData("iv-0001")).toEqual({ provider: "portone", id: "iv-0001" });
  });

  it("accepts a form body the same way", async () => {
    await start();
    const response = await send(intake.origin, {
      method: "POST",
      path: "/identity-verifications",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "identityVerificationId=A.b_c~D-9",
    });
    expect(response.status).toBe(202);
    expect(await jobData("A.b_c~D-9")).toEqual({ provider: "portone", id: "A.b_c~D-9" });
  });

  it("is idempotent: concurrent duplicates make one job", async () => {
    await start();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => postV2({ identityVerificationId: "iv-dup" })),
    );
    for (const answer of answers) expect(answer.status).toBe(202);
    expect(await intake.jobCount()).toBe(1);
  });

  it("keeps V1 and V2 apart: the same text as an imp_uid and a V2 id is two jobs", async () => {
    await start();
    await postV2({ identityVerificationId: "imp_300000000001" });
    await send(intake.origin, {
      method: "POST",
      path: "/certifications",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_uid: "imp_300000000001" }),
    });
    expect(await intake.jobCount()).toBe(2);
  });

  it.each([
    ["missing", {}],
    ["V1 field name", { imp_uid: "iv-1" }],
    ["empty", { identityVerificationId: "" }],
    ["too long", { identityVerificationId: "a".repeat(129) }],
    ["a slash", { identityVerificationId: "a/b" }],
    ["a colon", { identityVerificationId: "a:b" }],
    ["a number", { identityVerificationId: 12345 }],
    ["an array", { identityVerificationId: ["iv-1"] }],
  ])(
    "answers 400 invalid_identity_verification_id for %s, enqueueing nothing",
    async (_what, body) => {
      await start();
      const response = await postV2(body);
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe("invalid_identity_verification_id");
      expect(response.text).not.toContain("a:b");
      expect(await intake.jobCount()).toBe(0);
    },
  );
});

describe("GET /identity-verifications/redirect", () => {
  it("enqueues and redirects to REDIRECT_URL with the id and status appended", async () => {
    await start({ config: { redirectUrl: "https://shop.example/done?from=v2" } });
    const response = await send(intake.origin, {
      path: "/identity-verifications/redirect?identityVerificationId=iv-redirect-1",
    });
    expect(response.status).toBe(302);
    const location = new URL(String(response.headers.location));
    expect(location.origin + location.pathname).toBe("https://shop.example/done");
    expect(Object.fromEntries(location.searchParams)).toEqual({
      from: "v2",
      identityVerificationId: "iv-redirect-1",
      status: "queued",
    });
    expect(await jobData("iv-redirect-1")).toEqual({ provider: "portone", id: "iv-redirect-1" });
  });

  it("answers 202 JSON without REDIRECT_URL, and 400 for a bad id", async () => {
    await start();
    const ok = await send(intake.origin, {
      path: "/identity-verifications/redirect?identityVerificationId=iv-redirect-2",
    });
    expect([ok.status, (ok.json as { status?: string }).status]).toEqual([202, "queued"]);
    const bad = await send(intake.origin, {
      path: "/identity-verifications/redirect?identityVerificationId=%2e%2e%2fx",
    });
    expect([bad.status, errorCode(bad)]).toEqual([400, "invalid_identity_verification_id"]);
  });
});

describe("GET /identity-verifications/:id", () => {
  const expectNoPersonalData = (response: RawResponse) => {
    for (const value of ["홍길동", "01012345678", "1990-01-02", "CI-", "DI-"]) {
      expect(response.text).not.toContain(value);
    }
  };

  it("answers queued for a submitted id and 404 for an unknown one", async () => {
    await start();
    await postV2({ identityVerificationId: "iv-status-1" });
    const queued = await statusV2("iv-status-1");
    expect([queued.status, queued.json]).toEqual([
      200,
      { identityVerificationId: "iv-status-1", status: "queued", attempts: 0 },
    ]);
    expect(queued.headers["cache-control"]).toBe("no-store");
    const unknown = await statusV2("iv-never-seen");
    expect([unknown.status, errorCode(unknown)]).toEqual([404, "not_found"]);
  });

  it("answers the recorded outcome from Postgres, without personal data", async () => {
    await start();
    await writeOutcome(
      intake.pool,
      {
        provider: "portone",
        verificationId: "iv-recorded-1",
        certification: {
          uniqueKey: "CI-v2-secret",
          uniqueInSite: "DI-v2",
          name: "홍길동",
          gender: "other",
          birthday: "1990-01-02",
          phone: "01012345678",
          carrier: "LGT",
          foreigner: false,
          merchantUid: null,
          pgProvider: "DANAL",
          pgTid: "tx-1",
          certified: true,
          certifiedAt: new Date("2026-03-01T00:00:00Z"),
        },
        outcome: "passed",
        age: 36,
        ageMin: 19,
        ageRule: "calendar-year",
        checkedAt: new Date("2026-03-01T00:00:01Z"),
      },
      testPiiCipher,
    );
    const response = await statusV2("iv-recorded-1");
    expect(response.json).toEqual({
      identityVerificationId: "iv-recorded-1",
      status: "completed",
      outcome: "passed",
      attempts: null,
    });
    expectNoPersonalData(response);
    // Recorded for V2 only: the V1 route does not know it.
    const v1 = await send(intake.origin, { path: "/certifications/iv-recorded-1" });
    expect([v1.status, errorCode(v1)]).toEqual([400, "invalid_imp_uid"]);
  });

  it("takes `..` as the id it is (PortOne allows dots), never as a path step", async () => {
    await start();
    const response = await statusV2("..");
    expect([response.status, errorCode(response)]).toEqual([404, "not_found"]);
  });

  it.each(["a%2fb", "%2f..", "a:b", "a%20b", "a".repeat(129)])(
    "answers 400 invalid_identity_verification_id for %s",
    async (id) => {
      await start();
      const response = await statusV2(id);
      expect([response.status, errorCode(response)]).toEqual([
        400,
        "invalid_identity_verification_id",
      ]);
    },
  );
});
