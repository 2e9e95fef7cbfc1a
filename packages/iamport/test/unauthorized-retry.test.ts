import { type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type IamportClient, IamportTransientError } from "../src";
import {
  clientFor,
  connectRedis,
  freshPrefix,
  rejectionOf,
  startTestSandbox,
} from "./support/harness";

let sandbox: RunningSandbox;
let redis: Redis;
let client: IamportClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  redis = connectRedis();
});
afterAll(async () => {
  await sandbox.close();
  await redis.quit();
});
beforeEach(async () => {
  await client?.close();
  sandbox.reset();
  client = clientFor(sandbox, { redis, keyPrefix: freshPrefix("401") });
});

it("a token revoked in flight: one refresh and one retry, and the call succeeds", async () => {
  const impUid = sandboxImpUid("full", 1, 1);
  await client.getCertification(impUid);
  sandbox.revokeTokens();
  const certification = await client.getCertification(impUid);
  expect(certification.impUid).toBe(impUid);
  expect(sandbox.stats()).toMatchObject({ getTokenCalls: 2, tokensIssued: 2, unauthorized: 1 });
  expect(client.stats().invalidations).toBe(1);
});

it("a wave of 401s causes a single refresh", async () => {
  await client.getCertification(sandboxImpUid("full", 1, 1));
  sandbox.revokeTokens();
  const ids = Array.from({ length: 30 }, (_, i) => sandboxImpUid("full", i, 2));
  const results = await Promise.all(ids.map((id) => client.getCertification(id)));
  expect(results.map((r) => r.impUid)).toEqual(ids);
  const stats = sandbox.stats();
  expect(stats.unauthorized).toBe(30);
  expect(stats.getTokenCalls).toBe(2);
});

it("a 401 again right after a fresh token fails as transient, after exactly one retry", async () => {
  sandbox.register("imp_401", {
    kind: "raw",
    status: 401,
    body: '{"code":-1,"message":"Unauthorized","response":null}',
  });
  const error = await rejectionOf(client.getCertification("imp_401"));
  expect(error).toBeInstanceOf(IamportTransientError);
  expect(error).toMatchObject({
    code: "token_rejected",
    retryable: true,
    status: 401,
    impUid: "imp_401",
  });
  expect(sandbox.stats().certificationCallsByImpUid.imp_401).toBe(2);
  expect(sandbox.stats().getTokenCalls).toBe(2);
});
