import { createScratchDatabase, type ScratchDatabase } from "@cert/db";
import { afterAll, beforeAll } from "vitest";
import { getTestServices } from "./services";

export type TestDatabase = ScratchDatabase;

/** Creates a fresh database on the test server, migrated unless `migrated: false`. */
export function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  return createScratchDatabase(getTestServices().databaseUrl, options);
}

/**
 * Registers beforeAll/afterAll hooks giving the current test file its own migrated database.
 * Read `.url` inside tests or hooks (it is set once beforeAll has run).
 */
export function useTestDatabase(options: { migrated?: boolean } = {}): { readonly url: string } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(options);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    get url() {
      if (!db)
        throw new Error("useTestDatabase(): the database exists only once beforeAll has run");
      return db.url;
    },
  };
}
