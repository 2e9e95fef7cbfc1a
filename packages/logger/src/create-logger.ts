import { hostname } from "node:os";
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from "pino";
import pretty from "pino-pretty";
import { REDACTED, redactPaths } from "./redact-paths";
import { serializeError } from "./serialize-error";

export interface CreateLoggerOptions {
  /**
   * The process or component name, written as `service` on every line (not `name`, which is
   * redacted as personal data).
   */
  name: string;
  /** Minimum pino level. Default `"info"`. */
  level?: LevelWithSilent;
  /** Human-readable output through pino-pretty, for development. Default `false` (JSON lines). */
  pretty?: boolean;
  /** Where lines go. Default stdout (synchronous, so nothing is lost on exit). */
  destination?: DestinationStream;
}

/**
 * A pino logger with personal data and secrets redacted (see `redactPaths`), errors reduced to
 * safe fields (see `serializeError`), ISO timestamps and level labels.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const { name, level = "info", destination } = options;
  const stream = options.pretty
    ? pretty({ destination: destination ?? 1, sync: true, ignore: "pid,hostname" })
    : (destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level,
      base: { pid: process.pid, hostname: hostname(), service: name },
      redact: { paths: [...redactPaths], censor: REDACTED },
      serializers: { err: serializeError, error: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}
