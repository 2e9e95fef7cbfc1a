/**
 * Errors the demo reports to the person running it. None can be fixed by retrying the same
 * command unchanged, so `retryable` is false throughout; each message says what to do instead.
 */
export class DemoError extends Error {
  override readonly name: string = "DemoError";
  /** Retrying the same command with the same environment does not help. */
  readonly retryable = false;

  constructor(
    /** Stable, safe code for scripts. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A command-line flag the demo does not understand. */
export class DemoUsageError extends DemoError {
  override readonly name = "DemoUsageError";
  constructor(message: string) {
    super("invalid_usage", message);
  }
}

/** Neither a configured, a running nor a startable Redis. */
export class RedisUnavailableError extends DemoError {
  override readonly name = "RedisUnavailableError";
  constructor(detail: string) {
    super(
      "redis_unavailable",
      `No Redis available (${detail}). Install redis-server (e.g. apt-get install redis-server) or start Docker, start Redis on 127.0.0.1:6379, or set REDIS_URL.`,
    );
  }
}

/** An app process (api, worker) exited or never reported ready. */
export class AppStartError extends DemoError {
  override readonly name = "AppStartError";
  constructor(
    readonly app: string,
    detail: string,
  ) {
    super("app_start_failed", `${app} did not start: ${detail}`);
  }
}

/** The compiled app is missing: `npm run demo` builds it, a bare `node` run may not have. */
export class AppNotBuiltError extends DemoError {
  override readonly name = "AppNotBuiltError";
  constructor(path: string) {
    super(
      "app_not_built",
      `${path} does not exist: run \`npm run build\` (or \`npm run demo\`, which builds first), or set DEMO_FROM_SOURCE=1.`,
    );
  }
}

/** The intake API refused a request in a way the demo cannot recover from. */
export class IntakeRejectedError extends DemoError {
  override readonly name = "IntakeRejectedError";
  constructor(path: string, status: number, code: string) {
    super("intake_rejected", `POST ${path} answered ${status} (${code})`);
  }
}

/** An app process ended while the batch was running. */
export class AppExitedError extends DemoError {
  override readonly name = "AppExitedError";
  constructor(app: string, exitCode: number | null, lastLines: readonly string[]) {
    const output =
      lastLines.length > 0 ? `\n${lastLines.map((l) => `  ${app}| ${l}`).join("\n")}` : "";
    super("app_exited", `${app} exited unexpectedly (code ${exitCode})${output}`);
  }
}
