import { describe, expect, it } from "vitest";
import { parseDemoArgs } from "../src/cli-args";
import { DemoUsageError } from "../src/errors";
import { runNames } from "../src/run-names";

describe("parseDemoArgs", () => {
  it("defaults to 1000 verifications, kept running", () => {
    expect(parseDemoArgs([])).toEqual({ count: 1000, once: false });
  });

  it("reads --count and --once in either form", () => {
    expect(parseDemoArgs(["--count", "200", "--once"])).toEqual({ count: 200, once: true });
    expect(parseDemoArgs(["--once", "--count=5"])).toEqual({ count: 5, once: true });
  });

  it.each([["--count", "0"], ["--count", "ten"], ["--count", "-3"], ["--fast"], ["extra"]])(
    "rejects %s %s with the usage line",
    (...argv) => {
      expect(() => parseDemoArgs(argv)).toThrow(DemoUsageError);
      expect(() => parseDemoArgs(argv)).toThrow(/usage: npm run demo/);
    },
  );
});

describe("runNames", () => {
  const configured = { queuePrefix: "cert", outcomeStream: "age-check-outcomes" };

  it("keeps the configured names on a private Redis", () => {
    expect(runNames({}, configured, false, "42")).toEqual({ ...configured, owned: {} });
  });

  it("makes names of its own on a shared Redis, and owns only those", () => {
    expect(runNames({}, configured, true, "42")).toEqual({
      queuePrefix: "demo-42",
      outcomeStream: "demo-42-outcomes",
      owned: { queuePrefix: "demo-42", outcomeStream: "demo-42-outcomes" },
    });
    const explicit = runNames(
      { QUEUE_PREFIX: "mine" },
      { ...configured, queuePrefix: "mine" },
      true,
      "42",
    );
    expect(explicit.queuePrefix).toBe("mine");
    expect(explicit.owned).toEqual({ outcomeStream: "demo-42-outcomes" });
  });
});
