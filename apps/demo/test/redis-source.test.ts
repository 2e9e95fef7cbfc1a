import { freePort, getTestServices, redisAnswers } from "@cert/testing";
import { whereServerRuns } from "@cert/testing/local";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { CleanupStack } from "../src/cleanup-stack";
import { RedisUnavailableError } from "../src/errors";
import { resolveRedis } from "../src/redis-source";

const nobodyAt = async () => `redis://127.0.0.1:${await freePort()}`;

describe("the demo's Redis", () => {
  it("uses a Redis answering at the default address, as someone else's", async () => {
    const { redisUrl } = getTestServices();
    const source = await resolveRedis(undefined, new CleanupStack(), redisUrl);
    expect(source).toMatchObject({ url: redisUrl, shared: true });
  });

  it("starts a private redis-server with AOF on when nothing answers, installed or in a container", async () => {
    const cleanup = new CleanupStack();
    const source = await resolveRedis(undefined, cleanup, await nobodyAt());
    try {
      const where = await whereServerRuns("redis-server");
      const runsIn = where === "container" ? "redis-server in a container" : "redis-server";
      expect(source).toMatchObject({ shared: false, source: `${runsIn} (temporary, AOF on)` });
      const client = new Redis(source.url);
      try {
        expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "yes"]);
      } finally {
        client.disconnect();
      }
    } finally {
      expect(await cleanup.runAll()).toEqual([]);
    }
    expect(await redisAnswers(source.url, 500)).toBe(false);
  });

  it("fails with what to set when REDIS_URL does not answer", async () => {
    const error = await resolveRedis(await nobodyAt(), new CleanupStack()).catch((e) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(String(error.message)).toContain("REDIS_URL is set but does not answer PING");
    expect(String(error.message)).toContain("or start Docker");
  });
});
