import type { Logger } from "@cert/logger";

/** One thing to close on shutdown. */
export interface ShutdownStep {
  /** For the log line when the step fails. */
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

export interface ShutdownOptions {
  /** Says when shutdown starts and ends, and which step failed. */
  logger: Logger;
  /** Run in order; a failing step is logged and the next still runs, so everything gets closed. */
  steps: readonly ShutdownStep[];
  /** Exit 1 if the steps together take longer than this, in ms: a hung close must not block a rollout. */
  hardDeadlineMs: number;
}

/**
 * On the first SIGTERM or SIGINT (later ones change nothing) runs `steps` and exits 0. For an
 * app's `main.ts`.
 */
export function onShutdownSignal(options: ShutdownOptions): void {
  const { logger, steps, hardDeadlineMs } = options;
  let started = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error({ code: "shutdown_timeout" }, "shutdown did not finish in time; exiting");
      process.exit(1);
    }, hardDeadlineMs).unref();
    for (const step of steps) {
      try {
        await step.run();
      } catch (err) {
        logger.warn({ err, step: step.name }, "shutdown step failed");
      }
    }
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
}
