import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPool } from "@cert/db";
import { createLogger } from "@cert/logger";
import { createFailFastConnection } from "@cert/redis";
import { getTestServices, uniquePrefix, useTestDatabase, waitUntil } from "@cert/testing";
import { startLocalRedis } from "@cert/testing/local";
import type { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOutboxRelay, type OutboxRelay } from "../src/index";
import { OUTCOME_EVENT_TYPE } from "../src/outcome-event";
import { publishBatch } from "../src/publish-batch";
import { claimUnpublishedEvents } from "../src/queries/claim-events";
import {
  capturingLogger,
  countByEventId,
  insertClaimedEvents,
  insertEvents,
  readStream,
  unpublishedCount,
} from "./helpers";

const database = useTestDatabase();
const silent = createLogger({ name: "relay-test", level: "silent" });

let pool: pg.Pool;
let redis: Redis;
const relays: OutboxRelay[] = [];

beforeAll(() => {
  redis = createFailFastConnection(getTestServices().redisUrl);
});

afterAll(async () => {
  redis.disconnect();
});

beforeEach(async () => {
  pool = createPool(database.url);
  await pool.query("TRUNCATE outcome_events");
});

afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop({ flush: false })));
  await pool.end();
});

describe("outbox relay", () => {
  it("publishes every row exactly once with two relays running concurrently", async () => {
    const stream = uniquePrefix("outcomes");
    await insertEvents(pool, 0, 1500);
    for (let i = 0; i < 2; i++) {
      const relay = createOutboxRelay({ pool, redis, stream, logger: silent, batchSize: 100 });
      relays.push(relay);
      relay.start();
    }
    // More rows arrive while both relays are busy.
    await insertEvents(pool, 1500, 2500);
    for (const relay of relays) relay.wake();

    await waitUntil("the outbox is empty", async () => (await unpublishedCount(pool)) === 0);
    const entries = await readStream(redis, stream);
    const counts = countByEventId(entries);
    expect(counts.size).toBe(2500);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(entries.length).toBe(2500);
    const first = entries[0]?.fields;
    expect(first?.type).toBe(OUTCOME_EVENT_TYPE);
    expect(JSON.parse(first?.payload ?? "{}")).toMatchObject({ outcome: "passed" });
  });

  it("publishes a writer's claimed rows at once, and the sweep never publishes them again", async () => {
    const stream = uniquePrefix("outcomes");
    const relay = createOutboxRelay({ pool, redis, stream, logger: silent, pollIntervalMs: 50 });
    relays.push(relay);
    relay.start();
    const written = await insertClaimedEvents(pool, 0, 30);

    relay.publishWritten(written);

    await waitUntil("the rows are published", async () => (await unpublishedCount(pool)) === 0);
    // Several sweeps later, still one entry per event.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const counts = countByEventId(await readStream(redis, stream));
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("marks the rows of many small publications published in one statement", async () => {
    const stream = uniquePrefix("outcomes");
    // Not started: no sweep, only the writer's path.
    const relay = createOutboxRelay({ pool, redis, stream, logger: silent, markLingerMs: 200 });
    relays.push(relay);
    const written = await insertClaimedEvents(pool, 0, 30);

    for (let i = 0; i < 30; i += 3) relay.publishWritten(written.slice(i, i + 3));

    await waitUntil("the rows are marked", async () => (await unpublishedCount(pool)) === 0);
    expect(countByEventId(await readStream(redis, stream)).size).toBe(30);
    // now() is the statement's transaction time: one distinct value, one statement.
    const { rows } = await pool.query<{ n: string }>(
      "SELECT count(DISTINCT published_at) AS n FROM outcome_events",
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it("a failed publication after commit hands the rows straight back to the sweep", async () => {
    const stream = uniquePrefix("outcomes");
    const closed = createFailFastConnection(getTestServices().redisUrl);
    closed.on("error", () => {});
    closed.disconnect();
    const { logger, lines } = capturingLogger();
    const writer = createOutboxRelay({ pool, redis: closed, stream, logger });
    const written = await insertClaimedEvents(pool, 0, 20);

    writer.publishWritten(written);
    await writer.stop({ flush: false });

    expect(lines().some((l) => l.code === "redis_unavailable")).toBe(true);
    // Claims released: another relay takes the rows now, not a minute later.
    const sweeper = createOutboxRelay({ pool, redis, stream, logger: silent, pollIntervalMs: 50 });
    relays.push(sweeper);
    sweeper.start();
    await waitUntil(
      "the rows are published",
      async () => (await unpublishedCount(pool)) === 0,
      5000,
    );
    expect(countByEventId(await readStream(redis, stream)).size).toBe(20);
  });

  it("caps the stream at about maxLen entries", async () => {
    const stream = uniquePrefix("outcomes");
    await insertEvents(pool, 0, 3000);
    const relay = createOutboxRelay({ pool, redis, stream, logger: silent, maxLen: 500 });
    relays.push(relay);
    relay.start();
    await waitUntil("the outbox is empty", async () => (await unpublishedCount(pool)) === 0);
    const length = await redis.xlen(stream);
    // `MAXLEN ~` trims whole macro-nodes (100 entries each by default), so a little over.
    expect(length).toBeGreaterThanOrEqual(500);
    expect(length).toBeLessThan(700);
    // The newest entries are the ones kept.
    const [last] = await redis.xrevrange(stream, "+", "-", "COUNT", 1);
    expect(last?.[1]).toContain("evt-2999");
  });

  it("re-publishes with the same event_id after a crash between XADD and the mark", async () => {
    const stream = uniquePrefix("outcomes");
    await insertEvents(pool, 0, 50);
    // What a relay does up to its crash: claim (short lease) and XADD, but never mark.
    const claimed = await claimUnpublishedEvents(pool, { limit: 500, leaseMs: 300 });
    const first = await publishBatch(redis, { stream, maxLen: 0 }, claimed);
    expect(first.publishedIds).toHaveLength(50);
    expect(await unpublishedCount(pool)).toBe(50);

    const relay = createOutboxRelay({ pool, redis, stream, logger: silent, pollIntervalMs: 50 });
    relays.push(relay);
    relay.start();
    await waitUntil("the rows are published", async () => (await unpublishedCount(pool)) === 0);

    const counts = countByEventId(await readStream(redis, stream));
    expect(counts.size).toBe(50);
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
  });

  it("keeps rows unpublished while Redis is down and publishes them after it restarts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "relay-redis-"));
    const first = await startLocalRedis({ appendOnly: true, dir });
    const port = Number(new URL(first.url).port);
    const privateRedis = createFailFastConnection(first.url);
    privateRedis.on("error", () => {});
    const { logger, lines } = capturingLogger();
    const stream = uniquePrefix("outcomes");
    const relay = createOutboxRelay({
      pool,
      redis: privateRedis,
      stream,
      logger,
      pollIntervalMs: 50,
      maxBackoffMs: 200,
    });
    relays.push(relay);
    let second: Awaited<ReturnType<typeof startLocalRedis>> | undefined;
    try {
      relay.start();
      await insertEvents(pool, 0, 100);
      await waitUntil(
        "the first rows are published",
        async () => (await unpublishedCount(pool)) === 0,
      );

      await first.stop();
      await insertEvents(pool, 100, 200);
      await waitUntil("the relay reports Redis down", () =>
        lines().some((l) => l.code === "redis_unavailable"),
      );
      expect(await unpublishedCount(pool)).toBe(100);

      second = await startLocalRedis({ appendOnly: true, dir, port });
      await waitUntil("the rest is published", async () => (await unpublishedCount(pool)) === 0);
      const counts = countByEventId(await readStream(privateRedis, stream));
      expect(counts.size).toBe(200);
      expect(lines().some((l) => l.code === "relay_recovered")).toBe(true);
    } finally {
      await relay.stop({ flush: false });
      privateRedis.disconnect();
      await second?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("publishes what is left on stop with a final flush", async () => {
    const stream = uniquePrefix("outcomes");
    const relay = createOutboxRelay({
      pool,
      redis,
      stream,
      logger: silent,
      batchSize: 40,
      pollIntervalMs: 60_000,
    });
    relay.start();
    await insertEvents(pool, 0, 100);
    await relay.stop();
    expect(await unpublishedCount(pool)).toBe(0);
    expect(countByEventId(await readStream(redis, stream)).size).toBe(100);
  });
});
