import { useTestDatabase } from "@cert/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm, postJson, send } from "./http-client";
import { type IntakeFixture, startIntake } from "./intake-fixture";

const db = useTestDatabase();
let intake: IntakeFixture;
let withRedirect: IntakeFixture;

const REDIRECT_URL = "https://shop.example/after-certification?from=app";

beforeAll(async () => {
  intake = await startIntake({ databaseUrl: db.url });
  withRedirect = await startIntake({ databaseUrl: db.url, config: { redirectUrl: REDIRECT_URL } });
});

afterAll(async () => {
  await intake?.close();
  await withRedirect?.close();
});

async function jobData(fixture: IntakeFixture, impUid: string) {
  const job = await fixture.queue.getJob(impUid);
  return job?.data;
}

describe("POST /certifications", () => {
  it("accepts a JSON body with 202 and enqueues a job whose data is exactly {imp_uid}", async () => {
    const response = await postJson(intake.origin, { imp_uid: "imp_100000000001" });

    expect(response.status).toBe(202);
    expect(response.json).toEqual({
      imp_uid: "imp_100000000001",
      status: "queued",
      status_url: "/certifications/imp_100000000001",
    });
    expect(await jobData(intake, "imp_100000000001")).toEqual({
      provider: "iamport",
      id: "imp_100000000001",
    });
  });

  it("accepts a form body the same way", async () => {
    const response = await postForm(intake.origin, "imp_uid=imp_100000000002");

    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ imp_uid: "imp_100000000002", status: "queued" });
    expect(await jobData(intake, "imp_100000000002")).toEqual({
      provider: "iamport",
      id: "imp_100000000002",
    });
  });

  it("ignores fields other than imp_uid: they never reach the job", async () => {
    const response = await postJson(intake.origin, {
      imp_uid: "imp_100000000003",
      name: "홍길동",
      phone: "01012345678",
    });

    expect(response.status).toBe(202);
    expect(await jobData(intake, "imp_100000000003")).toEqual({
      provider: "iamport",
      id: "imp_100000000003",
    });
  });

  it("turns 50 concurrent submissions of one imp_uid into one job, every one answered 202", async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => postJson(intake.origin, { imp_uid: "imp_100000000004" })),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(202));
    const jobs = await intake.queue.getJobs([
      "waiting",
      "active",
      "delayed",
      "completed",
      "failed",
    ]);
    expect(jobs.filter((job) => job.data.id === "imp_100000000004")).toHaveLength(1);
  });

  it("answers a repeat with the job's current status and changes nothing", async () => {
    await postJson(intake.origin, { imp_uid: "imp_100000000005" });
    const job = await intake.queue.getJob("imp_100000000005");
    const timestamp = job?.timestamp;
    const repeat = await postJson(intake.origin, { imp_uid: "imp_100000000005" });

    expect(repeat.status).toBe(202);
    expect(repeat.json).toMatchObject({ imp_uid: "imp_100000000005", status: "queued" });
    expect((await intake.queue.getJob("imp_100000000005"))?.timestamp).toBe(timestamp);
  });
});

describe("GET /certifications/redirect", () => {
  it("enqueues and answers 202 JSON when REDIRECT_URL is unset", async () => {
    const response = await send(intake.origin, {
      path: "/certifications/redirect?imp_uid=imp_100000000010&imp_success=true",
    });

    expect(response.status).toBe(202);
    expect(response.json).toEqual({
      imp_uid: "imp_100000000010",
      status: "queued",
      status_url: "/certifications/imp_100000000010",
    });
    expect(await jobData(intake, "imp_100000000010")).toEqual({
      provider: "iamport",
      id: "imp_100000000010",
    });
  });

  it("redirects to REDIRECT_URL with imp_uid and status appended", async () => {
    const response = await send(withRedirect.origin, {
      path: "/certifications/redirect?imp_uid=imp_100000000011",
    });

    expect(response.status).toBe(302);
    const location = new URL(String(response.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(
      "https://shop.example/after-certification",
    );
    expect(Object.fromEntries(location.searchParams)).toEqual({
      from: "app",
      imp_uid: "imp_100000000011",
      status: "queued",
    });
    expect(await jobData(withRedirect, "imp_100000000011")).toEqual({
      provider: "iamport",
      id: "imp_100000000011",
    });
  });

  it("never redirects to a URL taken from the request", async () => {
    const evil = encodeURIComponent("https://evil.example/phish");
    const response = await send(withRedirect.origin, {
      path: `/certifications/redirect?imp_uid=imp_100000000012&redirect=${evil}&url=${evil}&redirect_url=${evil}&status=completed`,
    });

    expect(response.status).toBe(302);
    const location = new URL(String(response.headers.location));
    expect(location.host).toBe("shop.example");
    expect(Object.fromEntries(location.searchParams)).toEqual({
      from: "app",
      imp_uid: "imp_100000000012",
      status: "queued",
    });
  });
});
