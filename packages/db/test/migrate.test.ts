import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DbError, findMigrationsFolder, migrate } from "../src";
import { createTestDatabase, type TestDatabase } from "./helpers";
import { runCommand } from "./run-command";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const databases: TestDatabase[] = [];

async function freshDatabase(): Promise<string> {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db.url;
}

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const runCli = (env: NodeJS.ProcessEnv) => runCommand("migrate", env);

const publicTables = (url: string) =>
  query<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' ORDER BY table_name`,
  ).then((rows) => rows.map((r) => r.table_name));

describe("migrate", () => {
  it("applies every migration once, and a second run is a no-op", async () => {
    const url = await freshDatabase();
    const first = await migrate(url);
    expect(first.applied).toBeGreaterThanOrEqual(2);
    expect(first.total).toBe(first.applied);
    expect(await migrate(url)).toEqual({ applied: 0, total: first.total });
    expect(await publicTables(url)).toEqual([
      "certifications",
      "outcome_events",
      "pii_conversion_backlog",
      "users",
    ]);
  });

  it("is safe from four connections at once: all succeed, one of them applies", async () => {
    const url = await freshDatabase();
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate(url)));
    const applied = results.map((r) => r.applied).sort();
    expect(applied.slice(0, 3)).toEqual([0, 0, 0]);
    expect(applied[3]).toBe(results[0]?.total);
    const recorded = await query<{ n: number }>(
      url,
      "SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations",
    );
    expect(recorded[0]?.n).toBe(results[0]?.total);
  });

  it("`npm run db:migrate` from four processes at once: all exit 0, tables exist once", async () => {
    const url = await freshDatabase();
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() => runCli({ ...process.env, DATABASE_URL: url })),
    );
    for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(await publicTables(url)).toEqual([
      "certifications",
      "outcome_events",
      "pii_conversion_backlog",
      "users",
    ]);
    const appliedCounts = runs.map(
      (r) => JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))).applied,
    );
    expect(appliedCounts.filter((n: number) => n > 0)).toHaveLength(1);
  });

  it("the CLI stops with one line naming DATABASE_URL when it is missing", async () => {
    const { DATABASE_URL: _omitted, ...env } = process.env;
    const run = await runCli(env);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("DATABASE_URL");
  });

  it("reports an unreachable server as retryable without printing the URL", async () => {
    const url = "postgres://postgres:s3cret@127.0.0.1:1/nowhere";
    const error = await migrate(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbError);
    expect(error).toMatchObject({ code: "db_unavailable", retryable: true });
    expect((error as Error).message).not.toContain("s3cret");
  });
});

describe("findMigrationsFolder", () => {
  it("finds the repository's folder from source, whatever the working directory", () => {
    expect(findMigrationsFolder()).toBe(join(repoRoot, "migrations"));
  });

  it("walks up from a nested directory such as apps/<app>/dist", () => {
    expect(findMigrationsFolder([join(repoRoot, "apps/worker/dist")])).toBe(
      join(repoRoot, "migrations"),
    );
  });

  it("fails clearly when there is none, and migrate accepts an explicit folder", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-migrations-"));
    mkdirSync(join(empty, "nested"));
    expect(() => findMigrationsFolder([join(empty, "nested")])).toThrow(
      expect.objectContaining({ code: "migrations_not_found", retryable: false }),
    );
    const url = await freshDatabase();
    const result = await migrate(url, { migrationsFolder: join(repoRoot, "migrations") });
    expect(result.applied).toBeGreaterThan(0);
  });
});

describe("schema", () => {
  it("has exactly the contract's columns (plus the relay's internal claimed_until)", async () => {
    const url = await freshDatabase();
    await migrate(url);
    const rows = await query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: "YES" | "NO";
    }>(
      url,
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    const columns = (table: string) =>
      Object.fromEntries(
        rows
          .filter((r) => r.table_name === table)
          .map((r) => [r.column_name, `${r.data_type}${r.is_nullable === "YES" ? " null" : ""}`]),
      );
    const tz = "timestamp with time zone";
    expect(columns("users")).toEqual({
      name: "text null",
      gender: "text null",
      birthday: "date null",
      phone: "text null",
      carrier: "text null",
      foreigner: "boolean null",
      first_certified_at: `${tz} null`,
      last_certified_at: `${tz} null`,
      last_imp_uid: "text null",
      created_at: tz,
      updated_at: tz,
      last_provider: "text null",
      last_verification_id: "text null",
      user_id: "uuid",
      ci_hash: "text null",
      ci: "text null",
      di: "text null",
      erased_at: `${tz} null`,
    });
    expect(columns("certifications")).toEqual({
      imp_uid: "text null",
      merchant_uid: "text null",
      pg_provider: "text null",
      pg_tid: "text null",
      certified: "boolean null",
      certified_at: `${tz} null`,
      outcome: "text",
      age: "integer null",
      age_min: "integer",
      age_rule: "text",
      checked_at: tz,
      provider: "text",
      verification_id: "text",
      user_id: "uuid null",
    });
    expect(columns("outcome_events")).toEqual({
      id: "bigint",
      event_id: "text",
      imp_uid: "text null",
      payload: "jsonb",
      created_at: tz,
      published_at: `${tz} null`,
      claimed_until: `${tz} null`,
      type: "text",
    });
    expect(columns("pii_conversion_backlog")).toEqual({
      user_id: "uuid",
      unique_key: "text",
      unique_in_site: "text null",
      name: "text null",
      phone: "text null",
    });

    const keys = await query<{ table_name: string; constraint_type: string; column_name: string }>(
      url,
      `SELECT tc.table_name, tc.constraint_type, kcu.column_name
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
       WHERE tc.table_schema = 'public' ORDER BY 1, 2, 3`,
    );
    expect(keys.map((k) => `${k.table_name}.${k.column_name} ${k.constraint_type}`)).toEqual([
      "certifications.user_id FOREIGN KEY",
      "certifications.provider PRIMARY KEY",
      "certifications.verification_id PRIMARY KEY",
      "outcome_events.id PRIMARY KEY",
      "outcome_events.event_id UNIQUE",
      "pii_conversion_backlog.user_id PRIMARY KEY",
      "users.user_id PRIMARY KEY",
      "users.ci_hash UNIQUE",
    ]);
  });
});
