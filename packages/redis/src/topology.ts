import type { RedisTopology } from "@cert/config";
import { Cluster, Redis, type RedisOptions } from "ioredis";

/** One Redis server or a whole cluster: what BullMQ and every key user here accept. */
export type RedisConnection = Redis | Cluster;

/** Where to connect: a `redis://` / `rediss://` URL (standalone) or a parsed topology. */
export type RedisTarget = string | RedisTopology;

/** The behaviour a caller asks for; {@link connect} maps it onto each topology's client. */
export interface ConnectionBehaviour {
  enableOfflineQueue: boolean;
  maxRetriesPerRequest: number | null;
  connectTimeout?: number;
  commandTimeout?: number;
  maxReconnectDelayMs: number;
}

/** How long intake waits for a replica by default when the topology does not say. */
export const DEFAULT_REPLICA_ACK_TIMEOUT_MS = 1000;

/** Each connection's replica acknowledgement timeout, remembered from its topology. */
const replicaAckTimeouts = new WeakMap<RedisConnection, number>();

/** The `WAIT` timeout of `connection` (0: do not wait), from the topology it was built for. */
export function replicaAckTimeoutOf(connection: RedisConnection): number {
  return replicaAckTimeouts.get(connection) ?? DEFAULT_REPLICA_ACK_TIMEOUT_MS;
}

/** Reconnect delay: doubles from 100 ms up to `capMs`, forever (Redis outages end; processes should not). */
function cappedBackoff(capMs: number): (times: number) => number {
  return (times) => Math.min(100 * 2 ** Math.min(times - 1, 16), capMs);
}

function nodeOptions(behaviour: ConnectionBehaviour): RedisOptions {
  const { maxReconnectDelayMs, ...options } = behaviour;
  return { ...options, retryStrategy: cappedBackoff(maxReconnectDelayMs) };
}

/** Credentials and TLS of the data nodes, as ioredis options. */
function authOptions(topology: Exclude<RedisTopology, { kind: "standalone" }>): RedisOptions {
  return {
    ...(topology.username === undefined ? {} : { username: topology.username }),
    ...(topology.password === undefined ? {} : { password: topology.password }),
    ...(topology.tls ? { tls: {} } : {}),
  };
}

function build(topology: RedisTopology, behaviour: ConnectionBehaviour): RedisConnection {
  switch (topology.kind) {
    case "standalone":
      return new Redis(topology.url, nodeOptions(behaviour));
    case "sentinel":
      // ioredis asks the sentinels for the current primary on every (re)connect, and with
      // `failoverDetector` also listens for `+switch-master`, so a failover is followed at once.
      return new Redis({
        ...nodeOptions(behaviour),
        ...authOptions(topology),
        sentinels: topology.sentinels.map(({ host, port }) => ({ host, port })),
        name: topology.masterName,
        ...(topology.sentinelPassword === undefined
          ? {}
          : { sentinelPassword: topology.sentinelPassword }),
        // TLS towards the data nodes, and (sentinelTLS) towards the sentinels themselves.
        enableTLSForSentinelMode: topology.tls,
        ...(topology.tls ? { sentinelTLS: {} } : {}),
        sentinelRetryStrategy: cappedBackoff(behaviour.maxReconnectDelayMs),
        failoverDetector: true,
      });
    case "cluster":
      return new Cluster(
        topology.nodes.map(({ host, port }) => ({ host, port })),
        {
          enableOfflineQueue: behaviour.enableOfflineQueue,
          clusterRetryStrategy: cappedBackoff(behaviour.maxReconnectDelayMs),
          // A dead primary answers nothing until the cluster promotes its replica (about
          // cluster-node-timeout); commands retry on the refreshed slot map meanwhile.
          retryDelayOnFailover: 200,
          retryDelayOnClusterDown: 200,
          redisOptions: { ...nodeOptions(behaviour), ...authOptions(topology) },
        },
      );
  }
}

/** A client for `target` with `behaviour`, remembering the target's replica ack timeout. */
export function connect(target: RedisTarget, behaviour: ConnectionBehaviour): RedisConnection {
  const topology: RedisTopology =
    typeof target === "string"
      ? { kind: "standalone", url: target, replicaAckTimeoutMs: DEFAULT_REPLICA_ACK_TIMEOUT_MS }
      : target;
  const connection = build(topology, behaviour);
  replicaAckTimeouts.set(connection, topology.replicaAckTimeoutMs);
  return connection;
}
