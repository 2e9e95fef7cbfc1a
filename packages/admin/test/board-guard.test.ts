import { CERTIFICATION_JOB_NAME, type CertificationQueue } from "@cert/queue";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, type AdminFixture, startAdminFixture, waitForState } from "./admin-fixture";

// The dashboard's backend (bull-board's API under /admin/queues/api) may inspect and retry,
// nothing else. Every state-changing route bull-board 9.10 registers is tried below.

const FAILED = "imp_810001";
const COMPLETED = "imp_810002";
const WAITING = "imp_810003";
const DELAYED = "imp_810004";
const IDS = [FAILED, COMPLETED, WAITING, DELAYED];
const Q = "certifications";

let admin: AdminFixture;
let worker: Worker;

beforeAll(async () => {
  admin = await startAdminFixture();
  worker = admin.startWorker(async (job) => {
    if (job.data.id === FAILED) throw new Error("provider_unavailable");
    return { outcome: "passed" };
  });
  await admin.enqueue(FAILED);
  await admin.enqueue(COMPLETED);
  await waitForState(admin.queue, FAILED, "failed");
  await waitForState(admin.queue, COMPLETED, "completed");
  await worker.pause(); // what follows stays where it is put
  await admin.enqueue(WAITING);
  await admin.queue.add(
    CERTIFICATION_JOB_NAME,
    { provider: "iamport", id: DELAYED },
    { jobId: DELAYED, delay: 3_600_000 },
  );
});

afterAll(async () => {
  await admin?.close();
});

/** Everything a destructive action could change. */
async function snapshot(queue: CertificationQueue) {
  return {
    counts: await queue.getJobCounts(
      "waiting",
      "active",
      "delayed",
      "prioritized",
      "completed",
      "failed",
    ),
    paused: await queue.isPaused(),
    globalConcurrency: await queue.getGlobalConcurrency(),
    globalRateLimit: await queue.getGlobalRateLimit(),
    rateLimitTtl: await queue.getRateLimitTtl(),
    jobs: await Promise.all(
      IDS.map(async (id) => {
        const job = await queue.getJob(id);
        return (
          job && {
            id,
            state: await job.getState(),
            data: job.data,
            delay: job.delay,
            priority: job.priority,
          }
        );
      }),
    ),
  };
}

/** [method, path under /admin/queues, body]: every change bull-board's API offers but retry. */
const DESTRUCTIVE: ReadonlyArray<[string, string, unknown?]> = [
  ["PUT", "/api/queues/pause"],
  ["PUT", "/api/queues/resume"],
  [
    "POST",
    `/api/queues/${Q}/add`,
    { name: CERTIFICATION_JOB_NAME, data: { provider: "iamport", id: "imp_819999" } },
  ],
  ["PUT", `/api/queues/${Q}/retry/completed`],
  ["PUT", `/api/queues/${Q}/promote`],
  ["PUT", `/api/queues/${Q}/clean/failed`],
  ["PUT", `/api/queues/${Q}/clean/completed`],
  ["PUT", `/api/queues/${Q}/clean/delayed`],
  ["PUT", `/api/queues/${Q}/pause`],
  ["PUT", `/api/queues/${Q}/resume`],
  ["PUT", `/api/queues/${Q}/concurrency`, { concurrency: 1 }],
  ["PUT", `/api/queues/${Q}/rate-limit`, { max: 1, duration: 60_000 }],
  ["PUT", `/api/queues/${Q}/rate-limit/release`],
  ["PUT", `/api/queues/${Q}/empty`],
  ["PUT", `/api/queues/${Q}/obliterate`],
  ["PUT", `/api/queues/${Q}/job-schedulers/any/remove`],
  ["PATCH", `/api/queues/${Q}/job-schedulers/any`, { every: 1000 }],
  ["PUT", `/api/queues/${Q}/job-schedulers/any/run`],
  ["PUT", `/api/queues/${Q}/${FAILED}/clean`],
  ["PUT", `/api/queues/${Q}/${DELAYED}/promote`],
  ["PATCH", `/api/queues/${Q}/${WAITING}/update-data`, { data: { imp_uid: "imp_1", name: "x" } }],
  ["PATCH", `/api/queues/${Q}/${DELAYED}/delay`, { delay: 0 }],
  ["PATCH", `/api/queues/${Q}/${WAITING}/priority`, { priority: 5 }],
  ["PUT", `/api/queues/${Q}/${WAITING}/remove-unprocessed-children`],
  ["POST", "/api/metrics/history/purge"],
  ["DELETE", `/api/queues/${Q}/${FAILED}`],
];

function board(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${admin.origin}/admin/queues${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      "content-type": "application/json",
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("dashboard backend", () => {
  it("refuses every destructive action with 403 and leaves the queue as it was", async () => {
    const before = await snapshot(admin.queue);
    expect(before.jobs.map((job) => job?.state)).toEqual([
      "failed",
      "completed",
      "waiting",
      "delayed",
    ]);
    for (const [method, path, body] of DESTRUCTIVE) {
      const response = await board(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "admin_action_forbidden" } });
    }
    expect(await snapshot(admin.queue)).toEqual(before);
    expect(admin.logLines.some((line) => line.includes("admin dashboard action refused"))).toBe(
      true,
    );
  });

  it("refuses them for a signed-in browser too", async () => {
    const login = await fetch(`${admin.origin}/admin/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      redirect: "manual",
    });
    const cookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0] as string;
    const before = await snapshot(admin.queue);
    const response = await fetch(`${admin.origin}/admin/queues/api/queues/${Q}/obliterate`, {
      method: "PUT",
      headers: { cookie, origin: admin.origin },
    });
    expect(response.status).toBe(403);
    expect(await snapshot(admin.queue)).toEqual(before);
  });

  it("still reads: queues, jobs and their failed reason", async () => {
    const response = await board("GET", `/api/queues?activeQueue=${Q}&status=failed&page=1`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      queues: Array<{ jobs: Array<{ id: string; failedReason: string }> }>;
    };
    const failed = body.queues[0]?.jobs.find((job) => job.id === FAILED);
    expect(failed?.failedReason).toBe("provider_unavailable");
  });

  it("retries a failed job, but not a completed one", async () => {
    const completed = await board("PUT", `/api/queues/${Q}/${COMPLETED}/retry`);
    expect(completed.status).toBe(409);
    expect(await completed.json()).toMatchObject({ error: { code: "job_not_failed" } });
    expect(await admin.queue.getJobState(COMPLETED)).toBe("completed");

    const failed = await board("PUT", `/api/queues/${Q}/${FAILED}/retry`);
    expect(failed.status).toBe(204);
    expect(await admin.queue.getJobState(FAILED)).toBe("waiting");
    // A manual retry starts the retry policy over.
    expect((await admin.queue.getJob(FAILED))?.attemptsMade).toBe(0);
  });

  it("retries all failed jobs", async () => {
    worker.resume();
    await waitForState(admin.queue, FAILED, "failed");
    await worker.pause();
    const response = await board("PUT", `/api/queues/${Q}/retry/failed`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ retried: 1, skipped: 0 });
    expect(await admin.queue.getJobState(FAILED)).toBe("waiting");
  });
});
