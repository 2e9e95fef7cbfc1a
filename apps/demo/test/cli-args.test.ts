import { describe, expect, it } from "vitest";
import { parseDemoArgs, providersOf } from "../src/cli-args";
import { DemoUsageError } from "../src/errors";
import { runNames } from "../src/run-names";

describe("parseDemoArgs", () => {
  it("defaults to 1000 verifications through both providers, kept running", () => {
    expect(parseDemoArgs([])).toEqual({ count: 1000, once: false, provider: "both" });
  });

  it("reads --count, --provider and --once in either form", () => {
    expect(parseDemoArgs(["--count", "200", "--once"])).toEqual({
      count: 200,
      once: true,
      provider: "both",
    });
    expect(parseDemoArgs(["--once", "--count=5", "--provider=v2"])).toEqual({
      count: 5,
      once: true,
      provider: "v2",
    });
    expect(parseDemoArgs(["--provider", "v1"]).provider).toBe("v1");
    expect(parseDemoArgs(["--provider", "both"]).provider).toBe("both");
  });

  it("maps each --provider choice to the providers the batch goes through", () => {
    expect(providersOf("v1")).toEqual(["iamport"]);
    expect(providersOf("v2")).toEqual(["portone"]);
    expect(providersOf("both")).toEqual(["iamport", "portone"]);
  });

  it.each([
    ["--count", "0"],
    ["--count", "ten"],
    ["--count", "-3"],
    ["--fast"],
    ["extra"],
    ["--provider", "v3"],
    ["--provider", "V1"],
    ["--provider", "toString"],
    ["--provider="],
    ["--provider"],
  ])("rejects %s %s with the usage line", (...argv) => {
    expect(() => parseDemoArgs(argv)).toThrow(DemoUsageError);
    expect(() => parseDemoArgs(argv)).toThrow(/usage: npm run demo/);
  });
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
