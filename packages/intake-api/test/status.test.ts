import type { CheckResult } from "@cert/db";
import { certificationRecord, checkResult as recordedCheck } from "@cert/db/testing";
import { writeOutcome } from "@cert/outbox";
import { CERTIFICATION_QUEUE, type CertificationJob } from "@cert/queue";
import { createBlockingConnection } from "@cert/redis";
import { getTestServices, testPiiCipher, useTestDatabase } from "@cert/testing";
import { UnrecoverableError, Worker } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { errorCode, eventually, postJson, type RawResponse, send } from "./http-client";
import { type IntakeFixture, type IntakeFixtureOptions, startIntake } from "./intake-fixture";

const db = useTestDatabase();
const cleanups: Array<() => Promise<unknown>> = [];
let intake: IntakeFixture;

async function start(options: Partial<IntakeFixtureOptions> = {}) {
  intake = await startIntake({ databaseUrl: db.url, ...options });
  cleanups.push(() => intake.close());
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real BullMQ worker on the fixture's queue, like apps/worker runs. */
function startWorker(processor: (job: CertificationJob) => Promise<unknown>): Worker {
  const connection = createBlockingConnection(getTestServices().redisUrl);
  const worker = new Worker(CERTIFICATION_QUEUE, processor, { connection, prefix: intake.prefix });
  cleanups.push(async () => {
    await worker.close();
    connection.disconnect();
  });
  return worker;
}

/** A checked certification as the worker records it, with personal data the API must not show. */
function checkResult(impUid: string, overrides: Partial<CheckResult> = {}): CheckResult {
  return recordedCheck({
    verificationId: impUid,
    certification: certificationRecord({
      uniqueKey: `CI-${impUid}-secret`,
      uniqueInSite: `DI-${impUid}`,
      birthday: "1990-01-02",
    }),
    age: 35,
    checkedAt: new Date("2025-03-01T01:02:05.000Z"),
    ...overrides,
  });
}

function status(impUid: string): Promise<RawResponse> {
  return send(intake.origin, { path: `/certifications/${impUid}` });
}

/** Polls the status route until it reports `wanted`. */
function statusBecomes(impUid: string, wanted: string): Promise<RawResponse> {
  return eventually(async () => {
    const response = await status(impUid);
    return (response.json as { status?: string }).status === wanted ? response : undefined;
  });
}

function expectNoPersonalData(response: RawResponse): void {
  expect(["attempts", "error", "imp_uid", "outcome", "status"]).toEqual(
    expect.arrayContaining(Object.keys(response.json as object)),
  );
  for (const value of ["홍길동", "01012345678", "1990-01-02", "CI-", "DI-"]) {
    expect(response.text).not.toContain(value);
  }
}

describe("GET /certifications/:imp_uid", () => {
  it("follows the job from queued to processing to completed, with the outcome from Postgres", async () => {
    await start();
    const impUid = "imp_200000000001";
    await postJson(intake.origin, { imp_uid: impUid });
    const queued = await status(impUid);
    expect(queued.status).toBe(200);
    expect(queued.json).toEqual({ imp_uid: impUid, status: "queued", attempts: 0 });

    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    startWorker(async (job) => {
      await gate;
      await writeOutcome(intake.pool, checkResult(job.data.id), testPiiCipher);
    });
    const processing = await statusBecomes(impUid, "processing");
    expect(processing.json).toEqual({ imp_uid: impUid, status: "processing", attempts: 1 });

    release();
    const completed = await statusBecomes(impUid, "completed");
    expect(completed.json).toEqual({
      imp_uid: impUid,
      status: "completed",
      outcome: "passed",
      attempts: 1,
    });
    expectNoPersonalData(completed);
  });

  it("answers a repeated submission of a completed job with completed, adding nothing", async () => {
    await start();
    const impUid = "imp_200000000002";
    startWorker(async (job) => {
      await writeOutcome(intake.pool, checkResult(job.data.id), testPiiCipher);
    });
    await postJson(intake.origin, { imp_uid: impUid });
    await statusBecomes(impUid, "completed");

    const repeat = await postJson(intake.origin, { imp_uid: impUid });
    expect(repeat.status).toBe(202);
    expect(repeat.json).toMatchObject({ imp_uid: impUid, status: "completed" });
    expect(await intake.queue.getJobCounts("completed", "waiting")).toEqual({
      completed: 1,
      waiting: 0,
    });
  });

  it("reports a failed job with its safe error code and attempts", async () => {
    await start();
    const impUid = "imp_200000000003";
    startWorker(async () => {
      throw new UnrecoverableError("provider_auth_failed");
    });
    await postJson(intake.origin, { imp_uid: impUid });

    const failed = await statusBecomes(impUid, "failed");
    expect(failed.json).toEqual({
      imp_uid: impUid,
      status: "failed",
      attempts: 1,
      error: "provider_auth_failed",
    });
  });

  it("never shows a failure message that is not a safe code", async () => {
    await start();
    const impUid = "imp_200000000004";
    startWorker(async () => {
      throw new UnrecoverableError("birthday 1990-01-02 of 홍길동 is invalid");
    });
    await postJson(intake.origin, { imp_uid: impUid });

    const failed = await statusBecomes(impUid, "failed");
    expect(failed.json).toMatchObject({ status: "failed", error: "job_failed" });
    expectNoPersonalData(failed);
  });

  it("reports a job waiting out a retry backoff as queued, with the attempt counted", async () => {
    await start({ jobOptions: { jobBackoffMs: 600_000 } });
    const impUid = "imp_200000000005";
    startWorker(async () => {
      throw new Error("provider_unavailable");
    });
    await postJson(intake.origin, { imp_uid: impUid });
    await eventually(async () =>
      (await intake.queue.getJobState(impUid)) === "delayed" ? true : undefined,
    );

    const response = await status(impUid);
    expect(response.json).toEqual({ imp_uid: impUid, status: "queued", attempts: 1 });
  });

  it("keeps answering from Postgres after the job was removed from Redis", async () => {
    await start();
    const impUid = "imp_200000000006";
    startWorker(async (job) => {
      await writeOutcome(
        intake.pool,
        checkResult(job.data.id, { outcome: "failed" }),
        testPiiCipher,
      );
    });
    await postJson(intake.origin, { imp_uid: impUid });
    await statusBecomes(impUid, "completed");
    await intake.queue.remove(impUid);
    expect(await intake.queue.getJob(impUid)).toBeUndefined();

    const response = await status(impUid);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      imp_uid: impUid,
      status: "completed",
      outcome: "failed",
      attempts: null,
    });
    expectNoPersonalData(response);
  });

  it("reports a not_found outcome recorded in Postgres", async () => {
    await start();
    const impUid = "imp_200000000007";
    await writeOutcome(
      intake.pool,
      checkResult(impUid, { certification: null, outcome: "not_found", age: null }),
      testPiiCipher,
    );

    const response = await status(impUid);
    expect(response.json).toEqual({
      imp_uid: impUid,
      status: "completed",
      outcome: "not_found",
      attempts: null,
    });
  });

  it("answers 404 not_found for an imp_uid nobody knows", async () => {
    await start();
    const response = await status("imp_200000000999");

    expect(response.status).toBe(404);
    expect(errorCode(response)).toBe("not_found");
  });

  it("answers 400 invalid_imp_uid for a malformed id without asking any store", async () => {
    await start();
    for (const path of [
      "/certifications/..",
      "/certifications/imp_1%2F..%2F..",
      "/certifications/x",
    ]) {
      const response = await send(intake.origin, { path });
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe("invalid_imp_uid");
    }
  });
});
