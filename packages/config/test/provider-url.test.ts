import { generateKeys } from "@cert/pii";
import { describe, expect, it } from "vitest";
import { ConfigError, loadWorkerConfig, providerUrl } from "../src/index";

/** Everything the worker needs but the provider URL under test. */
const BASE = {
  DATABASE_URL: "postgres://localhost/test",
  IAMPORT_API_KEY: "key",
  IAMPORT_API_SECRET: "secret",
  ...generateKeys(),
};

function problemWith(url: string): string | undefined {
  try {
    loadWorkerConfig({ ...BASE, IAMPORT_API_URL: url });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe("provider URLs must be https unless loopback", () => {
  it.each([
    "https://api.iamport.kr",
    "https://10.0.0.5:8443/v1",
    "http://127.0.0.1:4010",
    "http://127.255.3.9",
    "http://localhost:4010/",
    "http://[::1]:4010",
  ])("accepts %s", (url) => {
    expect(problemWith(url)).toBeUndefined();
    expect(providerUrl().safeParse(url).success).toBe(true);
  });

  it.each([
    "http://api.iamport.kr",
    "http://10.0.0.5:4010",
    "http://128.0.0.1",
    "http://localhost.evil.example",
    "http://[::2]:4010",
    "ftp://127.0.0.1",
    "not a url",
  ])("refuses %s at start, on one line naming the variable", (url) => {
    const message = problemWith(url);
    expect(message).toMatch(/^Invalid configuration: IAMPORT_API_URL must be an https:\/\/ URL/);
    expect(message).not.toContain("\n");
  });

  it("defaults to the https production API", () => {
    expect(loadWorkerConfig(BASE).iamport.apiUrl).toBe("https://api.iamport.kr");
  });
});
