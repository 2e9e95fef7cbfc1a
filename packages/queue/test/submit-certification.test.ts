import { createBlockingConnection, createFailFastConnection, waitUntilReady } from "@cert/redis";
import { type Telemetry, Worker } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import {
  CERTIFICATION_JOB_NAME,
  CERTIFICATION_QUEUE,
  type CertificationQueue,
  connectionOf,
  createCertificationQueue,
  createSubmitter,
  jobIdFor,
} from "../src/index";
import { getTestServices, uniquePrefix } from "./services";

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function readyQueue(
  telemetry?: Telemetry,
): Promise<{ queue: CertificationQueue; prefix: string }> {
  const connection = createFailFastConnection(getTestServices().redisUrl);
  const prefix = uniquePrefix("submit");
  const queue = createCertificationQueue({ connection, prefix, telemetry });
  cleanups.push(async () => {
    await queue.close();
    connection.disconnect();
  });
  await waitUntilReady(connection);
  return { queue, prefix };
}

describe("BullMQ behaviour the submitter relies on", () => {
  it("add with a retained custom jobId creates no second job and returns the existing id", async () => {
    const { queue } = await readyQueue();
    const first = await queue.add(
      CERTIFICATION_JOB_NAME,
      { provider: "iamport", id: "imp_1" },
      { jobId: "j1" },
    );
    const again = await queue.add(
      CERTIFICATION_JOB_NAME,
      { provider: "iamport", id: "imp_2" },
      { jobId: "j1" },
    );
    expect([first.id, again.id]).toEqual(["j1", "j1"]);
    expect(await queue.getJobCounts("waiting", "active", "delayed")).toEqual({
      waiting: 1,
      active: 0,
      delayed: 0,
    });
    // The stored job is the first one, untouched.
    expect((await queue.getJob("j1"))?.data).toEqual({ provider: "iamport", id: "imp_1" });
  });

  it("addBulk with a retained job id leaves that job alone and adds the others", async () => {
    const { queue } = await readyQueue();
    await queue.add(CERTIFICATION_JOB_NAME, { provider: "iamport", id: "imp_1" }, { jobId: "j3" });
    await queue.addBulk([
      {
        name: CERTIFICATION_JOB_NAME,
        data: { provider: "iamport", id: "imp_2" },
        opts: { jobId: "j3" },
      },
      {
        name: CERTIFICATION_JOB_NAME,
        data: { provider: "iamport", id: "imp_3" },
        opts: { jobId: "j4" },
      },
    ]);
    expect(await queue.count()).toBe(2);
    expect((await queue.getJob("j3"))?.data).toEqual({ provider: "iamport", id: "imp_1" });
    // The queue's default job options apply to bulk adds too.
    expect((await queue.getJob("j4"))?.opts.attempts).toBe(queue.defaultJobOptions.attempts);
  });

  it("a job's hash (what the probe reads) has a name field exactly while the job is retained", async () => {
    const { queue } = await readyQueue();
    // The probe's connection: the one the queue was given, which the queue writes on.
    const client = connectionOf(queue);
    expect(await client.hexists(queue.toKey("j2"), "name")).toBe(0);
    await queue.add(CERTIFICATION_JOB_NAME, { provider: "iamport", id: "imp_3" }, { jobId: "j2" });
    expect(await client.hexists(queue.toKey("j2"), "name")).toBe(1);
    await queue.remove("j2");
    expect(await client.hexists(queue.toKey("j2"), "name")).toBe(0);
  });
});

describe("createSubmitter", () => {
  it("adds a first submission and reports repeats with their current state", async () => {
    const { queue } = await readyQueue();
    const submit = createSubmitter(queue);
    expect(await submit({ provider: "iamport", id: "imp_200000000001" })).toEqual({
      added: true,
      state: "waiting",
    });
    expect(await submit({ provider: "iamport", id: "imp_200000000001" })).toEqual({
      added: false,
      state: "waiting",
    });
    expect(await queue.count()).toBe(1);
  });

  it("reports a repeat of a finished job as completed and adds nothing", async () => {
    const { queue, prefix } = await readyQueue();
    const submit = createSubmitter(queue);
    const connection = createBlockingConnection(getTestServices().redisUrl);
    const worker = new Worker(CERTIFICATION_QUEUE, async () => {}, { connection, prefix });
    cleanups.push(async () => {
      await worker.close();
      connection.disconnect();
    });
    const done = new Promise((resolve) => worker.once("completed", resolve));
    await submit({ provider: "iamport", id: "imp_200000000002" });
    await done;
    expect(await submit({ provider: "iamport", id: "imp_200000000002" })).toEqual({
      added: false,
      state: "completed",
    });
    expect(await queue.getJobCounts("waiting", "completed")).toEqual({ waiting: 0, completed: 1 });
  });

  it("tells concurrent first submissions of different imp_uids apart", async () => {
    const { queue } = await readyQueue();
    const submit = createSubmitter(queue);
    const ids = Array.from({ length: 20 }, (_, i) => `imp_2100000000${String(i).padStart(2, "0")}`);
    const firsts = await Promise.all(ids.map((id) => submit({ provider: "iamport", id: id })));
    expect(firsts.every((submission) => submission.added)).toBe(true);
    const repeats = await Promise.all(ids.map((id) => submit({ provider: "iamport", id: id })));
    expect(repeats.every((submission) => !submission.added)).toBe(true);
    expect(await queue.count()).toBe(20);
  });

  it("takes V2 ids through the same path: one job per id, apart from an equal V1 id", async () => {
    const { queue } = await readyQueue();
    const submit = createSubmitter(queue);
    const v2 = { provider: "portone", id: "imp_200000000009" } as const;
    expect(await submit(v2)).toEqual({ added: true, state: "waiting" });
    expect(await submit(v2)).toEqual({ added: false, state: "waiting" });
    expect(await submit({ provider: "iamport", id: v2.id })).toEqual({
      added: true,
      state: "waiting",
    });
    const job = await queue.getJob(jobIdFor(v2));
    expect(job?.id).toBe("portone.imp_200000000009");
    expect(job?.data).toEqual({ provider: "portone", id: "imp_200000000009" });
    // All digits, or holding characters BullMQ would refuse in a bare job id: fine behind the prefix.
    for (const id of ["12345", "a.b_c~d-e"]) {
      expect((await submit({ provider: "portone", id })).added).toBe(true);
    }
    expect(await queue.count()).toBe(4);
  });

  it("submissions of one id in the same turn add one job, and only the first says added", async () => {
    const { queue } = await readyQueue();
    const submit = createSubmitter(queue);
    const ref = { provider: "iamport", id: "imp_220000000001" } as const;
    const results = await Promise.all(Array.from({ length: 5 }, () => submit(ref)));
    expect(results.map((r) => r.added)).toEqual([true, false, false, false, false]);
    expect(await queue.count()).toBe(1);
  });

  it("submissions that arrive together share one bulk add", async () => {
    const { queue } = await readyQueue();
    const submit = createSubmitter(queue);
    const bulkAdds: number[] = [];
    const addBulk = queue.addBulk.bind(queue);
    queue.addBulk = (jobs) => {
      bulkAdds.push(jobs.length);
      return addBulk(jobs);
    };
    const ids = Array.from({ length: 30 }, (_, i) => `imp_2300000000${String(i).padStart(2, "0")}`);
    const results = await Promise.all(ids.map((id) => submit({ provider: "iamport", id })));
    expect(results.every((r) => r.added && r.state === "waiting")).toBe(true);
    expect(bulkAdds.reduce((a, b) => a + b, 0)).toBe(30);
    expect(bulkAdds.length).toBeLessThan(30);
    expect(await queue.count()).toBe(30);
  });

  it("each job of a bulk add carries its own submission's trace context", async () => {
    // BullMQ's telemetry with contexts that are plain labels: the active one is set before each
    // submission, and a job's stored metadata names the context it was serialized from.
    let active = "none";
    const span = {
      setSpanOnContext: (context: string) => context,
      setAttribute() {},
      setAttributes() {},
      addEvent() {},
      recordException() {},
      end() {},
    };
    const telemetry = {
      tracer: { startSpan: () => span },
      contextManager: {
        with: (_context: string, fn: () => unknown) => fn(),
        active: () => active,
        getMetadata: (context: string) => `trace-of-${context}`,
        fromMetadata: (_active: string, metadata: string) => metadata,
      },
    } as unknown as Telemetry;
    const { queue } = await readyQueue(telemetry);
    const submit = createSubmitter(queue);
    const ids = ["imp_240000000001", "imp_240000000002", "imp_240000000003"];
    await Promise.all(
      ids.map((id) => {
        active = `request-${id}`;
        return submit({ provider: "iamport", id });
      }),
    );
    for (const id of ids) {
      const job = await queue.getJob(jobIdFor({ provider: "iamport", id }));
      expect(job?.opts.telemetry?.metadata).toBe(`trace-of-request-${id}`);
    }
  });
});
