import { generateKeys } from "@cert/pii";
import { describe, expect, it } from "vitest";
import { ConfigError, loadApiConfig, loadWorkerConfig } from "../src/index";

const DATABASE_URL = "postgres://app:pw@127.0.0.1:5432/app";
const WORKER_ENV = {
  DATABASE_URL,
  IAMPORT_API_KEY: "key",
  IAMPORT_API_SECRET: "secret",
  ...generateKeys(),
};

function problemOf(env: Record<string, string>): string {
  try {
    loadApiConfig({ DATABASE_URL, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("Redis topology from the environment", () => {
  it("standalone keeps REDIS_URL as written, ACL credentials and TLS included", () => {
    const config = loadApiConfig({
      DATABASE_URL,
      REDIS_URL: "rediss://app:s3cret@cache:6380/0",
      REDIS_REPLICA_ACK_TIMEOUT_MS: "250",
    });
    expect(config.redis).toEqual({
      kind: "standalone",
      url: "rediss://app:s3cret@cache:6380/0",
      replicaAckTimeoutMs: 250,
    });
    expect(config.queuePrefix).toBe("cert");
  });

  it("Sentinel: sentinels, master name and data-node credentials", () => {
    const config = loadWorkerConfig({
      ...WORKER_ENV,
      REDIS_SENTINELS: "10.0.0.1:26379, sentinel-2:26380,[::1]:26381",
      REDIS_SENTINEL_MASTER: "mymaster",
      REDIS_SENTINEL_PASSWORD: "sentinel-pw",
      REDIS_USERNAME: "app",
      REDIS_PASSWORD: "data-pw",
    });
    expect(config.redis).toEqual({
      kind: "sentinel",
      sentinels: [
        { host: "10.0.0.1", port: 26379 },
        { host: "sentinel-2", port: 26380 },
        { host: "::1", port: 26381 },
      ],
      masterName: "mymaster",
      sentinelPassword: "sentinel-pw",
      username: "app",
      password: "data-pw",
      tls: false,
      replicaAckTimeoutMs: 1000,
    });
    expect(config.queuePrefix).toBe("cert");
  });

  it("Cluster: seed nodes, and the queue prefix becomes a hash tag (kept when already one)", () => {
    const config = loadApiConfig({
      DATABASE_URL,
      REDIS_CLUSTER_NODES: "node-1:7000,node-2:7001",
      REDIS_TLS: "true",
      QUEUE_PREFIX: "shop",
    });
    expect(config.redis).toEqual({
      kind: "cluster",
      nodes: [
        { host: "node-1", port: 7000 },
        { host: "node-2", port: 7001 },
      ],
      tls: true,
      replicaAckTimeoutMs: 1000,
    });
    expect(config.queuePrefix).toBe("{shop}");
    expect(
      loadApiConfig({ DATABASE_URL, REDIS_CLUSTER_NODES: "n:7000", QUEUE_PREFIX: "{shop}:eu" })
        .queuePrefix,
    ).toBe("{shop}:eu");
  });

  it.each([
    [{ REDIS_SENTINELS: "s:26379" }, "REDIS_SENTINEL_MASTER is required with REDIS_SENTINELS"],
    [{ REDIS_SENTINEL_MASTER: "m" }, "REDIS_SENTINEL_MASTER is only valid with REDIS_SENTINELS"],
    [
      { REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_MASTER: "m", REDIS_CLUSTER_NODES: "n:7000" },
      "REDIS_CLUSTER_NODES cannot be combined with REDIS_SENTINELS",
    ],
    [
      { REDIS_URL: "redis://cache:6379", REDIS_CLUSTER_NODES: "n:7000" },
      "REDIS_URL must be unset with REDIS_SENTINELS or REDIS_CLUSTER_NODES",
    ],
    [{ REDIS_PASSWORD: "pw" }, "REDIS_PASSWORD is only valid with REDIS_SENTINELS"],
    [{ REDIS_CLUSTER_NODES: "node-1" }, "REDIS_CLUSTER_NODES must be host:port"],
    [
      { REDIS_SENTINELS: "s:99999", REDIS_SENTINEL_MASTER: "m" },
      "REDIS_SENTINELS must be host:port",
    ],
    [{ REDIS_REPLICA_ACK_TIMEOUT_MS: "-1" }, "REDIS_REPLICA_ACK_TIMEOUT_MS must be an integer"],
  ])("rejects %j with one line naming the variable", (env, problem) => {
    const message = problemOf(env);
    expect(message).toContain(problem);
    expect(message).not.toContain("\n");
    expect(message).not.toMatch(/pw|s3cret/);
  });

  it("reports Redis and other problems together", () => {
    let error: unknown;
    try {
      loadApiConfig({ DATABASE_URL, PORT: "x", REDIS_CLUSTER_NODES: "bad" });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).variables).toEqual(["PORT", "REDIS_CLUSTER_NODES"]);
  });
});
