import { holdPort, startLocalRedis, uniquePrefix, useTestDatabase } from "@cert/testing";
import { afterEach, expect, it } from "vitest";
import { errorCode, eventually, postJson, send } from "./http-client";
import { type IntakeFixture, startIntake } from "./intake-fixture";

const db = useTestDatabase();
const fixtures: IntakeFixture[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

it("shares one per-client limit across API instances through Redis, then answers 429 with Retry-After", async () => {
  const prefix = uniquePrefix("rl");
  const config = { rateLimitPerMinute: 5 };
  for (let i = 0; i < 2; i++) {
    fixtures.push(await startIntake({ databaseUrl: db.url, prefix, config }));
  }
  const [a, b] = fixtures as [IntakeFixture, IntakeFixture];

  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) {
    const instance = i % 2 === 0 ? a : b;
    statuses.push((await postJson(instance.origin, { imp_uid: `imp_50000000000${i}` })).status);
  }
  expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);

  const limited = await send(b.origin, {
    path: "/certifications/redirect?imp_uid=imp_500000000099",
  });
  expect(limited.status).toBe(429);
  expect(errorCode(limited)).toBe("rate_limited");
  const retryAfter = Number(limited.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await a.jobCount()).toBe(5);
  // Status reads and health checks are not intake: they stay available.
  expect((await send(a.origin, { path: "/certifications/imp_500000000000" })).status).toBe(200);
  expect((await send(a.origin, { path: "/healthz" })).status).toBe(200);
});

it("counts a burst of concurrent requests exactly: the limit, then 429s", async () => {
  const prefix = uniquePrefix("rl");
  const config = { rateLimitPerMinute: 10 };
  for (let i = 0; i < 2; i++) {
    fixtures.push(await startIntake({ databaseUrl: db.url, prefix, config }));
  }
  const [a, b] = fixtures as [IntakeFixture, IntakeFixture];

  const responses = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      postJson((i % 2 === 0 ? a : b).origin, {
        imp_uid: `imp_5100000000${String(i).padStart(2, "0")}`,
      }),
    ),
  );

  const statuses = responses.map((response) => response.status);
  expect(statuses.filter((status) => status === 202)).toHaveLength(10);
  expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  expect(await a.jobCount()).toBe(10);
});

it("a limiter started while Redis was down counts once Redis is up", async () => {
  // Held until Redis starts on it, so no other file's server takes the port meanwhile.
  const held = await holdPort();
  const { port } = held;
  cleanups.push(() => held.release());
  const fixture = await startIntake({
    databaseUrl: db.url,
    redisUrl: `redis://127.0.0.1:${port}`,
    waitForRedis: false,
    config: { rateLimitPerMinute: 3 },
  });
  fixtures.push(fixture);
  const down = await postJson(fixture.origin, { imp_uid: "imp_520000000000" });
  expect([down.status, errorCode(down)]).toEqual([503, "queue_unavailable"]);

  await held.release();
  const redis = await startLocalRedis({ port });
  cleanups.push(() => redis.stop());
  let serial = 1;
  const post = async () =>
    (
      await postJson(fixture.origin, {
        imp_uid: `imp_52000${String(serial++).padStart(7, "0")}`,
      })
    ).status;
  await eventually(async () => ((await post()) === 202 ? true : undefined));
  // The limiter's connection reconnects on its own schedule, apart from the queue's: until it
  // is back, hits pass unlimited (uncounted). Once it is, the budget of 3 runs out and stays out.
  await eventually(async () => ((await post()) === 429 ? true : undefined));
  expect(await post()).toBe(429);
  expect(await post()).toBe(429);
});

it("limits status lookups per client on a budget of their own, shared across instances", async () => {
  const prefix = uniquePrefix("rl-status");
  const config = { statusRateLimitPerMinute: 4, rateLimitPerMinute: 100 };
  for (let i = 0; i < 2; i++) {
    fixtures.push(await startIntake({ databaseUrl: db.url, prefix, config }));
  }
  const [a, b] = fixtures as [IntakeFixture, IntakeFixture];
  expect((await postJson(a.origin, { imp_uid: "imp_530000000001" })).status).toBe(202);

  // Known, unknown and malformed ids all cost a lookup slot.
  const paths = [
    "/certifications/imp_530000000001",
    "/certifications/imp_539999999999",
    "/certifications/not-an-id",
    "/certifications/imp_530000000001",
    "/certifications/imp_530000000001",
    "/certifications/imp_539999999999",
  ];
  const statuses: number[] = [];
  for (const [i, path] of paths.entries()) {
    statuses.push((await send(i % 2 === 0 ? a.origin : b.origin, { path })).status);
  }
  expect(statuses).toEqual([200, 404, 400, 200, 429, 429]);

  const limited = await send(a.origin, { path: "/certifications/imp_530000000001" });
  expect(limited.status).toBe(429);
  expect(errorCode(limited)).toBe("rate_limited");
  const retryAfter = Number(limited.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  // Submissions draw on their own budget.
  expect((await postJson(b.origin, { imp_uid: "imp_530000000002" })).status).toBe(202);
});
