/**
 * Per-file databases for these tests. Same shape as `createTestDatabase()` in @cert/testing,
 * which is not imported because @cert/testing depends on @cert/db (a workspace cycle turbo
 * rejects). The server comes from the same place: the @cert/testing global setup's provided
 * `services` (CONTRACT §6), else TEST_DATABASE_URL, else the local trust-auth server.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createPool, migrate } from "../src";

declare module "vitest" {
  export interface ProvidedContext {
    services: { databaseUrl: string; redisUrl: string };
  }
}

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** Server-level URL (its database is only used to create and drop per-file databases). */
const serverUrl =
  inject("services")?.databaseUrl ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `db_<random>` on the test server, migrated unless `migrated: false`. */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const name = `db_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
  if (options.migrated !== false) await migrate(db.url);
  return db;
}

/**
 * A migrated database and a pool on it for the whole test file: created before the first test,
 * closed and dropped after the last. Read `pool()` inside tests and hooks.
 */
export function usePooledTestDatabase(): { pool: () => pg.Pool } {
  let db: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });
  return {
    pool: () => {
      if (!pool) throw new Error("the test database is not ready yet (use it inside tests)");
      return pool;
    },
  };
}
