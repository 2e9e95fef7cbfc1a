import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, type DbLogger } from "../src";
import { createTestDatabase, type TestDatabase } from "./helpers";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
});

afterAll(async () => {
  await db.drop();
});

describe("createPool", () => {
  it("tags connections with application_name", async () => {
    const pool = createPool(db.url, { applicationName: "cert-test-pool" });
    try {
      const { rows } = await pool.query<{ name: string }>(
        "SELECT current_setting('application_name') AS name",
      );
      expect(rows[0]?.name).toBe("cert-test-pool");
    } finally {
      await pool.end();
    }
  });

  it.each([
    [true, ["cert_test_named"]],
    [false, []],
  ])(
    "preparedStatements %s: named statements are prepared on the server: %j",
    async (prepared, expected) => {
      const pool = createPool(db.url, { max: 1, preparedStatements: prepared });
      try {
        const named = { name: "cert_test_named", text: "SELECT $1::int + 1 AS n", values: [41] };
        const answers = [await pool.query(named), await pool.query(named)];
        expect(answers.map(({ rows }) => rows[0]?.n)).toEqual([42, 42]);
        const { rows } = await pool.query<{ name: string }>(
          "SELECT name FROM pg_prepared_statements ORDER BY name",
        );
        expect(rows.map((row) => row.name)).toEqual(expected);
      } finally {
        await pool.end();
      }
    },
  );

  it("reads date columns as YYYY-MM-DD strings, not shifted Dates", async () => {
    const pool = createPool(db.url);
    try {
      const { rows } = await pool.query<{ d: unknown }>("SELECT '2004-02-29'::date AS d");
      expect(rows[0]?.d).toBe("2004-02-29");
    } finally {
      await pool.end();
    }
  });

  it("logs an idle connection's error instead of crashing, and keeps serving queries", async () => {
    const warnings: object[] = [];
    const logger: DbLogger = { info() {}, warn: (fields) => warnings.push(fields) };
    const pool = createPool(db.url, { logger, applicationName: "cert-idle-victim" });
    const admin = createPool(db.url);
    try {
      await pool.query("SELECT 1"); // leaves one idle connection in the pool
      const errored = new Promise<void>((resolve) => pool.once("error", () => resolve()));
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cert-idle-victim'",
      );
      await errored;
      expect(warnings).toHaveLength(1);
      const { rows } = await pool.query<{ ok: number }>("SELECT 1 AS ok");
      expect(rows[0]?.ok).toBe(1);
    } finally {
      await Promise.all([pool.end(), admin.end()]);
    }
  });
});
