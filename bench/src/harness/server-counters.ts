import { Redis } from "ioredis";
import pg from "pg";

/**
 * Round trips the servers saw, to tell what a job costs Redis and Postgres whatever the CPU.
 * `INFO stats` total_commands_processed: the whole server (only the bench's own keys by
 * default, when the bench runs its private redis-server).
 */
export async function redisCommandCount(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    const info = await redis.info("stats");
    return Number(/^total_commands_processed:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
  } finally {
    redis.disconnect();
  }
}

/**
 * Commits + rollbacks of one database (`pg_stat_database`). Backends publish statistics at
 * most once a second, so read it a little over a second after the work being counted.
 */
export async function pgTransactionCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    return Number(rows[0]?.n ?? Number.NaN);
  } finally {
    await client.end();
  }
}
