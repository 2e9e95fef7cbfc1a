import pg from "pg";

/** Stable, log-safe codes for {@link DbError}. */
export type DbErrorCode =
  | "db_unavailable"
  | "db_query_failed"
  | "migrations_not_found"
  | "migration_failed";

/**
 * A database failure with no personal data in it: Postgres messages can quote values (an
 * invalid birthday, a duplicate key), so only the SQLSTATE and object names are kept.
 */
export class DbError extends Error {
  override readonly name = "DbError";

  constructor(
    readonly code: DbErrorCode,
    message: string,
    /** True when the same operation may succeed later (connection lost, deadlock, overload). */
    readonly retryable: boolean,
    /** Postgres SQLSTATE, when the server answered. */
    readonly sqlState?: string,
  ) {
    super(message);
  }
}

/**
 * SQLSTATE classes after which a retry can succeed: 08 connection exception, 40 transaction
 * rollback (serialization failure, deadlock), 53 insufficient resources, 57 operator
 * intervention (admin shutdown, statement timeout), 58 system error.
 */
const RETRYABLE_SQLSTATE_CLASSES = new Set(["08", "40", "53", "57", "58"]);

/** Errors that mean our own code is wrong (a bad parameter), which no retry fixes. */
function isProgrammingError(error: unknown): boolean {
  return error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError;
}

/**
 * Converts whatever pg threw into a {@link DbError} naming `operation`, by error class alone:
 * - `pg.DatabaseError`: the server answered; its SQLSTATE class says whether a retry can help.
 * - any other `Error` from the driver (a Node socket error such as ECONNREFUSED, or pg's own
 *   "connection terminated" and pool checkout timeout, which carry no code): the server could
 *   not be reached or went away, so a retry can help.
 * - a TypeError or RangeError: a bug in the caller, not retryable.
 * An error wrapped by drizzle is judged by its cause.
 * The original error is deliberately not attached as `cause`: serialisers print causes, and pg
 * messages may contain personal data.
 */
export function toDbError(operation: string, thrown: unknown): DbError {
  if (thrown instanceof DbError) return thrown;
  // drizzle wraps the driver's error in its own query error; the driver's is the cause.
  const error = thrown instanceof Error && thrown.cause instanceof Error ? thrown.cause : thrown;
  if (error instanceof pg.DatabaseError && typeof error.code === "string") {
    const sqlState = error.code;
    const retryable = RETRYABLE_SQLSTATE_CLASSES.has(sqlState.slice(0, 2));
    return new DbError(
      retryable ? "db_unavailable" : "db_query_failed",
      `${operation} failed (SQLSTATE ${sqlState})`,
      retryable,
      sqlState,
    );
  }
  if (error instanceof Error && !isProgrammingError(error)) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = typeof code === "string" ? code : "connection lost";
    return new DbError("db_unavailable", `${operation} failed: ${reason}`, true);
  }
  return new DbError("db_query_failed", `${operation} failed`, false);
}
