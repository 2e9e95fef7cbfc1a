// Distributed engines started from their binaries, for the topology tests.
export { type PgBouncerFixture, startPgBouncer } from "./pgbouncer";
export { type RedisClusterFixture, startRedisCluster } from "./redis-cluster";
export { type RedisNode, scratchDir, startRedisNode } from "./redis-node";
export { SENTINEL_MASTER, type SentinelFixture, startSentinelGroup } from "./redis-sentinel";
export type { ServerProcess } from "./server-process";
