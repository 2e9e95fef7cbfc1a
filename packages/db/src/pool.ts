import pg from "pg";
import { type DbLogger, silentLogger } from "./logger";
import { UnnamedStatementClient } from "./unnamed-statements";

export interface CreatePoolOptions {
  /**
   * Most connections the pool opens. Default 10 (pg's default): every query here is a single
   * round trip, so 10 connections keep up with a worker running 50 jobs at once.
   */
  max?: number;
  /** `application_name` shown in pg_stat_activity. Default `"cert"`. */
  applicationName?: string;
  /** Close a connection idle this long (ms). Default 30000. */
  idleTimeoutMillis?: number;
  /** Give up acquiring a connection after this long (ms). Default 10000; 0 waits forever. */
  connectionTimeoutMillis?: number;
  /** Server-side `statement_timeout` (ms) for every connection. Default none. */
  statementTimeoutMillis?: number;
  /**
   * Whether queries that name their statement use server-side named prepared statements
   * (`DATABASE_PREPARED_STATEMENTS`). False sends them unnamed, as PgBouncer before 1.21 in
   * transaction pooling mode requires. Default true.
   */
  preparedStatements?: boolean;
  /** Receives idle-connection errors. Default: a silent logger. */
  logger?: DbLogger;
}

/**
 * Type parsers for every client of the pool: `date` stays a `YYYY-MM-DD` string, because pg's
 * default turns it into a Date at local midnight, which shifts the day in any zone west of
 * UTC when formatted as ISO.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.DATE
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

/**
 * A pg Pool for `url`. Errors from idle connections (the server restarted, a network blip)
 * are logged instead of crashing the process: pg emits them on the pool, and an unhandled
 * `error` event would kill Node. The next query simply opens a new connection.
 */
export function createPool(url: string, options: CreatePoolOptions = {}): pg.Pool {
  const logger = options.logger ?? silentLogger;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "cert",
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    ...(options.statementTimeoutMillis === undefined
      ? {}
      : { statement_timeout: options.statementTimeoutMillis }),
    types,
    ...(options.preparedStatements === false ? { Client: UnnamedStatementClient } : {}),
  });
  pool.on("error", (error: Error & { code?: string }) => {
    logger.warn(
      { err: { code: error.code, message: error.message } },
      "idle postgres client error",
    );
  });
  return pool;
}
