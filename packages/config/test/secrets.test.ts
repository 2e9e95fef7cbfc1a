import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, loadApiConfig, loadWorkerConfig, redactUrl } from "../src/index";

/** Secrets long enough that they cannot appear in a message by coincidence; never blank. */
const secret = fc
  .string({ minLength: 8, maxLength: 64, unit: "grapheme" })
  .filter((s) => s.trim() !== "");

function messageOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("secrets never appear in configuration errors", () => {
  it("provider credentials, when something else is wrong", () => {
    fc.assert(
      fc.property(secret, secret, (apiKey, apiSecret) => {
        const message = messageOf(() =>
          loadWorkerConfig({
            DATABASE_URL: "postgres://db/app",
            IAMPORT_API_KEY: apiKey,
            IAMPORT_API_SECRET: apiSecret,
            WORKER_CONCURRENCY: "0",
          }),
        );
        expect(message).toContain("WORKER_CONCURRENCY");
        expect(message).not.toContain(apiKey);
        expect(message).not.toContain(apiSecret);
      }),
    );
  });

  it("the PortOne V2 secret, when something else is wrong", () => {
    fc.assert(
      fc.property(secret, (v2Secret) => {
        const message = messageOf(() =>
          loadWorkerConfig({
            DATABASE_URL: "postgres://db/app",
            IAMPORT_API_KEY: "key",
            IAMPORT_API_SECRET: "secret",
            PORTONE_API_SECRET: v2Secret,
            PORTONE_TIMEOUT_MS: "1",
          }),
        );
        expect(message).toContain("PORTONE_TIMEOUT_MS");
        expect(message).not.toContain(v2Secret);
      }),
    );
  });

  it("an ADMIN_TOKEN that is too short", () => {
    const shortToken = fc
      .string({ minLength: 8, maxLength: 31, unit: "binary-ascii" })
      .filter((s) => s.trim() === s && s !== "");
    fc.assert(
      fc.property(shortToken, (token) => {
        const message = messageOf(() =>
          loadApiConfig({ DATABASE_URL: "postgres://db/app", ADMIN_TOKEN: token }),
        );
        expect(message).toContain("ADMIN_TOKEN must be at least 32 characters");
        expect(message).not.toContain(token);
      }),
    );
  });

  it("passwords inside malformed connection URLs", () => {
    fc.assert(
      fc.property(secret, (password) => {
        const encoded = encodeURIComponent(password);
        const message = messageOf(() =>
          loadApiConfig({
            DATABASE_URL: `mysql://app:${encoded}@db/app`,
            REDIS_URL: `redis://:${encoded}@cache:99999`,
          }),
        );
        expect(message).toContain("DATABASE_URL");
        expect(message).toContain("REDIS_URL");
        expect(message).not.toContain(password);
        expect(message).not.toContain(encoded);
      }),
    );
  });
});

describe("redactUrl", () => {
  it("hides the password and keeps the target", () => {
    expect(redactUrl("postgres://app:s3cret@db:5432/app")).toBe("postgres://app:***@db:5432/app");
    expect(redactUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });

  it("hides credential-like query parameters", () => {
    expect(redactUrl("postgres://db/app?password=s3cret&sslmode=require")).toBe(
      "postgres://db/app?password=***&sslmode=require",
    );
  });

  it("never echoes what it cannot parse", () => {
    expect(redactUrl("s3cret not a url")).toBe("[invalid url]");
  });

  it("never returns a random password", () => {
    fc.assert(
      fc.property(secret, (password) => {
        const encoded = encodeURIComponent(password);
        const redacted = redactUrl(`redis://user:${encoded}@cache:6379/0`);
        expect(redacted).toBe("redis://user:***@cache:6379/0");
      }),
    );
  });
});
