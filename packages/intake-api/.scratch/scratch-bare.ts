import { addCertificationJob, createCertificationQueue, createQueueConnection } from "@cert/queue";
import express from "express";

const connection = createQueueConnection(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const queue = createCertificationQueue({ connection, prefix: process.env.QUEUE_PREFIX ?? "bare" });
const app = express();
app.post("/certifications", express.json(), async (req, res) => {
  const impUid = String((req.body as { imp_uid?: unknown }).imp_uid);
  await addCertificationJob(queue, impUid);
  res.status(202).json({ imp_uid: impUid, status: "queued" });
});
app.listen(Number(process.env.PORT), "127.0.0.1", () =>
  console.log(JSON.stringify({ msg: "ready" })),
);
