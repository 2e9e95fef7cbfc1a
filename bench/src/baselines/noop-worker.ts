// Baseline for "pipeline throughput" (and, with PUBLISH_STREAM, for intake-to-outcome latency):
// a BullMQ Worker on the same queue with the same concurrency whose processor does nothing,
// so the ratio shows the cost of the real job (provider, Postgres, outbox, stream) over BullMQ's own.
import { CERTIFICATION_QUEUE, type CertificationJobData } from "@cert/queue";
import { createBlockingConnection } from "@cert/redis";
import { type Job, Worker } from "bullmq";
import { exitOnSigterm, onDriverMessage, requiredEnv, sendToDriver } from "./ipc";

const redisUrl = requiredEnv("REDIS_URL");
const connection = createBlockingConnection(redisUrl);
const publisher = process.env.PUBLISH_STREAM ? createBlockingConnection(redisUrl) : undefined;
const stream = process.env.PUBLISH_STREAM ?? "";

let completed = 0;
let expected = Number.POSITIVE_INFINITY;

const worker = new Worker<CertificationJobData>(
  CERTIFICATION_QUEUE,
  async (job: Job<CertificationJobData>) => {
    // The least a pipeline can do to tell the world a job finished: one XADD.
    if (publisher)
      await publisher.xadd(stream, "*", "payload", JSON.stringify({ imp_uid: job.data.id }));
  },
  {
    connection,
    prefix: requiredEnv("QUEUE_PREFIX"),
    concurrency: Number(requiredEnv("WORKER_CONCURRENCY")),
  },
);
worker.on("completed", () => {
  completed += 1;
  if (completed === expected) sendToDriver({ type: "drained", completed });
});
onDriverMessage((message) => {
  if (message.type !== "expect") return;
  expected = message.count;
  if (completed >= expected) sendToDriver({ type: "drained", completed });
});
worker
  .waitUntilReady()
  .then(() => sendToDriver({ type: "ready" }))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
exitOnSigterm(async () => {
  await worker.close();
  connection.disconnect();
  publisher?.disconnect();
});
