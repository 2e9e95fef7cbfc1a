import { CERTIFICATION_JOB_NAME } from "@cert/queue";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FailedJobView } from "../src/failed-job-view";
import { type AdminFixture, startAdminFixture, waitForState } from "./admin-fixture";

let admin: AdminFixture;

beforeEach(async () => {
  admin = await startAdminFixture({ retryAllLimit: 3 });
});
afterEach(async () => {
  await admin?.close();
});

/** The provider outage the worker reports, as a safe code (as the real worker does). */
const OUTAGE_CODE = "provider_unavailable";

/** A worker that fails every imp_uid in `broken` and completes the others. */
function startWorker(broken: Set<string>) {
  return admin.startWorker(async (job) => {
    const data = job.data as { id?: string; imp_uid?: string };
    if (broken.has(data.id ?? data.imp_uid ?? "")) throw new Error(OUTAGE_CODE);
    return { outcome: "passed" };
  });
}

async function failedList(query = ""): Promise<{ total: number; jobs: FailedJobView[] }> {
  const response = await admin.adminFetch(`/admin/api/failed${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { total: number; jobs: FailedJobView[] };
}

function post(path: string): Promise<Response> {
  return admin.adminFetch(path, { method: "POST" });
}

describe("GET /admin/api/failed", () => {
  it("lists a job the worker failed with its code, attempts and timestamps only", async () => {
    const broken = new Set(["imp_100001"]);
    startWorker(broken);
    // Even a job a buggy producer gave more than its imp_uid is listed with the imp_uid only.
    const data = { imp_uid: "imp_100001", phone: "01012345678" };
    await admin.queue.add(CERTIFICATION_JOB_NAME, data as never, { jobId: "imp_100001" });
    await waitForState(admin.queue, "imp_100001", "failed");

    const body = await failedList();
    expect(JSON.stringify(body)).not.toContain("01012345678");
    expect(body.total).toBe(1);
    const [job] = body.jobs;
    expect(job).toEqual({
      id: "imp_100001",
      provider: "iamport",
      verification_id: "imp_100001",
      imp_uid: "imp_100001",
      failedReason: OUTAGE_CODE,
      attemptsMade: 1,
      createdAt: expect.any(String),
      processedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    const { createdAt, processedAt, finishedAt } = job as FailedJobView;
    expect(Date.parse(createdAt as string)).toBeLessThanOrEqual(Date.parse(processedAt as string));
    expect(Date.parse(processedAt as string)).toBeLessThanOrEqual(Date.parse(finishedAt as string));
  });

  it("pages through the failed set", async () => {
    const ids = ["imp_200001", "imp_200002", "imp_200003"];
    startWorker(new Set(ids));
    for (const id of ids) await admin.enqueue(id);
    for (const id of ids) await waitForState(admin.queue, id, "failed");

    const first = await failedList("?page=1&pageSize=2");
    const second = await failedList("?page=2&pageSize=2");
    expect(first.total).toBe(3);
    expect(first.jobs).toHaveLength(2);
    expect(second.jobs).toHaveLength(1);
    const seen = [...first.jobs, ...second.jobs].map((job) => job.imp_uid).sort();
    expect(seen).toEqual(ids);
  });

  it("shows the provider and verification id of V1 and V2 jobs, and retries a V2 job", async () => {
    const broken = new Set(["imp_500001", "iv-500001"]);
    startWorker(broken);
    await admin.enqueue("imp_500001");
    await admin.enqueue("iv-500001", "portone");
    await waitForState(admin.queue, "imp_500001", "failed");
    await waitForState(admin.queue, "portone.iv-500001", "failed");

    const views = (await failedList()).jobs.map((job) => ({
      id: job.id,
      provider: job.provider,
      verification_id: job.verification_id,
      imp_uid: job.imp_uid,
    }));
    expect(views).toEqual(
      expect.arrayContaining([
        {
          id: "imp_500001",
          provider: "iamport",
          verification_id: "imp_500001",
          imp_uid: "imp_500001",
        },
        {
          id: "portone.iv-500001",
          provider: "portone",
          verification_id: "iv-500001",
          imp_uid: null,
        },
      ]),
    );

    broken.clear();
    const response = await post("/admin/api/failed/portone.iv-500001/retry");
    expect(response.status).toBe(200);
    await waitForState(admin.queue, "portone.iv-500001", "completed");
  });

  it("answers 400 for a malformed page and 404 for an unknown queue", async () => {
    for (const query of ["?page=0", "?page=abc", "?pageSize=100000", "?page=1&page=2"]) {
      const response = await admin.adminFetch(`/admin/api/failed${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_query" } });
    }
    const response = await admin.adminFetch("/admin/api/failed?queue=elsewhere");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "unknown_queue" } });
  });
});

describe("POST /admin/api/failed/:id/retry", () => {
  it("runs a failed job again, and it completes once its cause is fixed", async () => {
    const broken = new Set(["imp_300001"]);
    startWorker(broken);
    await admin.enqueue("imp_300001");
    await waitForState(admin.queue, "imp_300001", "failed");

    broken.clear();
    const response = await post("/admin/api/failed/imp_300001/retry");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: "imp_300001", retried: true });
    await waitForState(admin.queue, "imp_300001", "completed");
    expect((await failedList()).total).toBe(0);
  });

  it("answers 404 for an unknown job and 409 for a job that has not failed", async () => {
    const unknown = await post("/admin/api/failed/imp_999999/retry");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "job_not_found" } });

    await admin.enqueue("imp_300002"); // no worker yet: it stays waiting
    const waiting = await post("/admin/api/failed/imp_300002/retry");
    expect(waiting.status).toBe(409);
    expect(await waiting.json()).toMatchObject({ error: { code: "job_not_failed" } });

    startWorker(new Set());
    await waitForState(admin.queue, "imp_300002", "completed");
    const completed = await post("/admin/api/failed/imp_300002/retry");
    expect(completed.status).toBe(409);
  });
});

describe("POST /admin/api/failed/retry-all", () => {
  it("retries at most retryAllLimit jobs per call and reports how many remain", async () => {
    const ids = ["imp_400001", "imp_400002", "imp_400003", "imp_400004", "imp_400005"];
    const worker = startWorker(new Set(ids));
    for (const id of ids) await admin.enqueue(id);
    for (const id of ids) await waitForState(admin.queue, id, "failed");
    await worker.close(); // nothing consumes the retried jobs, so the counts below are stable

    const first = await post("/admin/api/failed/retry-all");
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ retried: 3, remaining: 2, limit: 3 });
    expect(await admin.queue.getJobCounts("waiting", "failed")).toEqual({ waiting: 3, failed: 2 });

    const second = await post("/admin/api/failed/retry-all");
    expect(await second.json()).toMatchObject({ retried: 2, remaining: 0 });

    const third = await post("/admin/api/failed/retry-all");
    expect(await third.json()).toMatchObject({ retried: 0, remaining: 0 });

    startWorker(new Set());
    for (const id of ids) await waitForState(admin.queue, id, "completed");
  });
});

describe("GET /admin/api/counts", () => {
  it("reports job counts per queue", async () => {
    startWorker(new Set(["imp_500001"]));
    await admin.enqueue("imp_500001");
    await admin.enqueue("imp_500002");
    await waitForState(admin.queue, "imp_500001", "failed");
    await waitForState(admin.queue, "imp_500002", "completed");

    const response = await admin.adminFetch("/admin/api/counts");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { queues: unknown };
    expect(body.queues).toEqual([
      {
        name: "certifications",
        paused: false,
        counts: expect.objectContaining({ waiting: 0, active: 0, completed: 1, failed: 1 }),
      },
    ]);
  });
});
