import { type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import { getTestServices } from "@cert/testing";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { spawnChildFetcher } from "./support/child-process";
import { clientFor, connectRedis, freshPrefix, startTestSandbox } from "./support/harness";

let sandbox: RunningSandbox;
let redis: Redis;
const impUid = sandboxImpUid("full", 6, 6);

beforeAll(async () => {
  sandbox = await startTestSandbox();
  redis = connectRedis();
});
afterAll(async () => {
  await sandbox.close();
  await redis.quit();
});
beforeEach(() => sandbox.reset());

const childEnv = (keyPrefix: string) => ({
  SANDBOX_URL: sandbox.url,
  REDIS_URL: getTestServices().redisUrl,
  KEY_PREFIX: keyPrefix,
  IMP_UID: impUid,
});

it("a second process reuses the token the first one fetched", async () => {
  const keyPrefix = freshPrefix("xproc-reuse");
  const client = clientFor(sandbox, { redis, keyPrefix });
  try {
    await client.getCertification(impUid);
  } finally {
    await client.close();
  }
  const child = await spawnChildFetcher(childEnv(keyPrefix));
  child.go();
  const result = await child.result();
  expect(result.impUid).toBe(impUid);
  expect(result.stats).toMatchObject({ providerFetches: 0, sharedHits: 1 });
  expect(sandbox.stats().getTokenCalls).toBe(1);
});

it("two processes asking at the same moment cause one getToken", async () => {
  // A slow getToken keeps the first refresh in flight while the other process asks.
  sandbox.setFaults({ latencyMs: 300 });
  const keyPrefix = freshPrefix("xproc-lock");
  const children = await Promise.all([
    spawnChildFetcher(childEnv(keyPrefix)),
    spawnChildFetcher(childEnv(keyPrefix)),
  ]);
  for (const child of children) child.go();
  const results = await Promise.all(children.map((child) => child.result()));
  expect(results.map((r) => r.impUid)).toEqual([impUid, impUid]);
  expect(sandbox.stats().getTokenCalls).toBe(1);
  expect(results.map((r) => r.stats.providerFetches).sort()).toEqual([0, 1]);
});
