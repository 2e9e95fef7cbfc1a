import {
  createBlockingConnection,
  createFailFastConnection,
  RedisUnavailableError,
  waitUntilReady,
} from "@cert/redis";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import {
  addCertificationJob,
  CERTIFICATION_QUEUE,
  type CertificationJobData,
  type CertificationQueue,
  createCertificationQueue,
  createSubmitter,
  InvalidImpUidError,
  jobIdFor,
} from "../src/index";
import { getTestServices, uniquePrefix } from "./services";

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function producer(url = getTestServices().redisUrl) {
  const connection = createFailFastConnection(url);
  connection.on("error", () => {});
  const prefix = uniquePrefix("queue");
  const queue = createCertificationQueue({ connection, prefix });
  queue.on("error", () => {});
  cleanups.push(async () => {
    await queue.close();
    connection.disconnect();
  });
  return { connection, prefix, queue };
}

async function readyProducer(): Promise<{
  connection: Redis;
  prefix: string;
  queue: CertificationQueue;
}> {
  const made = await producer();
  await waitUntilReady(made.connection);
  return made;
}

describe("createCertificationQueue against real Redis", () => {
  it("adding the same imp_uid twice yields one job", async () => {
    const { queue } = await readyProducer();
    const first = await addCertificationJob(queue, { provider: "iamport", id: "imp_100000000001" });
    const second = await addCertificationJob(queue, {
      provider: "iamport",
      id: "imp_100000000001",
    });
    expect(first.id).toBe("imp_100000000001");
    expect(second.id).toBe(first.id);
    expect(await queue.getJobCounts("waiting", "delayed", "active")).toEqual({
      waiting: 1,
      delayed: 0,
      active: 0,
    });
  });

  it("stores only the provider and the imp_uid in Redis", async () => {
    const { connection, prefix, queue } = await readyProducer();
    await addCertificationJob(queue, { provider: "iamport", id: "imp_100000000002" });
    const stored = await connection.hget(
      `${prefix}:${CERTIFICATION_QUEUE}:imp_100000000002`,
      "data",
    );
    expect(JSON.parse(stored ?? "null")).toEqual({ provider: "iamport", id: "imp_100000000002" });
  });

  it("applies the default job options", async () => {
    const { queue } = await readyProducer();
    const job = await addCertificationJob(queue, { provider: "iamport", id: "imp_100000000003" });
    expect(job.opts).toMatchObject({
      jobId: jobIdFor({ provider: "iamport", id: "imp_100000000003" }),
      attempts: 8,
      backoff: { type: "exponential", delay: 1000, jitter: 0.5 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 604_800 },
    });
  });

  it("rejects a malformed imp_uid before touching Redis", async () => {
    const { queue } = await readyProducer();
    await expect(
      addCertificationJob(queue, { provider: "iamport", id: "imp_12:34" }),
    ).rejects.toBeInstanceOf(InvalidImpUidError);
    expect(await queue.count()).toBe(0);
  });

  it("a worker on a blocking connection processes the job", async () => {
    const { prefix, queue } = await readyProducer();
    const connection = createBlockingConnection(getTestServices().redisUrl);
    expect(connection.options.maxRetriesPerRequest).toBeNull();
    const seen: CertificationJobData[] = [];
    const worker = new Worker<CertificationJobData>(
      CERTIFICATION_QUEUE,
      async (job) => {
        seen.push(job.data);
      },
      { connection, prefix },
    );
    cleanups.push(async () => {
      await worker.close();
      connection.disconnect();
    });
    const completed = new Promise<void>((resolve) => worker.on("completed", () => resolve()));
    const job = await addCertificationJob(queue, { provider: "iamport", id: "imp_100000000004" });
    await completed;
    expect(seen).toEqual([{ provider: "iamport", id: "imp_100000000004" }]);
    expect(await job.isCompleted()).toBe(true);
  });
});

describe("the producer connection fails fast", () => {
  it("add() and submit() reject with RedisUnavailableError when Redis is unreachable", async () => {
    const { queue } = await producer("redis://127.0.0.1:1");
    const added = addCertificationJob(queue, { provider: "iamport", id: "imp_100000000005" });
    await expect(added).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(added).rejects.toMatchObject({ code: "redis_unavailable", retryable: true });
    await expect(
      createSubmitter(queue)({ provider: "iamport", id: "imp_100000000005" }),
    ).rejects.toBeInstanceOf(RedisUnavailableError);
  });

  it("waitUntilReady rejects when Redis does not come up in time", async () => {
    const { connection } = await producer("redis://127.0.0.1:1");
    await expect(waitUntilReady(connection, 200)).rejects.toBeInstanceOf(RedisUnavailableError);
  });
});
