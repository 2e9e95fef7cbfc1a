import { describe, expect, it } from "vitest";
import { defaultJobOptions } from "../src/index";

describe("defaultJobOptions", () => {
  it("uses the configuration defaults", () => {
    expect(defaultJobOptions()).toEqual({
      attempts: 8,
      backoff: { type: "exponential", delay: 1000, jitter: 0.5 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 604_800 },
    });
  });

  it("follows the given configuration", () => {
    const options = defaultJobOptions({
      jobAttempts: 3,
      jobBackoffMs: 250,
      retention: { completedAgeSeconds: 60, completedCount: 5, failedAgeSeconds: 120 },
    });
    expect(options).toEqual({
      attempts: 3,
      backoff: { type: "exponential", delay: 250, jitter: 0.5 },
      removeOnComplete: { age: 60, count: 5 },
      removeOnFail: { age: 120 },
    });
  });
});
