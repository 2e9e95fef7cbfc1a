import { randomBytes } from "node:crypto";
import { migrate } from "@cert/db";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { getTestServices } from "./services";

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates a fresh database on the test server, migrated unless `migrated: false`. */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const { databaseUrl } = getTestServices();
  const name = `t_${randomBytes(6).toString("hex")}`;
  await adminQuery(databaseUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(databaseUrl, name);
  if (options.migrated !== false) await migrate(url);
  return {
    url,
    drop: () => adminQuery(databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
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
