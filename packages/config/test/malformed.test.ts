import { describe, expect, it } from "vitest";
import { ConfigError, loadDemoConfig } from "../src/index";

/** The demo loader reads every variable, so it checks each one's validation. */
const MALFORMED: ReadonlyArray<[variable: string, value: string, problem: string]> = [
  ["DATABASE_URL", "mysql://db/app", "must be a valid postgres:// or postgresql:// URL"],
  ["DATABASE_URL", "not a url", "must be a valid postgres:// or postgresql:// URL"],
  ["REDIS_URL", "http://cache:6379", "must be a valid redis:// or rediss:// URL"],
  ["IAMPORT_API_URL", "ftp://api.iamport.kr", "must be an https:// URL"],
  ["IAMPORT_API_URL", "http://api.iamport.kr", "must be an https:// URL"],
  ["IAMPORT_API_URL", "http://128.0.0.1:4010", "must be an https:// URL"],
  ["IAMPORT_API_URL", "http://localhost.example.com", "must be an https:// URL"],
  ["IAMPORT_TIMEOUT_MS", "5s", "must be an integer between 100 and 120000"],
  ["PORT", "65536", "must be an integer between 0 and 65535"],
  ["SANDBOX_PORT", "-1", "must be an integer between 0 and 65535"],
  ["WORKER_CONCURRENCY", "0", "must be an integer between 1 and 1000"],
  ["WORKER_CONCURRENCY", "2.5", "must be an integer between 1 and 1000"],
  ["AGE_MIN", "nineteen", "must be an integer between 0 and 150"],
  ["AGE_RULE", "korean", "must be one of calendar-year, full-years"],
  ["OUTCOME_STREAM", "has space", "must be 1-100 letters, digits"],
  ["QUEUE_PREFIX", "a/b", "must be 1-100 letters, digits"],
  ["ADMIN_TOKEN", "short", "must be at least 32 characters"],
  ["LOG_LEVEL", "verbose", "must be one of fatal, error, warn, info, debug, trace, silent"],
  ["LOG_PRETTY", "maybe", "must be true or false"],
  ["REDIRECT_URL", "/relative/path", "must be a valid http:// or https:// URL"],
  ["REDIRECT_URL", "javascript:alert(1)", "must be a valid http:// or https:// URL"],
  ["JOB_ATTEMPTS", "0", "must be an integer between 1 and 100"],
  ["JOB_BACKOFF_MS", "1e3", "must be an integer between 0 and 3600000"],
  ["COMPLETED_RETENTION_SECONDS", "-5", "must be an integer between 0 and 31536000"],
  ["COMPLETED_RETENTION_COUNT", "many", "must be an integer between 0 and 10000000"],
  ["FAILED_RETENTION_SECONDS", "7d", "must be an integer between 0 and 31536000"],
  ["RATE_LIMIT_PER_MINUTE", "0", "must be an integer between 1 and 1000000"],
  ["STATUS_RATE_LIMIT_PER_MINUTE", "0", "must be an integer between 1 and 1000000"],
  ["TRUST_PROXY", "2", "must be true or false"],
  ["SHUTDOWN_TIMEOUT_MS", "forever", "must be an integer between 0 and 600000"],
];

describe("a malformed variable", () => {
  it.each(MALFORMED)("%s=%j is reported on one line by name", (variable, value, problem) => {
    let caught: unknown;
    try {
      loadDemoConfig({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.variables).toEqual([variable]);
    expect(error.message).toContain(`Invalid configuration: ${variable} ${problem}`);
    expect(error.message).not.toContain("\n");
  });

  it("lists every problem at once, separated by semicolons", () => {
    expect(() => loadDemoConfig({ PORT: "x", AGE_RULE: "y" })).toThrow(
      "Invalid configuration: PORT must be an integer between 0 and 65535; AGE_RULE must be one of calendar-year, full-years",
    );
  });
});
