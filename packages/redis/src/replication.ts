import calculateSlot from "cluster-key-slot";
import { Cluster, type Redis } from "ioredis";
import { classifyRedisError, NotReplicatedError, RedisUnavailableError } from "./errors";
import { type RedisConnection, replicaAckTimeoutOf } from "./topology";

/** How long a primary's replica count is trusted before `INFO replication` is asked again. */
const REPLICA_COUNT_TTL_MS = 5000;

/**
 * How long a primary confirms nothing after it lost a replica, in ms. A replica that leaves
 * may have died, or been promoted over this primary by a Sentinel failover (a flap: the
 * primary answered late, but lives): Sentinel then demotes this primary, and whatever it took
 * meanwhile without the promoted replica is lost. The clients follow the failover within a
 * second or two (`+switch-master`), so a few seconds cover it; a replica that simply died costs
 * intake this long of 503s, after which the primary counts the replicas it still has.
 */
const REPLICA_LOSS_DISTRUST_MS = 5000;

interface NodeState {
  /** The primary's replica count, and when it was read. */
  replicas?: Promise<number>;
  replicasReadAt: number;
  /** The last count read, once that read settled: lets a fresh 0 return without an await. */
  settledReplicas?: number;
  /** The last count read on this connection, kept across reads to see replicas leave. */
  lastCount?: number;
  /** Until then (epoch ms) nothing is confirmed: a replica left (see REPLICA_LOSS_DISTRUST_MS). */
  distrustUntil: number;
  /** The WAIT on the wire, and the one queued behind it (which covers every later write). */
  inFlight?: Promise<number>;
  next?: Promise<number>;
  /**
   * Connections to this node closed so far. A command cut by a disconnect is sent again on the
   * new connection (fail-fast connections retry once), and a WAIT sent there covers none of the
   * old connection's writes, possibly not even the same server (after a failover).
   */
  closes: number;
}

const nodes = new WeakMap<Redis, NodeState>();

function stateOf(node: Redis): NodeState {
  let state = nodes.get(node);
  if (!state) {
    const created: NodeState = { replicasReadAt: 0, closes: 0, distrustUntil: 0 };
    node.on("close", () => {
      created.closes += 1;
      // The next connection may reach another server (a promoted replica): count its replicas.
      created.replicas = undefined;
      created.settledReplicas = undefined;
      created.replicasReadAt = 0;
      created.lastCount = undefined;
      created.distrustUntil = 0;
    });
    nodes.set(node, created);
    state = created;
  }
  return state;
}

/** Replicas connected to `node` (`connected_slaves` of `INFO replication`), cached a few seconds. */
function replicaCount(node: Redis, fresh = false): Promise<number> {
  const state = stateOf(node);
  const now = Date.now();
  if (!fresh && state.replicas && now - state.replicasReadAt < REPLICA_COUNT_TTL_MS) {
    return state.replicas;
  }
  state.replicasReadAt = now;
  state.settledReplicas = undefined;
  const reading = node.info("replication").then((info) => {
    const match = /^connected_slaves:(\d+)/m.exec(info);
    const count = match ? Number(match[1]) : 0;
    if (state.replicas === reading) {
      state.settledReplicas = count;
      if (state.lastCount !== undefined && count < state.lastCount) {
        state.distrustUntil = Date.now() + REPLICA_LOSS_DISTRUST_MS;
      }
      state.lastCount = count;
    }
    return count;
  });
  // A failed read must not be cached: the next call asks again.
  reading.catch(() => {
    if (state.replicas === reading) state.replicasReadAt = 0;
  });
  state.replicas = reading;
  return reading;
}

/**
 * `WAIT replicas timeoutMs` on `node`, shared: WAIT covers every write the connection sent
 * before it, so callers arriving while one WAIT is on the wire all join the single next one
 * (group commit), and the connection carries at most two WAITs however many requests are in
 * flight. Resolves with the number of replicas that acknowledged.
 */
function sharedWait(node: Redis, replicas: number, timeoutMs: number): Promise<number> {
  const state = stateOf(node);
  const send = (): Promise<number> => {
    const waiting = node.call("WAIT", String(replicas), String(timeoutMs)).then(Number);
    state.inFlight = waiting;
    const clear = () => {
      if (state.inFlight === waiting) state.inFlight = undefined;
    };
    waiting.then(clear, clear);
    return waiting;
  };
  if (!state.inFlight) return send();
  if (!state.next) {
    const next = state.inFlight.then(
      () => undefined,
      () => undefined,
    );
    state.next = next.then(() => {
      state.next = undefined;
      return send();
    });
  }
  return state.next;
}

/** The primary that owns `key`: the connection itself, or on a cluster the master of its slot. */
function primaryFor(connection: RedisConnection, key: string): Redis {
  if (!(connection instanceof Cluster)) return connection;
  const owner = connection.slots[calculateSlot(key)]?.[0];
  const node = connection
    .nodes("master")
    .find(({ options }) => `${options.host}:${options.port}` === owner);
  // No known owner: the slot map is being rebuilt during a failover.
  if (!node) throw new RedisUnavailableError();
  return node;
}

/**
 * Resolves once the writes this connection made to `key` are held by the replicas of the
 * primary that took them, when that primary has replicas; without replicas (or with a replica
 * acknowledgement timeout of 0) it returns at once, at no cost.
 *
 * Every connected replica must acknowledge, not just one: on failover Sentinel promotes the
 * replica its last (possibly seconds old) `INFO` showed furthest ahead, which need not be the one
 * that acknowledged; a write held by every replica survives whichever is promoted.
 *
 * A replica that leaves is never an acknowledgement. It may have died, or been promoted over
 * this primary (a Sentinel flap), which Sentinel then demotes, losing what it took without the
 * new primary. So a write whose replicas did not all acknowledge is refused, and once a count
 * shows fewer replicas than the one before, the primary confirms nothing for
 * `REPLICA_LOSS_DISTRUST_MS`; after that it counts the replicas it still has (none: it
 * confirms at once, as a primary without replicas does). A silent replica stops counting after
 * the primary's `repl-timeout`.
 *
 * Call it after the write was answered, on the connection that sent it. A primary that dies
 * after acknowledging a write but before replicating it would otherwise lose the write on
 * failover. When the replicas do not acknowledge within the connection's timeout
 * (`REDIS_REPLICA_ACK_TIMEOUT_MS`), the write may be lost: the caller must not confirm it.
 *
 * @throws NotReplicatedError when replicas exist (or just left) and did not all acknowledge in
 *   time (retryable).
 * @throws RedisUnavailableError when the primary does not answer.
 */
export async function confirmReplicated(connection: RedisConnection, key: string): Promise<void> {
  const timeoutMs = replicaAckTimeoutOf(connection);
  if (timeoutMs === 0) return;
  try {
    const node = primaryFor(connection, key);
    // The common case (no replicas, count read recently) answers without awaiting anything:
    // this runs on every intake request.
    const state = stateOf(node);
    const now = Date.now();
    if (
      state.settledReplicas === 0 &&
      now - state.replicasReadAt < REPLICA_COUNT_TTL_MS &&
      now >= state.distrustUntil
    ) {
      return;
    }
    // The writes went out on the connection as it is now; a WAIT answered on a later one
    // confirms nothing about them.
    const closes = state.closes;
    const replicas = await replicaCount(node);
    if (state.closes !== closes) throw new NotReplicatedError();
    if (Date.now() < state.distrustUntil) throw new NotReplicatedError();
    if (replicas === 0) return;
    const acknowledged = await sharedWait(node, replicas, timeoutMs);
    if (state.closes !== closes) throw new NotReplicatedError();
    if (acknowledged >= replicas) return;
    // Read the count again, so the next writes wait for the replicas still there (and a
    // replica that left marks this primary distrusted).
    await replicaCount(node, true);
  } catch (error) {
    throw classifyRedisError(error);
  }
  throw new NotReplicatedError();
}

/**
 * PINGs the primary that owns `key` (on a cluster, the master of its slot; elsewhere the
 * connection's server), so readiness reflects the node the writes to `key` need.
 *
 * @throws RedisUnavailableError when it does not answer.
 */
export async function pingPrimaryOf(connection: RedisConnection, key: string): Promise<string> {
  try {
    return await primaryFor(connection, key).ping();
  } catch (error) {
    throw classifyRedisError(error);
  }
}
