import { connect } from "node:net";
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
    cleanup.add("embedded postgres", async () => {
      // A terminal's Ctrl-C reaches the server too, and stop() never returns for a server that
      // already exited; its temporary data directory then stays behind.
      if (!(await listening(pg.url))) throw new Error("embedded postgres already exited");
      await pg.stop();
    });
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

/** True when something accepts TCP connections at the URL's host and port. */
function listening(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), timeout: timeoutMs });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}
