import pg from "pg";
import { describe, expect, it } from "vitest";
import { DbError, toDbError } from "../src";

/** A server error as pg raises it: a DatabaseError carrying the SQLSTATE. */
function serverError(sqlState: string): pg.DatabaseError {
  const error = new pg.DatabaseError("value 'CI-secret' violates something", 0, "error");
  error.code = sqlState;
  return error;
}

describe("toDbError", () => {
  it.each([
    ["40P01", true],
    ["08006", true],
    ["57014", true],
    ["23505", false],
    ["23514", false],
  ])("judges SQLSTATE %s by its class (retryable: %s)", (sqlState, retryable) => {
    const error = toDbError("op", serverError(sqlState));
    expect(error).toMatchObject({ name: "DbError", sqlState, retryable });
    expect(error.message).not.toContain("CI-secret");
  });

  it("treats a driver error without SQLSTATE (connection lost) as retryable", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    expect(toDbError("op", refused)).toMatchObject({ code: "db_unavailable", retryable: true });
    expect(toDbError("op", new Error("Connection terminated unexpectedly"))).toMatchObject({
      code: "db_unavailable",
      retryable: true,
    });
  });

  it("judges a wrapped driver error by its cause, and a programming error as final", () => {
    const wrapped = new Error("Failed query", { cause: serverError("23505") });
    expect(toDbError("op", wrapped)).toMatchObject({ sqlState: "23505", retryable: false });
    expect(toDbError("op", new TypeError("bad parameter"))).toMatchObject({ retryable: false });
    const already = new DbError("db_query_failed", "x", false);
    expect(toDbError("op", already)).toBe(already);
  });
});
