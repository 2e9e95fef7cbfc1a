import { queuePrefixFor, type RedisTopology } from "@cert/config";
import {
  createTestDatabase,
  freePort,
  type SpawnedApp,
  spawnApp,
  type TestDatabase,
  uniquePrefix,
} from "@cert/testing";
import {
  askServer,
  makeTlsFiles,
  type RedisClusterFixture,
  type RedisNode,
  type SentinelFixture,
  scratchDir,
  startRedisCluster,
  startRedisNode,
  startSentinelGroup,
} from "@cert/testing/topologies";
import { afterAll, beforeAll, expect, it } from "vitest";

// TLS end to end: the API reaches a Redis that speaks TLS on the port it is given (`rediss://`,
// or a Sentinel group or a Cluster with REDIS_TLS), trusting the servers' private CA only through Node's
// standard NODE_EXTRA_CA_CERTS.
let database: TestDatabase;
let redis: RedisNode;
let sentinel: SentinelFixture;
let cluster: RedisClusterFixture;
let caFile: string;
let removeDir: () => Promise<void>;
const apps: SpawnedApp[] = [];

beforeAll(async () => {
  let dir: string;
  [dir, removeDir] = await scratchDir("cert-tls-");
  const files = await makeTlsFiles(dir);
  caFile = files.caFile;
  [database, redis, sentinel, cluster] = await Promise.all([
    createTestDatabase(),
    startRedisNode(dir, [], { tls: files }),
    startSentinelGroup(1, { tls: files }),
    startRedisCluster(3, { tls: files }),
  ]);
});

afterAll(async () => {
  await Promise.allSettled(apps.map((app) => app.stop()));
  await Promise.allSettled([redis?.stop(), sentinel?.stop(), cluster?.stop(), database?.drop()]);
  await removeDir?.();
});

async function startApi(extraEnv: Record<string, string | undefined>) {
  const port = await freePort();
  const queuePrefix = uniquePrefix("tls");
  const app = await spawnApp("api", {
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: `rediss://127.0.0.1:${redis.dialPort}`,
      PORT: String(port),
      QUEUE_PREFIX: queuePrefix,
      ...extraEnv,
    },
  });
  apps.push(app);
  return { origin: `http://127.0.0.1:${port}`, queuePrefix };
}

const post = (origin: string, impUid: string) =>
  fetch(`${origin}/certifications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_uid: impUid }),
  });

/**
 * Starts an API trusting the test CA (on `deployment`, else on the `rediss://` server), checks it
 * is ready and queues `impUid`, and returns the job's key under the apps' BullMQ prefix.
 */
async function queueOver(
  impUid: string,
  deployment?: { readonly env: Record<string, string>; readonly topology: RedisTopology },
) {
  const redisEnv = deployment ? { ...deployment.env, REDIS_URL: undefined } : {};
  const { origin, queuePrefix } = await startApi({ ...redisEnv, NODE_EXTRA_CA_CERTS: caFile });
  expect((await fetch(`${origin}/readyz`)).status).toBe(200);
  expect((await post(origin, impUid)).status).toBe(202);
  const prefix = deployment ? queuePrefixFor(deployment.topology, queuePrefix) : queuePrefix;
  return `${prefix}:certifications:${impUid}`;
}

it("queues over rediss:// when the server's CA is trusted (NODE_EXTRA_CA_CERTS)", async () => {
  const job = await queueOver("imp_610000000001");
  // Read back over the server's plain port: the job went through the TLS listener.
  expect(await askServer(redis.port, "HEXISTS", job, "name")).toBe(1);
});

it("refuses a server whose certificate it cannot verify: not ready, and intake answers 503", async () => {
  const { origin } = await startApi({});
  expect((await fetch(`${origin}/readyz`)).status).toBe(503);
  const refused = await post(origin, "imp_610000000002");
  expect(refused.status).toBe(503);
  expect(refused.headers.get("retry-after")).not.toBeNull();
});

it("queues through a Sentinel group over TLS (REDIS_TLS), sentinels included", async () => {
  const job = await queueOver("imp_610000000003", sentinel);
  const primary = await sentinel.primary();
  expect(await askServer(primary.port, "HEXISTS", job, "name")).toBe(1);
});

it("queues on a Redis Cluster over TLS (REDIS_TLS), on the nodes the cluster names", async () => {
  const job = await queueOver("imp_610000000004", cluster);
  const master = await cluster.masterOf(job);
  expect(await askServer(master.port, "HEXISTS", job, "name")).toBe(1);
});
