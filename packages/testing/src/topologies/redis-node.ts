import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "../free-port";
import { localRedisUrl, startRedisServer } from "../local-redis";
import type { ServerProcess } from "../servers/server-process";
import { redisTlsArgs, type TlsFiles } from "./tls-files";

/** One redis-server of a topology: its address and its process (or container). */
export interface RedisNode extends ServerProcess {
  readonly host: string;
  /** The plain port, which the fixtures use (`askServer`, `url`). */
  readonly port: number;
  /** The port its peers and the apps dial: the TLS one when the node speaks TLS, else `port`. */
  readonly dialPort: number;
  readonly url: string;
}

/** What a node requires of its clients. */
export interface RedisNodeSecurity {
  /** `requirepass` (and `masterauth`, towards its primary). */
  readonly password?: string | undefined;
  /**
   * Also listen for TLS with these files (see `redisTlsSettings`) on a port of its own, which it
   * announces to its primary as a replica; the plain port stays open for the fixtures.
   */
  readonly tls?: TlsFiles | undefined;
}

/** A temporary directory for a topology's files, removed by the returned function. */
export async function scratchDir(prefix: string): Promise<[string, () => Promise<void>]> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return [dir, () => rm(dir, { recursive: true, force: true })];
}

/**
 * Starts `redis-server` on a free port in `dir` with `extraArgs`, no persistence (a killed node
 * comes back empty, like a lost host), and waits until it answers PING. With `security`, the
 * node requires a password, and speaks TLS too.
 */
export async function startRedisNode(
  dir: string,
  extraArgs: readonly string[],
  { password, tls }: RedisNodeSecurity = {},
): Promise<RedisNode> {
  const port = await freePort();
  const tlsPort = tls ? await freePort() : undefined;
  const tlsArgs =
    tls && tlsPort !== undefined
      ? // A replica's INFO on its primary names the port it announces: the one to dial.
        [...redisTlsArgs(tls, tlsPort), "--replica-announce-port", String(tlsPort)]
      : [];
  const server = await startRedisServer({
    port,
    dir,
    // Replicas sync at once instead of after the default 5 s batching delay.
    args: ["--appendonly", "no", "--repl-diskless-sync-delay", "0", ...tlsArgs, ...extraArgs],
    readyTimeoutMs: 10_000,
    password,
  });
  const url = localRedisUrl(port, password);
  return { ...server, host: "127.0.0.1", port, dialPort: tlsPort ?? port, url };
}

/**
 * Sends one command to the server on `port` over a short-lived connection; `{ port, password }`
 * for a server that requires a password.
 */
export async function askServer(
  server: number | { readonly port: number; readonly password?: string | undefined },
  command: string,
  ...args: string[]
): Promise<unknown> {
  const { port, password } = typeof server === "number" ? { port: server } : server;
  const client = new Redis(port, "127.0.0.1", {
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    ...(password === undefined ? {} : { password }),
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return await client.call(command, ...args);
  } finally {
    client.disconnect();
  }
}
