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
 * The next transaction id the Postgres server will assign. Only transactions that write get
 * one, and the counter moves at once (the statistics views lag by up to seconds), so the
 * difference over a run counts its write transactions: persists, outbox claims and marks.
 * Server-wide: exact with the bench's own Postgres, noisier on a shared server.
 */
export async function pgNextTransactionId(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ xid: string }>(
      "SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid",
    );
    return Number(rows[0]?.xid ?? Number.NaN);
  } finally {
    await client.end();
  }
}
