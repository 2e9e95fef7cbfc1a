import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "./migrate";

export interface ScratchDatabase {
  /** Connection string of the new database. */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
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

/**
 * Creates a throw-away database named `<prefix>_<random>` on the server at `serverUrl`,
 * migrated unless `migrated: false`. For tests and the benchmark, which each need a database of
 * their own on one server.
 */
export async function createScratchDatabase(
  serverUrl: string,
  options: { prefix?: string; migrated?: boolean } = {},
): Promise<ScratchDatabase> {
  const prefix = (options.prefix ?? "t").replace(/\W/g, "_");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  if (options.migrated !== false) await migrate(url.toString());
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
