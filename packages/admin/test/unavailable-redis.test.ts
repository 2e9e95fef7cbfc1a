import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createLogger } from "@cert/logger";
import { createCertificationQueue } from "@cert/queue";
import { createFailFastConnection } from "@cert/redis";
import { freePort, uniquePrefix } from "@cert/testing";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAdminRouter } from "../src/index";
import { ADMIN_TOKEN } from "./admin-fixture";

// The API's fail-fast producer connection pointed at a port where no Redis answers: what the
// admin API sees while Redis is down.
let origin: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const connection = createFailFastConnection(`redis://127.0.0.1:${await freePort()}`);
  connection.on("error", () => {}); // reconnect attempts keep failing; that is the point
  const queue = createCertificationQueue({ connection, prefix: uniquePrefix("admin-down") });
  queue.on("error", () => {});
  const logger = createLogger({ name: "admin-test", level: "silent" });
  const app = express();
  const router = createAdminRouter({
    queues: [queue],
    adminToken: ADMIN_TOKEN,
    logger,
    redis: connection,
    keyPrefix: "admin-down:",
  });
  app.use("/admin", router);
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup = async () => {
    server.close();
    await queue.close();
    connection.disconnect();
  };
});
afterAll(async () => {
  await cleanup?.();
});

it("answers 503 with Retry-After, not 500, while Redis is unavailable", async () => {
  const requests: Array<[string, string]> = [
    ["GET", "/admin/api/counts"],
    ["GET", "/admin/api/failed"],
    ["POST", "/admin/api/failed/imp_1/retry"],
    ["POST", "/admin/api/failed/retry-all"],
  ];
  for (const [method, path] of requests) {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status, `${method} ${path}`).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toMatchObject({ error: { code: "queue_unavailable" } });
  }
});
