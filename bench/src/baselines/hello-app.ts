// Baseline for "intake overhead": the cheapest express answer to the same request, so the
// ratio shows what validation, the queue and middleware cost on top of express itself.
import express from "express";
import { exitOnSigterm, requiredEnv, sendToDriver } from "./ipc";

const app = express();
app.post("/certifications", (_req, res) => {
  res.status(202).json({ hello: "world" });
});
const server = app.listen(Number(requiredEnv("PORT")), "127.0.0.1", () =>
  sendToDriver({ type: "ready" }),
);
exitOnSigterm(() => new Promise((resolve) => server.close(resolve)));
