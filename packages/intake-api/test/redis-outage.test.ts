import { startLocalRedis, useTestDatabase } from "@cert/testing";
import { afterEach, expect, it } from "vitest";
import { errorCode, eventually, postJson, send } from "./http-client";
import { type IntakeFixture, startIntake } from "./intake-fixture";

const db = useTestDatabase();
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it("answers 503 with Retry-After while its Redis is down, and 202 again once Redis is back", async () => {
  const redis = await startLocalRedis();
  cleanups.push(() => redis.stop());
  const intake: IntakeFixture = await startIntake({ databaseUrl: db.url, redisUrl: redis.url });
  cleanups.push(() => intake.close());
  expect((await postJson(intake.origin, { imp_uid: "imp_400000000001" })).status).toBe(202);

  await redis.stop();

  const during = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      postJson(intake.origin, { imp_uid: `imp_4000000001${i}` }),
    ),
  );
  for (const response of during) {
    expect(response.status).toBe(503);
    expect(errorCode(response)).toBe("queue_unavailable");
    expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
  }
  const redirect = await send(intake.origin, {
    path: "/certifications/redirect?imp_uid=imp_400000000002",
  });
  expect([redirect.status, errorCode(redirect)]).toEqual([503, "queue_unavailable"]);
  const v2 = await send(intake.origin, {
    method: "POST",
    path: "/identity-verifications",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identityVerificationId: "iv-outage-1" }),
  });
  expect([v2.status, errorCode(v2)]).toEqual([503, "queue_unavailable"]);
  expect(Number(v2.headers["retry-after"])).toBeGreaterThan(0);
  const v2Status = await send(intake.origin, { path: "/identity-verifications/iv-outage-1" });
  expect([v2Status.status, errorCode(v2Status)]).toEqual([503, "queue_unavailable"]);
  const ready = await send(intake.origin, { path: "/readyz" });
  expect([ready.status, ready.json]).toEqual([
    503,
    { error: { code: "not_ready", message: "redis unavailable" } },
  ]);
  const status = await send(intake.origin, { path: "/certifications/imp_400000000001" });
  expect([status.status, errorCode(status)]).toEqual([503, "queue_unavailable"]);
  const metrics = await send(intake.origin, { path: "/metrics" });
  expect(metrics.status).toBe(200);
  expect(metrics.text).toContain("cert_queue_counts_up 0");

  const restarted = await startLocalRedis({ port: Number(new URL(redis.url).port) });
  cleanups.push(() => restarted.stop());

  const accepted = await eventually(async () => {
    const response = await postJson(intake.origin, { imp_uid: "imp_400000000003" });
    return response.status === 202 ? response : undefined;
  });
  expect(accepted.json).toMatchObject({ imp_uid: "imp_400000000003", status: "queued" });
  expect((await intake.queue.getJob("imp_400000000003"))?.data).toEqual({
    provider: "iamport",
    id: "imp_400000000003",
  });
  expect((await send(intake.origin, { path: "/readyz" })).status).toBe(200);
  expect(intake.logLines.join("\n")).toContain("redis unavailable");
});
