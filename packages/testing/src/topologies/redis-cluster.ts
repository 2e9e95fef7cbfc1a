import { parseRedisTopology, type RedisTopology } from "@cert/config";
import { stopAll } from "../servers/server-process";
import { waitUntil } from "../wait-until";
import { askServer, type RedisNode, scratchDir, startRedisNode } from "./redis-node";
import type { TlsFiles } from "./tls-files";

/** A running Redis Cluster of masters with one replica each. */
export interface RedisClusterFixture {
  readonly nodes: readonly RedisNode[];
  /** `REDIS_CLUSTER_NODES` for the apps, and `REDIS_PASSWORD` and `REDIS_TLS` if set. */
  readonly env: { REDIS_CLUSTER_NODES: string; REDIS_PASSWORD?: string; REDIS_TLS?: string };
  readonly topology: RedisTopology;
  /** The node currently master of the slot `key` hashes to. */
  masterOf(key: string): Promise<RedisNode>;
  /** Resolves once every slot is served again and every node agrees the cluster is ok. */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes their files. */
  stop(): Promise<void>;
}

/** Short timeouts so a failover takes seconds: a node is failed after 1 s of silence. */
const NODE_ARGS = [
  "--cluster-enabled",
  "yes",
  "--cluster-node-timeout",
  "1000",
  // A replica takes over however long it was cut off (test data, not worth refusing over).
  "--cluster-replica-validity-factor",
  "0",
];

/** Passwords and TLS for a cluster whose nodes require them. */
export interface ClusterSecurity {
  /** `requirepass` (and `masterauth`) of every node. */
  readonly password?: string;
  /**
   * Every node also listens for TLS with these files and the cluster speaks TLS to itself
   * (`tls-cluster`, so it announces the TLS ports); the apps' variables name the TLS ports
   * (`REDIS_TLS=true`), the fixture keeps the plain ones.
   */
  readonly tls?: TlsFiles;
}

/**
 * Starts `masters * 2` cluster-enabled `redis-server`s and joins them with
 * `redis-cli --cluster create --cluster-replicas 1`. With `password`, every node requires it.
 * Every process is stopped when start-up fails, and by `stop()`.
 */
export async function startRedisCluster(
  masters = 3,
  { password, tls }: ClusterSecurity = {},
): Promise<RedisClusterFixture> {
  const ask = (node: RedisNode, command: string, ...args: string[]) =>
    askServer({ port: node.port, password }, command, ...args);
  const info = async (node: RedisNode, command: string[]) =>
    String(await ask(node, command[0] as string, ...command.slice(1)));
  const [dir, removeDir] = await scratchDir("cert-cluster-");
  const nodes: RedisNode[] = [];
  const stop = async () => {
    await stopAll(nodes);
    await removeDir();
  };
  try {
    // With TLS the cluster bus speaks it too, and the nodes announce their TLS ports.
    const tlsCluster = tls ? ["--tls-cluster", "yes"] : [];
    for (let i = 0; i < masters * 2; i++) {
      const args = [...NODE_ARGS, ...tlsCluster, "--cluster-config-file", `n${nodes.length}.conf`];
      nodes.push(await startRedisNode(dir, args, { password, tls }));
    }
    const addresses = nodes.map((n) => `${n.host}:${n.dialPort}`);
    // redis-cli from the install (or the image) the nodes run from.
    await (nodes[0] as RedisNode).run("redis-cli", [
      ...(password === undefined ? [] : ["-a", password, "--no-auth-warning"]),
      ...(tls ? ["--tls", "--cacert", tls.caFile] : []),
      "--cluster",
      "create",
      ...addresses,
      "--cluster-replicas",
      "1",
      "--cluster-yes",
    ]);
    const env = {
      REDIS_CLUSTER_NODES: addresses.join(","),
      ...(password === undefined ? {} : { REDIS_PASSWORD: password }),
      ...(tls ? { REDIS_TLS: "true" } : {}),
    };
    const fixture: RedisClusterFixture = {
      nodes,
      env,
      // As the apps read it from the same variables.
      topology: parseRedisTopology(env),
      async masterOf(key) {
        const node = nodes.find((n) => n.alive());
        if (!node) throw new Error("no live cluster node");
        const slot = Number(await ask(node, "CLUSTER", "KEYSLOT", key));
        const shards = (await ask(node, "CLUSTER", "SLOTS")) as [
          number,
          number,
          [string, number],
        ][];
        const owner = shards.find(([from, to]) => slot >= from && slot <= to)?.[2];
        // Over the fixture's plain connection a TLS cluster names plain ports; else TLS ones.
        const found = nodes.find((n) => n.port === owner?.[1] || n.dialPort === owner?.[1]);
        if (!found) throw new Error(`no master for ${key}`);
        return found;
      },
      async waitUntilHealthy(timeoutMs = 30_000) {
        await waitUntil(
          "the cluster is ok on every live node, each master with a replica",
          async () => {
            const live = nodes.filter((n) => n.alive());
            const states = await Promise.all(
              live.map((n) => info(n, ["CLUSTER", "INFO"]).catch(() => "")),
            );
            if (!states.every((s) => s.includes("cluster_state:ok"))) return false;
            const roles = await Promise.all(live.map((n) => info(n, ["INFO", "replication"])));
            const withReplica = roles.filter(
              (r) => /role:master/.test(r) && /slave\d+:[^\n]*state=online/.test(r),
            );
            return withReplica.length >= Math.min(masters, live.length - masters);
          },
          timeoutMs,
        );
      },
      stop,
    };
    await fixture.waitUntilHealthy();
    return fixture;
  } catch (error) {
    await stop();
    throw error;
  }
}
