/** The part of an error that is safe and useful in a log line. */
export interface SerializedError {
  /**
   * The error class name (`err.name`). Written as `type`, as pino's standard serializer does,
   * because `name` is a redacted personal-data key at every depth.
   */
  type: string;
  message: string;
  code?: string;
  retryable?: boolean;
  stack?: string;
}

/**
 * pino serializer for `err` / `error`: keeps the class name, `code`, `retryable`, `message` and
 * `stack` only, so response bodies or request configs attached to errors by HTTP clients never
 * reach the logs. Non-errors pass through unchanged and are handled by redaction paths.
 */
export function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { code, retryable } = value as Error & { code?: unknown; retryable?: unknown };
  const serialized: SerializedError = { type: value.name, message: value.message };
  if (typeof code === "string" || typeof code === "number") serialized.code = String(code);
  if (typeof retryable === "boolean") serialized.retryable = retryable;
  if (value.stack !== undefined) serialized.stack = value.stack;
  return serialized;
}
