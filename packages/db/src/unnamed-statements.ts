import pg from "pg";

/** A query config that names its prepared statement (`{ name, text, values }`). */
interface NamedQueryConfig {
  readonly name?: unknown;
  readonly submit?: unknown;
}

function isNamedConfig(value: unknown): value is NamedQueryConfig & object {
  // Submittables (cursors, `pg.Query`) manage their own protocol and are left alone.
  return (
    typeof value === "object" &&
    value !== null &&
    "name" in value &&
    typeof (value as NamedQueryConfig).submit !== "function"
  );
}

const namedQuery = pg.Client.prototype.query;

/**
 * A pg client that sends every query as an unnamed statement, whatever `name` the query config
 * carries. Named prepared statements live in one server session; behind PgBouncer in
 * transaction pooling mode before 1.21 consecutive transactions may run on different server
 * sessions, where the statement is unknown ("prepared statement ... does not exist") or already
 * taken. Unnamed statements are parsed, bound and run within one round trip and hold there.
 * Queries keep their `name` in code, so the choice is made here alone
 * (`DATABASE_PREPARED_STATEMENTS`).
 */
export class UnnamedStatementClient extends pg.Client {}

UnnamedStatementClient.prototype.query = function query(
  this: pg.Client,
  config: unknown,
  ...rest: unknown[]
) {
  const unnamed = isNamedConfig(config) ? { ...config, name: undefined } : config;
  return (namedQuery as (...args: unknown[]) => unknown).call(this, unnamed, ...rest);
} as typeof namedQuery;
