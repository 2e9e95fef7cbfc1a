/**
 * The slice of a pino logger this package uses, so callers pass `@cert/logger` instances
 * without @cert/db depending on it.
 */
export interface DbLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Used when no logger is given: the package stays silent rather than writing to stdout. */
export const silentLogger: DbLogger = {
  info() {},
  warn() {},
};
