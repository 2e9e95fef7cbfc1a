import { ConfigError } from "./errors";
import type { Env } from "./parse-env";

/**
 * For an app's `main.ts`: runs `loader(env)`; on a {@link ConfigError} writes its one-line
 * message to stderr and exits with status 1, instead of a stack trace nobody needs. Any other
 * error is a bug and is rethrown.
 *
 * @example const config = loadOrExit(loadApiConfig);
 */
export function loadOrExit<T>(loader: (env: Env) => T, env: Env = process.env): T {
  try {
    return loader(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
