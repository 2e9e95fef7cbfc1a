import { askServer, type RedisNode, scratchDir, startRedisNode } from "@cert/testing/topologies";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  confirmReplicated,
  createFailFastConnection,
  NotReplicatedError,
  quitOrDisconnect,
  waitUntilReady,
} from "../src/index";

let cleanup: () => Promise<void>;
let primary: RedisNode;
let replica: RedisNode;
let lonely: RedisNode;
let dir: string;

beforeAll(async () => {
  const [scratch, remove] = await scratchDir("cert-wait-");
  dir = scratch;
  primary = await startRedisNode(dir, []);
  replica = await startRedisNode(dir, ["--replicaof", primary.host, String(primary.port)]);
  lonely = await startRedisNode(dir, []);
  cleanup = async () => {
    await Promise.allSettled([primary.stop(), replica.stop(), lonely.stop()]);
    await remove();
  };
  await waitForReplicas(primary, 1);
});

/** Polls `node` until it reports `count` replicas online (past their initial sync). */
async function waitForReplicas(node: RedisNode, count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const info = String(await askServer(node.port, "INFO", "replication"));
    if ((info.match(/slave\d+:[^\n]*state=online/g)?.length ?? 0) === count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${node.port} never reported ${count} replicas online`);
}

/** Resolves with "confirmed" or the error `confirmReplicated` threw. */
function outcomeOf(confirming: Promise<void>): Promise<unknown> {
  return confirming.then(
    () => "confirmed",
    (error: unknown) => error,
  );
}

afterAll(() => cleanup?.());

async function connected(url: string, replicaAckTimeoutMs: number) {
  const connection = createFailFastConnection({ kind: "standalone", url, replicaAckTimeoutMs });
  await waitUntilReady(connection);
  return connection;
}

describe("confirmReplicated", () => {
  it("returns at once on a primary without replicas (no WAIT, no cost)", async () => {
    const connection = await connected(lonely.url, 5000);
    try {
      await connection.set("k", "v");
      const started = Date.now();
      await confirmReplicated(connection, "k");
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      await quitOrDisconnect(connection);
    }
  });

  it("resolves once the replica holds the writes, for many callers at once", async () => {
    const connection = await connected(primary.url, 2000);
    const onReplica = createFailFastConnection(replica.url);
    try {
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          await connection.set(`key-${i}`, String(i));
          await confirmReplicated(connection, `key-${i}`);
        }),
      );
      await waitUntilReady(onReplica);
      expect(await onReplica.get("key-49")).toBe("49");
    } finally {
      await Promise.all([quitOrDisconnect(connection), quitOrDisconnect(onReplica)]);
    }
  });

  it("refuses with NotReplicatedError after the timeout while the replica is stalled", async () => {
    const connection = await connected(primary.url, 300);
    await replica.pause();
    try {
      await connection.set("stalled", "1");
      const started = Date.now();
      const error = await confirmReplicated(connection, "stalled").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotReplicatedError);
      expect((error as NotReplicatedError).retryable).toBe(true);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await replica.resume();
      await quitOrDisconnect(connection);
    }
  });

  it("never waits when the topology sets the timeout to 0", async () => {
    const connection = await connected(primary.url, 0);
    await replica.pause();
    try {
      await connection.set("unwaited", "1");
      await expect(confirmReplicated(connection, "unwaited")).resolves.toBeUndefined();
    } finally {
      await replica.resume();
      await quitOrDisconnect(connection);
    }
  });

  it("never confirms writes when the connection was cut while its WAIT was out", async () => {
    // A WAIT cut by a disconnect is sent again on the new connection, which has written
    // nothing. Here that is the same server, and once the replica resumes the retried WAIT
    // answers 1; after a failover it would be the promoted replica answering for writes it
    // never saw. Either way it must not count as confirmation.
    const connection = await connected(primary.url, 5000);
    const admin = createFailFastConnection(primary.url);
    await waitUntilReady(admin);
    const id = String(await connection.client("ID"));
    await replica.pause();
    try {
      await connection.set("cut", "1");
      const confirming = confirmReplicated(connection, "cut").then(
        () => "confirmed",
        (error: unknown) => error,
      );
      // The replica is stalled, so the WAIT blocks on the primary until the cut.
      for (let i = 0; i < 200; i++) {
        const clients = String(await admin.call("CLIENT", "LIST", "ID", id));
        if (/cmd=wait/.test(clients)) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const reconnected = new Promise((resolve) => connection.once("ready", resolve));
      await admin.call("CLIENT", "KILL", "ID", id);
      await reconnected;
      await replica.resume();
      const outcome = await confirming;
      expect(outcome).toBeInstanceOf(NotReplicatedError);
    } finally {
      await replica.resume();
      await Promise.all([quitOrDisconnect(connection), quitOrDisconnect(admin)]);
    }
  });

  it("confirms nothing on a primary whose replica was promoted over it, until it has settled", async () => {
    // A Sentinel flap: the primary answered late, Sentinel promoted its replica, and the old
    // primary takes writes until Sentinel demotes it and the clients follow. Those writes never
    // reach the new primary, so none may be confirmed.
    const deposed = await startRedisNode(dir, []);
    const promoted = await startRedisNode(dir, ["--replicaof", "127.0.0.1", String(deposed.port)]);
    const connection = await connected(deposed.url, 300);
    try {
      await waitForReplicas(deposed, 1);
      await connection.set("before", "1");
      await confirmReplicated(connection, "before");
      await askServer(promoted.port, "REPLICAOF", "NO", "ONE");
      await waitForReplicas(deposed, 0);
      await connection.set("during", "1");
      expect(await outcomeOf(confirmReplicated(connection, "during"))).toBeInstanceOf(
        NotReplicatedError,
      );
      // The primary now counts no replica, yet it is not one that never had any.
      await connection.set("after", "1");
      expect(await outcomeOf(confirmReplicated(connection, "after"))).toBeInstanceOf(
        NotReplicatedError,
      );
      expect(await askServer(promoted.port, "EXISTS", "before", "during", "after")).toBe(1);
      // A primary left without replicas for good confirms again by itself, a few seconds on.
      let outcome: unknown;
      for (let i = 0; i < 40 && outcome !== "confirmed"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await connection.set("later", "1");
        outcome = await outcomeOf(confirmReplicated(connection, "later"));
      }
      expect(outcome).toBe("confirmed");
    } finally {
      await quitOrDisconnect(connection);
      await Promise.allSettled([deposed.stop(), promoted.stop()]);
    }
  });
});
