import { scratchDir, startRedisNode } from "@cert/testing/topologies";
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
