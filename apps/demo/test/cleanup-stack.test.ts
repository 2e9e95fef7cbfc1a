import { describe, expect, it } from "vitest";
import { CleanupStack } from "../src/cleanup-stack";

describe("CleanupStack", () => {
  it("stops everything newest first, past failing and hanging steps, once", async () => {
    const order: string[] = [];
    const stack = new CleanupStack(50);
    stack.add("postgres", async () => order.push("postgres"));
    stack.add("hangs", () => new Promise(() => {}));
    stack.add("throws", async () => {
      throw new Error("boom");
    });
    stack.add("worker", async () => order.push("worker"));
    const [first, second] = await Promise.all([stack.runAll(), stack.runAll()]);
    expect(order).toEqual(["worker", "postgres"]);
    expect(first).toEqual(["throws", "hangs"]);
    expect(second).toBe(first);
  });
});
