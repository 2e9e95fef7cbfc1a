import { ConfigError } from "./errors";
import { type Env, parseEnv } from "./parse-env";
import type { HostPort } from "./parsers";
import { variables as v } from "./variables";

/** Credentials and TLS of the data nodes on Sentinel or Cluster (standalone: inside its URL). */
export interface RedisNodeAuth {
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

/**
 * Which Redis deployment the process runs on, decided once from the environment:
 * - `standalone`: one server at `url` (`REDIS_URL`, `rediss://` and `user:password@` included);
 * - `sentinel`: the primary named `masterName`, found through `sentinels`;
 * - `cluster`: a Redis Cluster reached through the seed `nodes`.
 * `replicaAckTimeoutMs` bounds the wait for a replica to hold an accepted job (0: no wait).
 */
export type RedisTopology =
  | { readonly kind: "standalone"; readonly url: string; readonly replicaAckTimeoutMs: number }
  | ({
      readonly kind: "sentinel";
      readonly sentinels: readonly HostPort[];
      readonly masterName: string;
      readonly sentinelPassword?: string;
      readonly replicaAckTimeoutMs: number;
    } & RedisNodeAuth)
  | ({
      readonly kind: "cluster";
      readonly nodes: readonly HostPort[];
      readonly replicaAckTimeoutMs: number;
    } & RedisNodeAuth);

const shape = {
  REDIS_URL: v.REDIS_URL,
  REDIS_SENTINELS: v.REDIS_SENTINELS,
  REDIS_SENTINEL_MASTER: v.REDIS_SENTINEL_MASTER,
  REDIS_SENTINEL_PASSWORD: v.REDIS_SENTINEL_PASSWORD,
  REDIS_CLUSTER_NODES: v.REDIS_CLUSTER_NODES,
  REDIS_USERNAME: v.REDIS_USERNAME,
  REDIS_PASSWORD: v.REDIS_PASSWORD,
  REDIS_TLS: v.REDIS_TLS,
  REDIS_REPLICA_ACK_TIMEOUT_MS: v.REDIS_REPLICA_ACK_TIMEOUT_MS,
};

function isSet(env: Env, name: string): boolean {
  return (env[name] ?? "").trim() !== "";
}

/** The first combination of variables that makes no sense, as `[variable, problem]`. */
function conflict(env: Env): [string, string] | undefined {
  const sentinel = isSet(env, "REDIS_SENTINELS");
  const cluster = isSet(env, "REDIS_CLUSTER_NODES");
  if (sentinel && cluster)
    return ["REDIS_CLUSTER_NODES", "cannot be combined with REDIS_SENTINELS"];
  if ((sentinel || cluster) && isSet(env, "REDIS_URL")) {
    return ["REDIS_URL", "must be unset with REDIS_SENTINELS or REDIS_CLUSTER_NODES"];
  }
  if (sentinel && !isSet(env, "REDIS_SENTINEL_MASTER")) {
    return ["REDIS_SENTINEL_MASTER", "is required with REDIS_SENTINELS"];
  }
  if (!sentinel) {
    for (const name of ["REDIS_SENTINEL_MASTER", "REDIS_SENTINEL_PASSWORD"]) {
      if (isSet(env, name)) return [name, "is only valid with REDIS_SENTINELS"];
    }
  }
  if (!sentinel && !cluster) {
    for (const name of ["REDIS_USERNAME", "REDIS_PASSWORD", "REDIS_TLS"]) {
      if (isSet(env, name)) {
        return [
          name,
          "is only valid with REDIS_SENTINELS or REDIS_CLUSTER_NODES (put it in REDIS_URL)",
        ];
      }
    }
  }
  return undefined;
}

/**
 * Parses the Redis variables into one {@link RedisTopology}.
 *
 * @throws ConfigError naming the variable when a value is malformed or the combination is not
 *   one of the three topologies (e.g. sentinels and cluster nodes together).
 */
export function parseRedisTopology(env: Env): RedisTopology {
  const e = parseEnv(shape, env);
  const problem = conflict(env);
  if (problem) throw new ConfigError([{ variable: problem[0], problem: problem[1] }]);
  const replicaAckTimeoutMs = e.REDIS_REPLICA_ACK_TIMEOUT_MS;
  const auth: RedisNodeAuth = {
    ...(e.REDIS_USERNAME === undefined ? {} : { username: e.REDIS_USERNAME }),
    ...(e.REDIS_PASSWORD === undefined ? {} : { password: e.REDIS_PASSWORD }),
    tls: e.REDIS_TLS,
  };
  if (e.REDIS_CLUSTER_NODES) {
    return { kind: "cluster", nodes: e.REDIS_CLUSTER_NODES, replicaAckTimeoutMs, ...auth };
  }
  if (e.REDIS_SENTINELS && e.REDIS_SENTINEL_MASTER) {
    return {
      kind: "sentinel",
      sentinels: e.REDIS_SENTINELS,
      masterName: e.REDIS_SENTINEL_MASTER,
      ...(e.REDIS_SENTINEL_PASSWORD === undefined
        ? {}
        : { sentinelPassword: e.REDIS_SENTINEL_PASSWORD }),
      replicaAckTimeoutMs,
      ...auth,
    };
  }
  return { kind: "standalone", url: e.REDIS_URL, replicaAckTimeoutMs };
}

/**
 * The BullMQ key prefix for `prefix` on `topology`. On a cluster every key of a queue must hash
 * to one slot (BullMQ's Lua scripts touch several), so the prefix is wrapped in a hash tag,
 * `{prefix}`, as BullMQ documents; a prefix that already holds a tag is kept. Standalone and
 * Sentinel keep the prefix as written, so existing deployments keep their key names.
 */
export function queuePrefixFor(topology: RedisTopology, prefix: string): string {
  if (topology.kind !== "cluster" || /\{[^}]+\}/.test(prefix)) return prefix;
  return `{${prefix}}`;
}
