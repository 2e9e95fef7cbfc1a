// Baseline for "intake throughput": express parsing the same JSON body and doing only the
// queue.add the intake API does (same queue, job id, job options and producer connection),
// with none of the API's validation, rate limiting, metrics or logging.
import { addCertificationJob, createCertificationQueue } from "@cert/queue";
import { createFailFastConnection } from "@cert/redis";
import express from "express";
import { exitOnSigterm, requiredEnv, sendToDriver } from "./ipc";

const connection = createFailFastConnection(requiredEnv("REDIS_URL"));
const queue = createCertificationQueue({ connection, prefix: requiredEnv("QUEUE_PREFIX") });

const app = express();
app.post("/certifications", express.json(), async (req, res) => {
  const impUid = String((req.body as { imp_uid?: unknown }).imp_uid);
  await addCertificationJob(queue, { provider: "iamport", id: impUid });
  res.status(202).json({ imp_uid: impUid, status: "queued" });
});
const server = app.listen(Number(requiredEnv("PORT")), "127.0.0.1", () =>
  sendToDriver({ type: "ready" }),
);
exitOnSigterm(async () => {
  await new Promise((resolve) => server.close(resolve));
  await queue.close();
  connection.disconnect();
});
