import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "../free-port";
import { type ServerProcess, startServer } from "../servers/server-process";
import { waitUntil } from "../wait-until";
import { scratchDir } from "./redis-node";

/** PgBouncer in transaction pooling mode in front of a Postgres server. */
export interface PgBouncerFixture {
  readonly process: ServerProcess;
  /** `url` with its host and port replaced by PgBouncer's (same database and user). */
  urlFor(postgresUrl: string): string;
  stop(): Promise<void>;
}

/**
 * Starts `pgbouncer` with `pool_mode = transaction` in front of the Postgres of `postgresUrl`
 * (every database, logged in as that URL's user, `auth_type = any`), with a small server pool
 * so consecutive transactions of one client really land on different server connections.
 */
export async function startPgBouncer(postgresUrl: string): Promise<PgBouncerFixture> {
  const target = new URL(postgresUrl);
  const [dir, removeDir] = await scratchDir("cert-pgbouncer-");
  // Writable by the unprivileged user PgBouncer switches to when started as root (log, pidfile).
  await chmod(dir, 0o777);
  const port = await freePort();
  const ini = join(dir, "pgbouncer.ini");
  const password = target.password ? ` password=${decodeURIComponent(target.password)}` : "";
  await writeFile(
    ini,
    [
      "[databases]",
      `* = host=${target.hostname} port=${target.port || 5432} user=${decodeURIComponent(target.username || "postgres")}${password}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = any",
      "pool_mode = transaction",
      "max_client_conn = 500",
      "default_pool_size = 4",
      // pg sends none of these by default; listed so a pool option never breaks the login.
      "ignore_startup_parameters = extra_float_digits,statement_timeout",
      `logfile = ${join(dir, "pgbouncer.log")}`,
      `pidfile = ${join(dir, "pgbouncer.pid")}`,
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root; it then needs a user to switch to.
  const asUser = process.getuid?.() === 0 ? ["-u", "nobody"] : [];
  const server = await startServer({
    name: `pgbouncer-${port}`,
    command: "pgbouncer",
    args: [...asUser, ini],
    paths: [dir],
  });
  const urlFor = (url: string) => {
    const through = new URL(url);
    through.hostname = "127.0.0.1";
    through.port = String(port);
    return through.toString();
  };
  const stop = async () => {
    await server.stop();
    await removeDir();
  };
  try {
    await waitUntil(
      "pgbouncer answers",
      async () => {
        if (!server.alive())
          throw new Error("pgbouncer exited (see its log with SHOW_SERVER_OUTPUT)");
        const client = new pg.Client({ connectionString: urlFor(postgresUrl) });
        client.on("error", () => {});
        try {
          await client.connect();
          await client.query("SELECT 1");
          return true;
        } catch {
          return false;
        } finally {
          await client.end().catch(() => {});
        }
      },
      15_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: server, urlFor, stop };
}
