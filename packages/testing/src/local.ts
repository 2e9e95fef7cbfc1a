// Local servers without any test-runner dependency, for the demo and the benchmark.
export { freePort } from "./free-port";
export {
  type LocalPostgres,
  type LocalPostgresOptions,
  startEmbeddedPostgres,
} from "./local-postgres";
export {
  type LocalRedis,
  type LocalRedisOptions,
  redisAnswers,
  startLocalRedis,
} from "./local-redis";
export { repoRoot } from "./repo-root";
export { type ServerProcess, whereServerRuns } from "./servers/server-process";
export { waitUntil } from "./wait-until";
