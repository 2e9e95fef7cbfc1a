import { setTimeout as sleep } from "node:timers/promises";
import { getTestServices, uniquePrefix } from "@cert/testing";
import type { Options } from "express-rate-limit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LeasedRateStore } from "../src/index";

let redis: Redis;

beforeAll(() => {
  redis = new Redis(getTestServices().redisUrl);
});
afterAll(() => redis.quit());

/** Stores sharing one prefix, as API instances sharing one Redis do. */
function instances(count: number, limit: number, windowMs = 60_000): LeasedRateStore[] {
  const prefix = `${uniquePrefix("lease")}:`;
  return Array.from({ length: count }, () => {
    const store = new LeasedRateStore({ redis, prefix });
    store.init({ windowMs, limit } as Options);
    return store;
  });
}

/** How many of `hits` hits (client "c", taking instances in turn) the limiter admits. */
async function admitted(stores: LeasedRateStore[], hits: number, limit: number): Promise<number> {
  let count = 0;
  for (let i = 0; i < hits; i++) {
    const { totalHits } = await (stores[i % stores.length] as LeasedRateStore).increment("c");
    if (totalHits <= limit) count += 1;
  }
  return count;
}

it("serves a busy client from one lease: 100 hits, one share of the budget taken from Redis", async () => {
  const [store] = instances(1, 1600) as [LeasedRateStore];
  expect(await admitted([store], 100, 1600)).toBe(100);
  // 1/16 of the 1,600 left was leased at the first hit; the next 99 never asked Redis.
  expect(await redis.get(`${store.prefix}c`)).toBe("100");
});

it("never admits more than the limit across instances, and counts the last hits exactly", async () => {
  const stores = instances(3, 100);
  expect(await admitted(stores, 150, 100)).toBe(100);
  expect(await redis.get(`${stores[0]?.prefix}c`)).toBe("100");
});

it("loses at most one lease's share when the client moves to another instance", async () => {
  const [a, b] = instances(2, 1600) as [LeasedRateStore, LeasedRateStore];
  const onA = await admitted([a], 10, 1600);
  const onB = await admitted([b], 2000, 1600);
  expect(onA).toBe(10);
  // A leased 100 and used 10: the 90 it still holds are the only hits lost.
  expect(onA + onB).toBe(1600 - 90);
});

it("admits concurrent hits of one turn exactly up to the limit", async () => {
  const stores = instances(2, 10);
  const infos = await Promise.all(
    Array.from({ length: 30 }, (_, i) => (stores[i % 2] as LeasedRateStore).increment("c")),
  );
  expect(infos.filter((info) => info.totalHits <= 10)).toHaveLength(10);
});

it("starts a new budget when the window ends, leases included", async () => {
  const [store] = instances(1, 5, 300) as [LeasedRateStore];
  expect(await admitted([store], 8, 5)).toBe(5);
  await sleep(400);
  expect(await admitted([store], 8, 5)).toBe(5);
});
