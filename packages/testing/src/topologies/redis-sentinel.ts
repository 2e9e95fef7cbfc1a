import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseRedisTopology, type RedisTopology } from "@cert/config";
import { freePort } from "../free-port";
import { type ServerProcess, startServer, stopAll } from "../servers/server-process";
import { waitUntil } from "../wait-until";
import { askServer, type RedisNode, scratchDir, startRedisNode } from "./redis-node";
import { redisTlsSettings, type TlsFiles } from "./tls-files";

/** The master name the sentinel monitors. */
export const SENTINEL_MASTER = "certmaster";

/** How long a node must not answer before the sentinel calls it down (see startSentinelGroup). */
const DOWN_AFTER_MS = 3000;

/** A primary, its replicas and one sentinel (quorum 1) watching them. */
export interface SentinelFixture {
  readonly nodes: readonly RedisNode[];
  readonly sentinel: ServerProcess & { readonly port: number };
  /** `REDIS_SENTINELS` and `REDIS_SENTINEL_MASTER` for the apps, and the passwords and TLS if any. */
  readonly env: {
    REDIS_SENTINELS: string;
    REDIS_SENTINEL_MASTER: string;
    REDIS_PASSWORD?: string;
    REDIS_SENTINEL_PASSWORD?: string;
    REDIS_TLS?: string;
  };
  readonly topology: RedisTopology;
  /** The node the sentinel currently names primary. */
  primary(): Promise<RedisNode>;
  /** Resolves once the sentinel names a live primary that has at least `replicas` replicas. */
  waitUntilHealthy(replicas: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Passwords and TLS for a group whose servers require them. */
export interface SentinelSecurity {
  /** `requirepass` of the primary and replicas (and `masterauth`, so replicas can sync). */
  readonly password?: string;
  /** `requirepass` of the sentinel. */
  readonly sentinelPassword?: string;
  /**
   * Every server also listens for TLS with these files, and the group speaks TLS to itself;
   * the apps' variables name the TLS ports (`REDIS_TLS=true`), the fixture keeps the plain ones.
   */
  readonly tls?: TlsFiles;
}

/**
 * Starts a primary with `replicas` replicas and one sentinel (quorum 1, a node is down
 * after 3 s, a failover may take 3 s) and waits until the sentinel sees them all. One sentinel
 * keeps the CPU cost low; quorum and sentinel count do not change what the clients see.
 *
 * Down after 3 s, not Sentinel's 30 s, so a failover fits in a test; not 1 s either: on a
 * loaded 2-core machine a just-promoted primary sometimes took over a second to answer the
 * sentinel's first PING, and the sentinel failed over again (a flap), demoting a live primary
 * with what it had taken since the first failover. Surviving one primary's loss is what the
 * pipeline promises; a flap can lose writes on any Redis Sentinel deployment.
 */
export async function startSentinelGroup(
  replicas = 2,
  security: SentinelSecurity = {},
): Promise<SentinelFixture> {
  const { password, sentinelPassword, tls } = security;
  const [dir, removeDir] = await scratchDir("cert-sentinel-");
  const servers: ServerProcess[] = [];
  const stop = async () => {
    await stopAll(servers);
    await removeDir();
  };
  try {
    const startNode = async (args: string[]) => {
      const node = await startRedisNode(dir, args, { password, tls });
      servers.push(node);
      return node;
    };
    const first = await startNode([]);
    const nodes: RedisNode[] = [first];
    for (let i = 0; i < replicas; i++) {
      nodes.push(await startNode(["--replicaof", first.host, String(first.dialPort)]));
    }
    const port = await freePort();
    const sentinelTlsPort = tls ? await freePort() : undefined;
    const conf = join(dir, "sentinel.conf");
    await writeFile(
      conf,
      [
        `port ${port}`,
        "bind 127.0.0.1",
        `dir ${dir}`,
        ...(tls && sentinelTlsPort !== undefined
          ? redisTlsSettings(tls, sentinelTlsPort).map((setting) => setting.join(" "))
          : []),
        `sentinel monitor ${SENTINEL_MASTER} ${first.host} ${first.dialPort} 1`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER} ${DOWN_AFTER_MS}`,
        `sentinel failover-timeout ${SENTINEL_MASTER} 3000`,
        `sentinel parallel-syncs ${SENTINEL_MASTER} ${replicas}`,
        ...(password === undefined ? [] : [`sentinel auth-pass ${SENTINEL_MASTER} ${password}`]),
        ...(sentinelPassword === undefined ? [] : [`requirepass ${sentinelPassword}`]),
        "",
      ].join("\n"),
    );
    // `redis-server --sentinel` is what the redis-sentinel binary runs: one binary fewer to install.
    const sentinel = {
      ...(await startServer({
        name: `sentinel-${port}`,
        command: "redis-server",
        args: [conf, "--sentinel"],
        paths: [dir],
      })),
      port,
    };
    servers.push(sentinel);
    const env = {
      REDIS_SENTINELS: `127.0.0.1:${sentinelTlsPort ?? port}`,
      REDIS_SENTINEL_MASTER: SENTINEL_MASTER,
      ...(tls ? { REDIS_TLS: "true" } : {}),
      ...(password === undefined ? {} : { REDIS_PASSWORD: password }),
      ...(sentinelPassword === undefined ? {} : { REDIS_SENTINEL_PASSWORD: sentinelPassword }),
    };
    const fixture: SentinelFixture = {
      nodes,
      sentinel,
      env,
      // As the apps read it from the same variables.
      topology: parseRedisTopology(env),
      async primary() {
        const [, masterPort] = (await askServer(
          { port, password: sentinelPassword },
          "SENTINEL",
          "get-master-addr-by-name",
          SENTINEL_MASTER,
        )) as [string, string];
        const node = nodes.find((n) => n.dialPort === Number(masterPort));
        if (!node) throw new Error(`sentinel names an unknown primary on ${masterPort}`);
        return node;
      },
      async waitUntilHealthy(wanted, timeoutMs = 30_000) {
        await waitUntil(
          `the sentinel names a live primary with ${wanted} replicas`,
          async () => {
            const primary = await fixture.primary().catch(() => undefined);
            if (!primary?.alive()) return false;
            try {
              const replication = String(
                await askServer({ port: primary.port, password }, "INFO", "replication"),
              );
              // Online: past the initial sync, so WAIT can count them.
              const online = replication.match(/slave\d+:[^\n]*state=online/g)?.length ?? 0;
              return /role:master/.test(replication) && online >= wanted;
            } catch {
              return false;
            }
          },
          timeoutMs,
        );
      },
      stop,
    };
    await fixture.waitUntilHealthy(replicas);
    return fixture;
  } catch (error) {
    await stop();
    throw error;
  }
}
