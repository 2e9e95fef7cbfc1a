import { setTimeout as sleep } from "node:timers/promises";
import { type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import { providerTokenSealer } from "@cert/pii";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type IamportClient, TokenManager } from "../src";
import {
  clientFor,
  connectRedis,
  freshPrefix,
  sandboxTokenFetcher,
  startTestSandbox,
} from "./support/harness";

/** What the managers below seal their shared token with (the client derives it from its secret). */
const tokenSealer = providerTokenSealer("test-api-secret", "iamport");
const storedToken = async (key: string) => {
  const sealed = await redis.get(key);
  return sealed === null ? null : tokenSealer.open(sealed);
};

let sandbox: RunningSandbox;
let redis: Redis;
const clients: IamportClient[] = [];
const impUid = sandboxImpUid("full", 4, 4);

/** A client sharing tokens through the test Redis under `keyPrefix`; closed after each test. */
function sharedClient(
  keyPrefix: string,
  options: Parameters<typeof clientFor>[1] = {},
): IamportClient {
  const client = clientFor(sandbox, { redis, keyPrefix, ...options });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  redis = connectRedis();
});
afterAll(async () => {
  await sandbox.close();
  await redis.quit();
});
beforeEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  sandbox.reset();
});

describe("in one process", () => {
  it("reuses the token across calls", async () => {
    const client = sharedClient(freshPrefix("reuse"));
    for (let i = 0; i < 5; i += 1) await client.getCertification(impUid);
    expect(sandbox.stats().getTokenCalls).toBe(1);
    expect(client.stats().providerFetches).toBe(1);
  });

  it("100 concurrent calls cause one getToken (single-flight)", async () => {
    sandbox.setFaults({ latencyMs: 50 });
    const client = sharedClient(freshPrefix("flight"));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.getCertification(sandboxImpUid("full", i, 9))),
    );
    expect(results).toHaveLength(100);
    expect(sandbox.stats()).toMatchObject({ getTokenCalls: 1, certificationCalls: 100 });
  });

  it("works without Redis, caching in the process", async () => {
    const client = clientFor(sandbox);
    clients.push(client);
    await Promise.all([client.getCertification(impUid), client.getCertification(impUid)]);
    await client.getCertification(impUid);
    expect(sandbox.stats().getTokenCalls).toBe(1);
  });

  it("falls back to the provider when Redis is unreachable", async () => {
    const deadRedis = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    deadRedis.on("error", () => {});
    const client = clientFor(sandbox, { redis: deadRedis, keyPrefix: freshPrefix("dead") });
    clients.push(client);
    const certification = await client.getCertification(impUid);
    expect(certification.impUid).toBe(impUid);
    await client.getCertification(impUid);
    expect(sandbox.stats().getTokenCalls).toBe(1);
    deadRedis.disconnect();
  });
});

describe("a skewed provider clock", () => {
  it("refreshes before expiry when the provider runs an hour ahead", async () => {
    // A client trusting expired_at against its own clock would think this 8 s token lasts an hour.
    sandbox.setFaults({ tokenTtlSeconds: 8, skewSeconds: 3600 });
    const client = sharedClient(freshPrefix("ahead"), { token: { refreshMarginMs: 3000 } });
    await client.getCertification(impUid);
    // Past the refresh point (8 s - 3 s margin after asking), before expiry.
    await sleep(5200);
    await client.getCertification(impUid);
    const stats = sandbox.stats();
    expect(stats.getTokenCalls).toBe(2);
    expect(stats.unauthorized).toBe(0);
  });

  it("keeps reusing the token when the provider runs an hour behind", async () => {
    // Trusting expired_at locally would make every token look expired on arrival.
    sandbox.setFaults({ skewSeconds: -3600 });
    const client = sharedClient(freshPrefix("behind"));
    for (let i = 0; i < 5; i += 1) await client.getCertification(impUid);
    expect(sandbox.stats().getTokenCalls).toBe(1);
  });
});

describe("shared through Redis", () => {
  it("a second client with the same key prefix reuses the first one's token", async () => {
    const prefix = freshPrefix("share");
    const first = sharedClient(prefix);
    const second = sharedClient(prefix);
    await first.getCertification(impUid);
    await second.getCertification(impUid);
    expect(sandbox.stats().getTokenCalls).toBe(1);
    expect(second.stats()).toMatchObject({ providerFetches: 0, sharedHits: 1 });
  });

  it("clients with different key prefixes do not share", async () => {
    await sharedClient(freshPrefix("a")).getCertification(impUid);
    await sharedClient(freshPrefix("b")).getCertification(impUid);
    expect(sandbox.stats().getTokenCalls).toBe(2);
  });

  it("five clients refreshing at once cause one getToken (the Redis lock)", async () => {
    sandbox.setFaults({ latencyMs: 200 });
    const prefix = freshPrefix("lock");
    const group = Array.from({ length: 5 }, () => sharedClient(prefix));
    await Promise.all(group.map((client) => client.getCertification(impUid)));
    expect(sandbox.stats().getTokenCalls).toBe(1);
    const fetches = group.map((client) => client.stats().providerFetches);
    expect(fetches.reduce((a, b) => a + b)).toBe(1);
  });

  it("a crashed lock holder's lock expires and a waiter fetches", async () => {
    const prefix = freshPrefix("crash");
    await redis.set(`${prefix}token:default:lock`, "crashed-process", "PX", 300);
    const manager = new TokenManager({
      fetchToken: sandboxTokenFetcher(sandbox),
      redis,
      tokenSealer,
      keyPrefix: prefix,
    });
    const token = await manager.getToken();
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect(manager.stats().providerFetches).toBe(1);
    expect(await storedToken(`${prefix}token:default`)).toBe(token);
    // Sealed: the token itself is not in Redis.
    expect(await redis.get(`${prefix}token:default`)).not.toContain(token);
  });

  it("a waiter fetches by itself after lockWaitMs when the lock stays held", async () => {
    const prefix = freshPrefix("stuck");
    await redis.set(`${prefix}token:default:lock`, "stuck-process", "PX", 60_000);
    const manager = new TokenManager({
      fetchToken: sandboxTokenFetcher(sandbox),
      redis,
      tokenSealer,
      keyPrefix: prefix,
      lockWaitMs: 200,
    });
    expect(await manager.getToken()).toMatch(/^[0-9a-f]{40}$/);
    expect(sandbox.stats().getTokenCalls).toBe(1);
  });
});

describe("invalidate", () => {
  it("drops the cache only when it still holds that token", async () => {
    const prefix = freshPrefix("inval");
    const manager = new TokenManager({
      fetchToken: sandboxTokenFetcher(sandbox),
      redis,
      tokenSealer,
      keyPrefix: prefix,
    });
    const token = await manager.getToken();
    await manager.invalidate("0000000000000000000000000000000000000000");
    expect(await manager.getToken()).toBe(token);
    expect(manager.stats()).toMatchObject({ providerFetches: 1, invalidations: 0 });
    await manager.invalidate(token);
    expect(await redis.get(`${prefix}token:default`)).toBeNull();
    await manager.getToken();
    expect(manager.stats()).toMatchObject({ providerFetches: 2, invalidations: 1 });
  });

  it("leaves a newer shared token alone", async () => {
    const prefix = freshPrefix("newer");
    await redis.set(`${prefix}token:default`, tokenSealer.seal("newer-token"), "PX", 60_000);
    const manager = new TokenManager({
      fetchToken: sandboxTokenFetcher(sandbox),
      redis,
      tokenSealer,
      keyPrefix: prefix,
    });
    await manager.invalidate("older-token");
    expect(await storedToken(`${prefix}token:default`)).toBe("newer-token");
    expect(await manager.getToken()).toBe("newer-token");
  });
});

describe("the token in Redis", () => {
  it("is sealed by the client, never stored in clear", async () => {
    const prefix = freshPrefix("sealed");
    const client = sharedClient(prefix);
    await client.getCertification(impUid);
    const keys = await redis.keys(`${prefix}*`);
    const values = await Promise.all(keys.map((key) => redis.get(key)));
    expect(values.length).toBeGreaterThan(0);
    const issued = sandbox.stats().getTokenCalls;
    expect(issued).toBe(1);
    for (const value of values) expect(value).not.toMatch(/[0-9a-f]{40}/);
  });

  it.each([
    ["garbage", () => "not a sealed value"],
    [
      "sealed under another secret",
      () => providerTokenSealer("other", "iamport").seal("x".repeat(40)),
    ],
    ["a token in clear, as before", () => "a".repeat(40)],
  ])("counts an unreadable cached value (%s) as a miss and fetches a token", async (_c, value) => {
    const prefix = freshPrefix("unreadable");
    await redis.set(`${prefix}token:default`, value(), "PX", 60_000);
    const manager = new TokenManager({
      fetchToken: sandboxTokenFetcher(sandbox),
      redis,
      tokenSealer,
      keyPrefix: prefix,
    });
    expect(await manager.getToken()).toMatch(/^[0-9a-f]{40}$/);
    expect(manager.stats().providerFetches).toBe(1);
    expect(await storedToken(`${prefix}token:default`)).toBe(await manager.getToken());
  });

  it("is refused by a manager given Redis without a sealer", () => {
    expect(() => new TokenManager({ fetchToken: sandboxTokenFetcher(sandbox), redis })).toThrow(
      TypeError,
    );
  });
});
