import { type Queryable, toDbError } from "@cert/db";
import type pg from "pg";
import { eraseUsers } from "./erase-users";

/**
 * Advisory lock key of the retention sweep (an arbitrary constant, fixed so every worker of a
 * deployment contends for the same lock).
 */
const RETENTION_LOCK_KEY = 7_311_400_214;

/** People due for erasure, oldest first, locked so a concurrent admin erasure waits. */
const DUE_SQL = `
SELECT user_id FROM users
WHERE erased_at IS NULL
  AND last_certified_at < now() - make_interval(days => $1::int)
ORDER BY last_certified_at
LIMIT $2::int
FOR UPDATE`;

export interface RetentionSweepOptions {
  /** `PII_RETENTION_DAYS`: people not verified within this many days are erased. */
  readonly retentionDays: number;
  /** People erased per transaction. Default 500. */
  readonly batchSize?: number;
}

/** What one sweep did. */
export interface RetentionSweepResult {
  /** People erased by this sweep. */
  readonly erased: number;
  /** True when another sweeper held the lock, so this one did nothing. */
  readonly skipped: boolean;
}

/**
 * Erases everyone whose `last_certified_at` is older than `retentionDays`, in transactions of
 * at most `batchSize` people, each with its `user.erased` rows (through {@link eraseUsers}, as
 * the admin route). Every batch takes a transaction-scoped advisory lock first: while one
 * worker sweeps, another's sweep returns at once (`skipped`), so several workers can run it on
 * the same schedule and each person is erased exactly once; a crash mid-sweep keeps the
 * committed batches and the next sweep continues.
 *
 * @throws DbError
 */
export async function sweepRetention(
  pool: pg.Pool,
  options: RetentionSweepOptions,
): Promise<RetentionSweepResult> {
  const batchSize = options.batchSize ?? 500;
  let erased = 0;
  for (;;) {
    const batch = await inTransaction(pool, async (client) => {
      const { rows: lock } = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_xact_lock($1) AS locked",
        [RETENTION_LOCK_KEY],
      );
      if (!lock[0]?.locked) return undefined;
      const { rows } = await client.query<{ user_id: string }>(DUE_SQL, [
        options.retentionDays,
        batchSize,
      ]);
      const done = await eraseUsers(
        client,
        rows.map((row) => row.user_id),
      );
      return { erased: done.length, full: rows.length === batchSize };
    });
    if (batch === undefined) return { erased, skipped: erased === 0 };
    erased += batch.erased;
    if (!batch.full) return { erased, skipped: false };
  }
}

async function inTransaction<T>(pool: pg.Pool, work: (client: Queryable) => Promise<T>) {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toDbError("retention sweep", error);
  }
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw toDbError("retention sweep", error);
  } finally {
    client.release();
  }
}
