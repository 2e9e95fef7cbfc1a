import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@cert/logger";
import { createFailFastConnection, quitOrDisconnect, waitUntilReady } from "@cert/redis";
import { uniquePrefix } from "@cert/testing";
import { type RedisClusterFixture, startRedisCluster } from "@cert/testing/topologies";
import express from "express";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiter, jsonErrorHandler } from "../src/index";

// Keys beyond the queue on a Redis Cluster: the shared rate-limit counters run Lua scripts by
// SHA1 (rate-limit-redis), which must be loaded on the node that owns each counter's slot.

let cluster: RedisClusterFixture | undefined;
const connections: Cluster[] = [];
const servers: Server[] = [];
const storeErrors: unknown[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster(3);
});

afterAll(async () => {
  await Promise.allSettled(servers.map((s) => new Promise((r) => s.close(r))));
  await Promise.allSettled(connections.map((c) => quitOrDisconnect(c)));
  await cluster?.stop();
});

/** One "API instance": a limiter on its own cluster connection, answering 200 or 429. */
async function instance(prefix: string, limit: number): Promise<string> {
  const redis = createFailFastConnection((cluster as RedisClusterFixture).topology) as Cluster;
  connections.push(redis);
  await waitUntilReady(redis);
  const logger = createLogger({ name: "cluster-keys", level: "silent" });
  const app = express();
  app.use(
    createRateLimiter({
      windowMs: 60_000,
      limit,
      shared: { redis, prefix },
      warn: (error) => storeErrors.push(error),
      logger,
    }),
  );
  app.get("/", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(jsonErrorHandler(logger));
  const server = createServer(app).listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe("shared rate-limit counters on a Redis Cluster", () => {
  it("count across instances on every slot and answer 429 past the limit", async () => {
    // Prefixes spread over many slots, so counters land on every primary.
    for (let i = 0; i < 6; i++) {
      const prefix = `{${uniquePrefix(`rl${i}`)}}:rl:`;
      const [a, b] = await Promise.all([instance(prefix, 4), instance(prefix, 4)]);
      const statuses: number[] = [];
      for (const url of [a, b, a, b, a, b]) statuses.push((await fetch(url)).status);
      expect(statuses, prefix).toEqual([200, 200, 200, 200, 429, 429]);
    }
    // The counters really were in Redis: a store error lets requests pass silently.
    expect(storeErrors).toEqual([]);
  });
});
