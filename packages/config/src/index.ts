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
export { isLoopbackHost, providerUrl, providerUrlWithDefault } from "./parsers";
export { redactUrl } from "./redact-url";
export {
  AGE_RULES,
  type AgeRule,
  LOG_LEVELS,
  type LogLevel,
  SECRET_VARIABLES,
  type VariableName,
  variables,
} from "./variables";
