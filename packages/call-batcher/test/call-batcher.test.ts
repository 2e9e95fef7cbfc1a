import { describe, expect, it } from "vitest";
import { createCallBatcher } from "../src/call-batcher";

const ok = <T>(value: T): PromiseFulfilledResult<T> => ({ status: "fulfilled", value });

/** A batcher whose `run` records its batches and doubles each number. */
function recording(options: { lingerMs?: number; maxBatchSize?: number; keyed?: boolean } = {}) {
  const batches: number[][] = [];
  const batcher = createCallBatcher<number, number>({
    ...options,
    keysOf: options.keyed ? (n) => [String(n % 10)] : undefined,
    run: async (items) => {
      batches.push(items);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return items.map((n) => ok(n * 2));
    },
  });
  return { batcher, batches };
}

describe("createCallBatcher", () => {
  it("runs one item alone at once, and gathers items arriving while a batch runs", async () => {
    const { batcher, batches } = recording();
    const first = batcher.add(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = [2, 3, 4].map((n) => batcher.add(n));
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("lingers for company when asked, then runs everything together", async () => {
    const { batcher, batches } = recording({ lingerMs: 30 });
    const added = [batcher.add(1)];
    await new Promise((resolve) => setTimeout(resolve, 10));
    added.push(batcher.add(2));
    expect(await Promise.all(added)).toEqual([2, 4]);
    expect(batches).toEqual([[1, 2]]);
  });

  it("keeps items sharing a key apart, in arrival order, and respects the batch size", async () => {
    const { batcher, batches } = recording({ keyed: true, maxBatchSize: 2 });
    await Promise.all([1, 11, 2, 3, 21].map((n) => batcher.add(n)));
    expect(batches.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 11, 21]);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(2);
      expect(new Set(batch.map((n) => n % 10)).size).toBe(batch.length);
    }
    expect(batches.flat().indexOf(1)).toBeLessThan(batches.flat().indexOf(11));
    expect(batches.flat().indexOf(11)).toBeLessThan(batches.flat().indexOf(21));
  });

  it("fails one item alone when run says so, and every item when run throws", async () => {
    const failing = createCallBatcher<number, number>({
      run: async (items) => {
        if (items.includes(0)) throw new Error("down");
        return items.map((n) => (n < 0 ? { status: "rejected", reason: new Error("bad") } : ok(n)));
      },
    });
    const settled = await Promise.allSettled([failing.add(1), failing.add(-1), failing.add(2)]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const down = await Promise.allSettled([failing.add(0), failing.add(3)]);
    expect(down.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    await failing.drain();
  });
});
