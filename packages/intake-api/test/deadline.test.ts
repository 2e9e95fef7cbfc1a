import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { DeadlineExceededError, withDeadline } from "../src/deadline";

describe("withDeadline", () => {
  it("settles with the work's value when it answers in time", async () => {
    await expect(withDeadline(sleep(5, "pong"), 1000, "ping")).resolves.toBe("pong");
  });

  it("passes the work's own failure through", async () => {
    const failure = new Error("connection refused");
    await expect(withDeadline(Promise.reject(failure), 1000, "ping")).rejects.toBe(failure);
  });

  it("rejects with a retryable DeadlineExceededError naming the operation when the work is slow", async () => {
    const started = Date.now();
    const outcome = await withDeadline(sleep(500, "late"), 30, "enqueue").catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(DeadlineExceededError);
    expect(outcome).toMatchObject({
      retryable: true,
      message: "enqueue did not answer within 30 ms",
    });
    expect(Date.now() - started).toBeLessThan(400);
  });

  it("absorbs a late rejection of work that already missed its deadline", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const late = sleep(40).then(() => {
        throw new Error("late failure");
      });
      await expect(withDeadline(late, 10, "enqueue")).rejects.toBeInstanceOf(DeadlineExceededError);
      await sleep(80);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
