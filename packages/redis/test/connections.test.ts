import { type Env, parseRedisTopology, type RedisTopology } from "@cert/config";
import {
  scratchDir,
  startRedisCluster,
  startRedisNode,
  startSentinelGroup,
} from "@cert/testing/topologies";
import { afterAll, describe, expect, it } from "vitest";
import {
  createBlockingConnection,
  createFailFastConnection,
  quitOrDisconnect,
  type RedisConnection,
  waitUntilReady,
} from "../src/index";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** Opens a connection of each kind (fail-fast, blocking), waits until it is ready, runs `check`. */
async function withEachConnectionKind(
  topology: RedisTopology,
  check: (connection: RedisConnection) => Promise<void>,
): Promise<void> {
  for (const create of [createFailFastConnection, createBlockingConnection]) {
    const connection = create(topology);
    try {
      await waitUntilReady(connection);
      await check(connection);
    } finally {
      await quitOrDisconnect(connection);
    }
  }
}

/** A connection built from `env` with a wrong REDIS_PASSWORD never gets ready. */
async function expectWrongPasswordRefused(env: Env): Promise<void> {
  const wrong = createFailFastConnection(
    parseRedisTopology({ ...env, REDIS_PASSWORD: "not-the-password" }),
  );
  wrong.on("error", () => {});
  try {
    await expect(waitUntilReady(wrong, 2000)).rejects.toThrow();
  } finally {
    await quitOrDisconnect(wrong);
  }
}

describe("connections from a standalone topology", () => {
  it("log in with the ACL user and password written in REDIS_URL", async () => {
    const [dir, remove] = await scratchDir("cert-acl-");
    const node = await startRedisNode(dir, ["--user", "app", "on", ">s3cret", "~*", "&*", "+@all"]);
    cleanups.push(async () => {
      await node.stop();
      await remove();
    });
    const url = `redis://app:s3cret@127.0.0.1:${node.port}`;
    await withEachConnectionKind({ kind: "standalone", url, replicaAckTimeoutMs: 0 }, async (c) => {
      expect(await c.call("ACL", "WHOAMI")).toBe("app");
    });
  });
});

describe("connections from a sentinel topology", () => {
  it("log in to the sentinel with REDIS_SENTINEL_PASSWORD and to the primary with REDIS_PASSWORD", async () => {
    const group = await startSentinelGroup(1, {
      password: "node-s3cret",
      sentinelPassword: "sentinel-s3cret",
    });
    cleanups.push(() => group.stop());
    await withEachConnectionKind(parseRedisTopology(group.env), async (c) => {
      const [role] = (await c.call("ROLE")) as [string];
      expect(role).toBe("master");
      await c.set("cert-auth-check", "ok");
      expect(await c.get("cert-auth-check")).toBe("ok");
    });
    // The sentinel still answers; the primary refuses the wrong password.
    await expectWrongPasswordRefused(group.env);
  });
});

describe("connections from a cluster topology", () => {
  it("log in to every node with REDIS_PASSWORD", async () => {
    const cluster = await startRedisCluster(3, { password: "node-s3cret" });
    cleanups.push(() => cluster.stop());
    await withEachConnectionKind(parseRedisTopology(cluster.env), async (c) => {
      // Keys on the slots of all three masters, so every master is logged in to.
      for (const key of ["cert-auth-a", "cert-auth-b", "cert-auth-c", "cert-auth-d"]) {
        await c.set(key, key);
        expect(await c.get(key)).toBe(key);
      }
    });
    await expectWrongPasswordRefused(cluster.env);
  });
});
