import { parseRedisTopology } from "@cert/config";
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
  waitUntilReady,
} from "../src/index";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe("connections from a standalone topology", () => {
  it("log in with the ACL user and password written in REDIS_URL", async () => {
    const [dir, remove] = await scratchDir("cert-acl-");
    const node = await startRedisNode(dir, ["--user", "app", "on", ">s3cret", "~*", "&*", "+@all"]);
    cleanups.push(async () => {
      await node.stop();
      await remove();
    });
    const url = `redis://app:s3cret@127.0.0.1:${node.port}`;
    for (const create of [createFailFastConnection, createBlockingConnection]) {
      const connection = create({ kind: "standalone", url, replicaAckTimeoutMs: 0 });
      try {
        await waitUntilReady(connection);
        expect(await connection.call("ACL", "WHOAMI")).toBe("app");
      } finally {
        await quitOrDisconnect(connection);
      }
    }
  });
});

describe("connections from a sentinel topology", () => {
  it("log in to the sentinel with REDIS_SENTINEL_PASSWORD and to the primary with REDIS_PASSWORD", async () => {
    const group = await startSentinelGroup(1, {
      password: "node-s3cret",
      sentinelPassword: "sentinel-s3cret",
    });
    cleanups.push(() => group.stop());
    const topology = parseRedisTopology(group.env);
    for (const create of [createFailFastConnection, createBlockingConnection]) {
      const connection = create(topology);
      try {
        await waitUntilReady(connection);
        const [role] = (await connection.call("ROLE")) as [string];
        expect(role).toBe("master");
        await connection.set("cert-auth-check", "ok");
        expect(await connection.get("cert-auth-check")).toBe("ok");
      } finally {
        await quitOrDisconnect(connection);
      }
    }

    // A wrong primary password never gets a ready connection (the sentinel still answers).
    const wrong = createFailFastConnection(
      parseRedisTopology({ ...group.env, REDIS_PASSWORD: "not-the-password" }),
    );
    wrong.on("error", () => {});
    try {
      await expect(waitUntilReady(wrong, 2000)).rejects.toThrow();
    } finally {
      await quitOrDisconnect(wrong);
    }
  });
});

describe("connections from a cluster topology", () => {
  it("log in to every node with REDIS_PASSWORD", async () => {
    const cluster = await startRedisCluster(3, { password: "node-s3cret" });
    cleanups.push(() => cluster.stop());
    const topology = parseRedisTopology(cluster.env);
    for (const create of [createFailFastConnection, createBlockingConnection]) {
      const connection = create(topology);
      try {
        await waitUntilReady(connection);
        // Keys on the slots of all three masters, so every master is logged in to.
        for (const key of ["cert-auth-a", "cert-auth-b", "cert-auth-c", "cert-auth-d"]) {
          await connection.set(key, key);
          expect(await connection.get(key)).toBe(key);
        }
      } finally {
        await quitOrDisconnect(connection);
      }
    }

    const wrong = createFailFastConnection(
      parseRedisTopology({ ...cluster.env, REDIS_PASSWORD: "not-the-password" }),
    );
    wrong.on("error", () => {});
    try {
      await expect(waitUntilReady(wrong, 2000)).rejects.toThrow();
    } finally {
      await quitOrDisconnect(wrong);
    }
  });
});
