import { drizzle } from "drizzle-orm/node-postgres";
import { migrate as drizzleMigrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { DbError, toDbError } from "./errors";
import { type DbLogger, silentLogger } from "./logger";
import { findMigrationsFolder } from "./migrations-folder";

/**
 * Key of the advisory lock that serialises migrators ("certmigr" in ASCII). Any fixed value
 * works as long as every migrator of this database uses the same one.
 */
export const MIGRATION_LOCK_KEY = "7162256626780039026";

export interface MigrateOptions {
  /** Folder with the SQL files and `meta/_journal.json`. Default: found by {@link findMigrationsFolder}. */
  migrationsFolder?: string;
  /** Receives one line per run (how many migrations were applied). Default: silent. */
  logger?: DbLogger;
}

export interface MigrateResult {
  /** Migrations applied by this call (0 when the database was already up to date). */
  applied: number;
  /** Migrations recorded in the database afterwards. */
  total: number;
}

async function countApplied(client: pg.Client): Promise<number> {
  // Two statements: a query naming a missing table fails at parse time, even behind a CASE.
  const { rows } = await client.query<{ present: boolean }>(
    "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present",
  );
  if (!rows[0]?.present) return 0;
  const counted = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations",
  );
  return counted.rows[0]?.n ?? 0;
}

/**
 * Applies every pending migration in `migrations/` to `databaseUrl` with drizzle's
 * node-postgres migrator (all pending files in one transaction).
 *
 * Safe to run from several processes at once: each opens a transaction and takes the
 * transaction-level `pg_advisory_xact_lock` before looking at the migrations table, so they
 * run one after another and the later ones find nothing to do. Everything, the migrations
 * themselves included, runs inside that one transaction (drizzle's own `begin` inside it is a
 * harmless warning and its `commit` ends it), so the lock holds through PgBouncer in transaction
 * pooling mode, where a session-level lock could be taken on one server connection and the
 * work done on another. The commit (or the connection's death) releases the lock.
 *
 * @throws DbError `migrations_not_found`, or `migration_failed` / `db_unavailable`.
 */
export async function migrate(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const migrationsFolder = options.migrationsFolder ?? findMigrationsFolder();
  const logger = options.logger ?? silentLogger;
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "cert-migrate" });
  // A connection dropped while waiting for the lock must reject the query, not crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    const before = await countApplied(client);
    try {
      await drizzleMigrate(drizzle({ client }), { migrationsFolder });
    } finally {
      // Ends the transaction when drizzle had nothing to commit or failed before its own begin.
      await client.query("COMMIT").catch(() => {});
    }
    const total = await countApplied(client);
    logger.info({ applied: total - before, total }, "database migrations up to date");
    return { applied: total - before, total };
  } catch (error) {
    const dbError = toDbError("apply migrations", error);
    throw dbError.retryable
      ? dbError
      : new DbError("migration_failed", dbError.message, false, dbError.sqlState);
  } finally {
    await client.end().catch(() => {});
  }
}
