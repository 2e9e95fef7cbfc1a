import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** What a dump of the database holds, and how it was made. */
export interface PostgresDump {
  /** `pg_dump`, or `row_to_json` when no pg_dump of the server's major version is on PATH. */
  readonly method: "pg_dump" | "row_to_json";
  readonly text: string;
}

/** The major version of the pg_dump on PATH, or null when there is none. */
async function pgDumpMajor(): Promise<number | null> {
  try {
    const { stdout } = await run("pg_dump", ["--version"]);
    const match = /\(PostgreSQL\) (\d+)/.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Everything the database holds, as text: `pg_dump` (schema and data) when the one on PATH
 * matches the server's major version (an older pg_dump refuses a newer server, e.g. the OS's
 * v15 against the embedded v18), else every row of every table of the public schema as JSON.
 */
export async function dumpPostgres(databaseUrl: string): Promise<PostgresDump> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: version } = await client.query<{ v: string }>(
      "SELECT current_setting('server_version_num') AS v",
    );
    const serverMajor = Math.floor(Number(version[0]?.v) / 10_000);
    if ((await pgDumpMajor()) === serverMajor) {
      const { stdout } = await run("pg_dump", ["--no-owner", databaseUrl], {
        maxBuffer: 256 * 1024 * 1024,
      });
      return { method: "pg_dump", text: stdout };
    }
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await client.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM public.${pg.escapeIdentifier(name)} t`,
      );
      parts.push(`-- ${name}`, ...rows.map((r) => r.row));
    }
    return { method: "row_to_json", text: parts.join("\n") };
  } finally {
    await client.end();
  }
}
