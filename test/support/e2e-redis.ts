import { createFailFastConnection, type RedisConnection } from "@cert/redis";
import { getTestServices } from "@cert/testing";
import { startRedisCluster, startSentinelGroup } from "@cert/testing/topologies";
import { Redis } from "ioredis";

/** The Redis an end-to-end fixture runs on. */
export interface E2eRedis {
  /** Variables for the apps: `REDIS_URL`, or a topology's. */
  readonly env: Record<string, string>;
  /** A client for the tests (outcome stream, queue events), any topology. */
  readonly client: RedisConnection;
  /** A fail-fast connection for the test's own queue handle. */
  queueConnection(): RedisConnection;
  /** Whether the apps run on a cluster (their queue prefix must then be a hash tag). */
  readonly cluster: boolean;
  stop(): Promise<void>;
}

/** The topology the end-to-end fixtures of this test file run on. */
let topology: "standalone" | "cluster" | "sentinel" = "standalone";

/**
 * Runs this file's end-to-end fixtures on a `cluster` or `sentinel` deployment started for
 * them: the topology tests call it, then import an unchanged end-to-end suite.
 */
export function useE2eTopology(kind: "cluster" | "sentinel"): void {
  topology = kind;
}

/** The shared test Redis, or a deployment of the topology chosen by {@link useE2eTopology}. */
export async function startE2eRedis(): Promise<E2eRedis> {
  if (topology === "cluster" || topology === "sentinel") {
    const deployment =
      topology === "cluster" ? await startRedisCluster(3) : await startSentinelGroup(2);
    const client = createFailFastConnection(deployment.topology, { commandTimeoutMs: 10_000 });
    client.on("error", () => {});
    return {
      env: deployment.env,
      client,
      queueConnection: () => createFailFastConnection(deployment.topology),
      cluster: topology === "cluster",
      async stop() {
        client.disconnect();
        await deployment.stop();
      },
    };
  }
  const { redisUrl } = getTestServices();
  return {
    env: { REDIS_URL: redisUrl },
    client: new Redis(redisUrl),
    queueConnection: () => createFailFastConnection(redisUrl),
    cluster: false,
    async stop() {},
  };
}
