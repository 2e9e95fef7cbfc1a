import { generateKeys } from "@cert/pii";
import { describe, expect, it } from "vitest";
import {
  loadApiConfig,
  loadDemoConfig,
  loadMigrateConfig,
  loadSandboxConfig,
  loadWorkerConfig,
} from "../src/index";
import { configError } from "./config-error";

const DATABASE_URL = "postgres://app:pw@127.0.0.1:5432/app";
const KEYS = generateKeys();
const WORKER_ENV = {
  DATABASE_URL,
  IAMPORT_API_KEY: "key",
  IAMPORT_API_SECRET: "secret",
  ...KEYS,
};

const DEFAULT_RETENTION = {
  completedAgeSeconds: 3600,
  completedCount: 10_000,
  failedAgeSeconds: 604_800,
};

describe("loaders with defaults", () => {
  it("API: only DATABASE_URL is required, no provider credentials", () => {
    expect(loadApiConfig({ DATABASE_URL })).toEqual({
      databaseUrl: DATABASE_URL,
      databasePreparedStatements: true,
      redis: { kind: "standalone", url: "redis://127.0.0.1:6379", replicaAckTimeoutMs: 1000 },
      port: 3000,
      adminToken: undefined,
      redirectUrl: undefined,
      rateLimitPerMinute: 600,
      statusRateLimitPerMinute: 3000,
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
      metricsPort: undefined,
      queuePrefix: "cert",
      jobAttempts: 8,
      jobBackoffMs: 1000,
      retention: DEFAULT_RETENTION,
      logLevel: "info",
      logPretty: false,
    });
  });

  it("worker: defaults plus required credentials", () => {
    expect(loadWorkerConfig(WORKER_ENV)).toEqual({
      databaseUrl: DATABASE_URL,
      databasePreparedStatements: true,
      redis: { kind: "standalone", url: "redis://127.0.0.1:6379", replicaAckTimeoutMs: 1000 },
      iamport: {
        apiUrl: "https://api.iamport.kr",
        apiKey: "key",
        apiSecret: "secret",
        timeoutMs: 5000,
      },
      portone: {
        apiUrl: "https://api.portone.io",
        apiSecret: undefined,
        storeId: undefined,
        readyTimeoutMs: 60_000,
        timeoutMs: 5000,
      },
      queuePrefix: "cert",
      workerConcurrency: 50,
      ageMin: 19,
      ageRule: "calendar-year",
      outcomeStream: "age-check-outcomes",
      pii: KEYS,
      retentionDays: undefined,
      shutdownTimeoutMs: 10_000,
      relayEnabled: true,
      outcomeStreamMaxLen: 100_000,
      metricsPort: undefined,
      logLevel: "info",
      logPretty: false,
    });
  });

  it("sandbox and migrate", () => {
    expect(loadSandboxConfig({})).toEqual({
      sandboxPort: 4010,
      sandbox: {
        host: "127.0.0.1",
        apiKey: undefined,
        apiSecret: undefined,
        seed: undefined,
        faults: { wrongKey: false },
      },
      shutdownTimeoutMs: 10_000,
      logLevel: "info",
      logPretty: false,
    });
    expect(loadMigrateConfig({ DATABASE_URL })).toEqual({
      databaseUrl: DATABASE_URL,
      logLevel: "info",
      logPretty: false,
    });
  });

  it("sandbox: SANDBOX_* variables become its start options, unset faults left out", () => {
    const config = loadSandboxConfig({
      SANDBOX_API_KEY: "k",
      SANDBOX_SEED: "7",
      SANDBOX_LATENCY_MS: "25",
      SANDBOX_ERROR_RATE: "0.1",
      SANDBOX_RETRY_AFTER_SECONDS: "none",
      SANDBOX_WRONG_KEY: "true",
      SANDBOX_TOKEN_TTL_SECONDS: " ",
    });
    expect(config.sandbox).toEqual({
      host: "127.0.0.1",
      apiKey: "k",
      apiSecret: undefined,
      seed: 7,
      faults: { latencyMs: 25, errorRate: 0.1, retryAfterSeconds: null, wrongKey: true },
    });
  });

  it("sandbox: names each malformed SANDBOX_* variable", () => {
    const error = configError(() =>
      loadSandboxConfig({
        SANDBOX_LATENCY_MS: "soon",
        SANDBOX_WRONG_KEY: "maybe",
        SANDBOX_SEED: "1.5",
        SANDBOX_RETRY_AFTER_SECONDS: "later",
      }),
    );
    expect(error.variables).toEqual([
      "SANDBOX_SEED",
      "SANDBOX_LATENCY_MS",
      "SANDBOX_RETRY_AFTER_SECONDS",
      "SANDBOX_WRONG_KEY",
    ]);
  });

  it("demo: connections and credentials stay undefined so the demo can provide them", () => {
    const config = loadDemoConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.iamport).toEqual({
      apiUrl: undefined,
      apiKey: undefined,
      apiSecret: undefined,
      timeoutMs: 5000,
    });
    expect(config).toMatchObject({
      sandboxPort: 4010,
      port: 3000,
      workerConcurrency: 50,
      ageMin: 19,
      ageRule: "calendar-year",
      retention: DEFAULT_RETENTION,
    });
  });

  it("worker: PortOne V2 when its secret is set", () => {
    const config = loadWorkerConfig({
      ...WORKER_ENV,
      PORTONE_API_SECRET: "v2-secret",
      PORTONE_API_URL: "http://127.0.0.1:4010/",
      PORTONE_STORE_ID: "store-1",
      PORTONE_READY_TIMEOUT_MS: "1500",
      PORTONE_TIMEOUT_MS: "800",
    });
    expect(config.portone).toEqual({
      apiUrl: "http://127.0.0.1:4010",
      apiSecret: "v2-secret",
      storeId: "store-1",
      readyTimeoutMs: 1500,
      timeoutMs: 800,
    });
    expect(() => loadWorkerConfig({ ...WORKER_ENV, PORTONE_READY_TIMEOUT_MS: "-1" })).toThrow(
      /PORTONE_READY_TIMEOUT_MS/,
    );
  });

  it("returns deeply frozen objects", () => {
    const config = loadWorkerConfig(WORKER_ENV);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.iamport)).toBe(true);
    expect(Object.isFrozen(loadApiConfig({ DATABASE_URL }).retention)).toBe(true);
  });
});

describe("migrations", () => {
  it("prefer DATABASE_MIGRATION_URL, which makes DATABASE_URL optional", () => {
    const direct = "postgres://app:pw@db-direct:5432/app";
    expect(loadMigrateConfig({ DATABASE_URL, DATABASE_MIGRATION_URL: direct }).databaseUrl).toBe(
      direct,
    );
    expect(loadMigrateConfig({ DATABASE_MIGRATION_URL: direct }).databaseUrl).toBe(direct);
    expect(loadMigrateConfig({ DATABASE_URL }).databaseUrl).toBe(DATABASE_URL);
    expect(() => loadMigrateConfig({})).toThrow(/DATABASE_URL is required/);
  });
});

describe("overrides", () => {
  it("parses every kind of value", () => {
    const api = loadApiConfig({
      DATABASE_URL: "postgresql://db/app",
      REDIS_URL: "rediss://:pw@cache:6380/1",
      PORT: "0",
      ADMIN_TOKEN: "0123456789abcdef0123456789abcdef",
      REDIRECT_URL: "https://shop.example/after-certification",
      RATE_LIMIT_PER_MINUTE: "60",
      STATUS_RATE_LIMIT_PER_MINUTE: "120",
      METRICS_PORT: "9100",
      TRUST_PROXY: "true",
      LOG_PRETTY: "1",
      LOG_LEVEL: "debug",
      QUEUE_PREFIX: "test-1",
      COMPLETED_RETENTION_COUNT: "5",
    });
    expect(api).toMatchObject({
      redis: { kind: "standalone", url: "rediss://:pw@cache:6380/1", replicaAckTimeoutMs: 1000 },
      port: 0,
      adminToken: "0123456789abcdef0123456789abcdef",
      redirectUrl: "https://shop.example/after-certification",
      rateLimitPerMinute: 60,
      statusRateLimitPerMinute: 120,
      metricsPort: 9100,
      trustProxy: true,
      logPretty: true,
      logLevel: "debug",
      queuePrefix: "test-1",
      retention: { ...DEFAULT_RETENTION, completedCount: 5 },
    });
  });

  it("reads the outcome stream cap; 0 keeps every entry, a negative one is refused", () => {
    expect(
      loadWorkerConfig({ ...WORKER_ENV, OUTCOME_STREAM_MAXLEN: "0" }).outcomeStreamMaxLen,
    ).toBe(0);
    expect(
      loadWorkerConfig({ ...WORKER_ENV, OUTCOME_STREAM_MAXLEN: "5000" }).outcomeStreamMaxLen,
    ).toBe(5000);
    expect(() => loadWorkerConfig({ ...WORKER_ENV, OUTCOME_STREAM_MAXLEN: "-1" })).toThrow(
      /OUTCOME_STREAM_MAXLEN/,
    );
  });

  it("drops trailing slashes from the provider URL and reads the age settings", () => {
    const worker = loadWorkerConfig({
      ...WORKER_ENV,
      IAMPORT_API_URL: "http://127.0.0.1:4010/",
      AGE_RULE: "full-years",
      AGE_MIN: "20",
      WORKER_CONCURRENCY: "8",
    });
    expect(worker.iamport.apiUrl).toBe("http://127.0.0.1:4010");
    expect(worker).toMatchObject({ ageRule: "full-years", ageMin: 20, workerConcurrency: 8 });
  });

  it("treats blank values as unset", () => {
    expect(loadApiConfig({ DATABASE_URL, PORT: "", ADMIN_TOKEN: " " })).toMatchObject({
      port: 3000,
      adminToken: undefined,
    });
  });

  it("ignores variables a process does not use", () => {
    expect(() => loadMigrateConfig({ DATABASE_URL, PORT: "not a port" })).not.toThrow();
  });
});

describe("required variables", () => {
  it("the worker requires the provider credentials, the API does not", () => {
    const error = configError(() => loadWorkerConfig({ DATABASE_URL, ...KEYS }));
    expect(error.message).toBe(
      "Invalid configuration: IAMPORT_API_KEY is required; IAMPORT_API_SECRET is required",
    );
    expect(error.variables).toEqual(["IAMPORT_API_KEY", "IAMPORT_API_SECRET"]);
    expect(error).toMatchObject({ code: "invalid_config", retryable: false });
  });

  it.each([
    ["api", loadApiConfig],
    ["worker", loadWorkerConfig],
    ["migrate", loadMigrateConfig],
  ])("%s requires DATABASE_URL", (_name, load) => {
    expect(configError(() => load({})).variables).toContain("DATABASE_URL");
  });
});
