export { ConfigError } from "./errors";
export { loadOrExit } from "./load-or-exit";
export {
  type ApiConfig,
  type DemoConfig,
  type JobQueueConfig,
  loadApiConfig,
  loadDemoConfig,
  loadMigrateConfig,
  loadPiiCommandConfig,
  loadSandboxConfig,
  loadWorkerConfig,
  type MigrateConfig,
  type PiiCommandConfig,
  type SandboxConfig,
  type WorkerConfig,
} from "./loaders";
export type { Env } from "./parse-env";
export type { HostPort } from "./parsers";
export { isLoopbackHost, providerUrl, providerUrlWithDefault } from "./parsers";
export { redactUrl } from "./redact-url";
export {
  parseRedisTopology,
  queuePrefixFor,
  type RedisNodeAuth,
  type RedisTopology,
} from "./redis-topology";
export {
  AGE_RULES,
  type AgeRule,
  LOG_LEVELS,
  type LogLevel,
  SECRET_VARIABLES,
  type VariableName,
  variables,
} from "./variables";
