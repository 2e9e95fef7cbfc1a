export type {
  ApiConfig,
  DemoConfig,
  IamportConfig,
  JobQueueConfig,
  LoggingConfig,
  MigrateConfig,
  RetentionConfig,
  SandboxConfig,
  WorkerConfig,
} from "./config-types";
export { ConfigError } from "./errors";
export { loadOrExit } from "./load-or-exit";
export {
  loadApiConfig,
  loadDemoConfig,
  loadMigrateConfig,
  loadSandboxConfig,
  loadWorkerConfig,
} from "./loaders";
export type { Env } from "./parse-env";
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
