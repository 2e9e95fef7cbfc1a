export type { DestinationStream, LevelWithSilent, Logger } from "pino";
export { type CreateLoggerOptions, createLogger } from "./create-logger";
export { REDACTED, redactPaths, SENSITIVE_KEYS } from "./redact-paths";
export { type SerializedError, serializeError } from "./serialize-error";
