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

/** Node socket errors: the server is unreachable or went away mid-query. */
const RETRYABLE_NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Converts whatever pg threw into a {@link DbError} naming `operation`. The original error is
 * deliberately not attached as `cause`: serialisers print causes, and pg messages may contain
 * personal data.
 */
export function toDbError(operation: string, error: unknown): DbError {
  if (error instanceof DbError) return error;
  const sqlState = sqlStateOf(error);
  if (sqlState) {
    const retryable = RETRYABLE_SQLSTATE_CLASSES.has(sqlState.slice(0, 2));
    return new DbError(
      retryable ? "db_unavailable" : "db_query_failed",
      `${operation} failed (SQLSTATE ${sqlState})`,
      retryable,
      sqlState,
    );
  }
  const nodeCode = (error as { code?: unknown } | null)?.code;
  if (typeof nodeCode === "string" && RETRYABLE_NODE_CODES.has(nodeCode)) {
    return new DbError("db_unavailable", `${operation} failed: ${nodeCode}`, true);
  }
  // pg reports a dropped or timed-out connection as a plain Error with no code.
  const message = error instanceof Error ? error.message : "";
  if (
    /Connection terminated|timeout exceeded|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return new DbError("db_unavailable", `${operation} failed: connection lost`, true);
  }
  return new DbError("db_query_failed", `${operation} failed`, false);
}
