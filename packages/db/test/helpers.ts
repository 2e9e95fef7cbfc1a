/**
 * Per-file databases for these tests, made by this package's own `createScratchDatabase` on the
 * server the @cert/testing global setup provides (read here through vitest's `inject`, since
 * @cert/testing itself depends on this package).
 */
import type pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createPool, createScratchDatabase, type ScratchDatabase } from "../src";

declare module "vitest" {
  export interface ProvidedContext {
    services: { databaseUrl: string; redisUrl: string };
  }
}

export type TestDatabase = ScratchDatabase;

/** Creates a database on the test server, migrated unless `migrated: false`. */
export function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const services = inject("services");
  if (!services) throw new Error("@cert/testing global setup did not run (see vitest.config.ts)");
  return createScratchDatabase(services.databaseUrl, { prefix: "db", ...options });
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
