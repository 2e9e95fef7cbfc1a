import { startEmbeddedPostgres } from "@cert/testing/local";
import type { CleanupStack } from "./cleanup-stack";
import { resolveRedis } from "./redis-source";

/** The servers the demo runs against, and where each came from (printed at start). */
export interface Infrastructure {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** True when the Redis is shared with others, so the run must use names of its own. */
  readonly redisShared: boolean;
  readonly sources: { readonly postgres: string; readonly redis: string };
}

/**
 * Postgres: `DATABASE_URL`, else a private embedded cluster (durable settings: this is the
 * demo of a production system, not a test). Redis: see {@link resolveRedis}. Whatever is
 * started is registered on `cleanup`.
 */
export async function resolveInfrastructure(
  env: { readonly DATABASE_URL?: string; readonly REDIS_URL?: string },
  cleanup: CleanupStack,
): Promise<Infrastructure> {
  let databaseUrl = env.DATABASE_URL;
  let postgresSource = "DATABASE_URL";
  if (databaseUrl === undefined) {
    const pg = await startEmbeddedPostgres();
    cleanup.add("embedded postgres", () => pg.stop());
    databaseUrl = pg.url;
    postgresSource = "embedded PostgreSQL (temporary)";
  }
  const redis = await resolveRedis(env.REDIS_URL, cleanup);
  return {
    databaseUrl,
    redisUrl: redis.url,
    redisShared: redis.shared,
    sources: { postgres: postgresSource, redis: redis.source },
  };
}
