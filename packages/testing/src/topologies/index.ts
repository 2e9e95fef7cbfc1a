// Distributed engines started from their binaries (or their images), for the topology tests.

export type { ServerProcess } from "../servers/server-process";
export { type PgBouncerFixture, startPgBouncer } from "./pgbouncer";
export { type ClusterSecurity, type RedisClusterFixture, startRedisCluster } from "./redis-cluster";
export {
  askServer,
  type RedisNode,
  type RedisNodeSecurity,
  scratchDir,
  startRedisNode,
} from "./redis-node";
export {
  SENTINEL_MASTER,
  type SentinelFixture,
  type SentinelSecurity,
  startSentinelGroup,
} from "./redis-sentinel";
export { makeTlsFiles, type TlsFiles } from "./tls-files";
