import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./free-port";
import { type ServerProcess, startServer } from "./servers/server-process";
import { waitUntil } from "./wait-until";

export interface LocalRedis {
  url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and removes its directory. */
  stop(): Promise<void>;
  /** The server (a child process or a container), for tests that kill, pause or restart it. */
  readonly server: ServerProcess;
}

export interface LocalRedisOptions {
  /** Port to listen on. Default: a free port. */
  port?: number;
  /** Turn on AOF persistence (appendfsync everysec), as production runs it. Default: false. */
  appendOnly?: boolean;
  /** Data directory (kept on stop when given). Default: a fresh temporary directory, removed on stop. */
  dir?: string;
}

/** `redis://` URL of a server on 127.0.0.1, logging in with `password` when it requires one. */
export function localRedisUrl(port: number, password?: string): string {
  const login = password === undefined ? "" : `:${encodeURIComponent(password)}@`;
  return `redis://${login}127.0.0.1:${port}`;
}

/** Answers true when a Redis server replies to PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Where and how {@link startRedisServer} runs a server. */
export interface RedisServerSpec {
  /** Port on 127.0.0.1. */
  readonly port: number;
  /** Its working directory (AOF files, cluster and sentinel state). */
  readonly dir: string;
  /** Arguments after the common ones (persistence, replication, cluster mode). */
  readonly args: readonly string[];
  /** Longest wait for its first PONG, in ms. Default 15000. */
  readonly readyTimeoutMs?: number;
  /**
   * Makes the server require this password (`requirepass`) and use it towards its primary
   * (`masterauth`); the readiness PING logs in with it. Default: none.
   */
  readonly password?: string | undefined;
}

/**
 * Starts `redis-server` (installed, or in a container) on 127.0.0.1 with no RDB snapshots and
 * noeviction (the policy BullMQ requires), then `spec.args`, and waits until it answers PING.
 * A server that exits or never answers is killed and the wait's error thrown.
 */
export async function startRedisServer(spec: RedisServerSpec): Promise<ServerProcess> {
  const { port, dir } = spec;
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  args.push("--maxmemory-policy", "noeviction");
  if (spec.password !== undefined) {
    args.push("--requirepass", spec.password, "--masterauth", spec.password);
  }
  args.push(...spec.args);
  const server = await startServer({
    name: `redis-${port}`,
    command: "redis-server",
    args,
    paths: [dir],
  });
  try {
    await waitUntil(
      `redis-server on ${port} answers`,
      async () => {
        if (!server.alive()) throw new Error(`redis-server on ${port} exited`);
        return redisAnswers(localRedisUrl(port, spec.password), 200);
      },
      spec.readyTimeoutMs ?? 15_000,
    );
  } catch (error) {
    await server.kill();
    throw error;
  }
  return server;
}

/**
 * Starts a private `redis-server` (installed or in a container) and waits until it answers.
 * Used by tests and the demo when no Redis is configured or answering.
 */
export async function startLocalRedis(options: LocalRedisOptions = {}): Promise<LocalRedis> {
  const port = options.port ?? (await freePort());
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "cert-redis-")));
  const removeDir = () => (ownDir ? rm(dir, { recursive: true, force: true }) : Promise.resolve());
  let server: ServerProcess;
  try {
    server = await startRedisServer({
      port,
      dir,
      args: ["--appendonly", options.appendOnly ? "yes" : "no"],
    });
  } catch (error) {
    await removeDir();
    throw error;
  }
  return {
    url: localRedisUrl(port),
    server,
    async stop() {
      await server.stop();
      await removeDir();
    },
  };
}
