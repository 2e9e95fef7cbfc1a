import type { Logger } from "@cert/logger";

export interface ShutdownStep {
  /** For the log line when the step fails. */
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

/**
 * Runs `steps` in order once SIGTERM or SIGINT arrives (a second signal changes nothing), then
 * exits 0. A step that fails is logged and the next one still runs, so every connection is
 * closed. If the steps together take longer than `hardDeadlineMs`, the process exits 1: a hung
 * close must not keep a deployment from rolling.
 */
export function onShutdownSignal(options: {
  logger: Logger;
  steps: readonly ShutdownStep[];
  hardDeadlineMs: number;
}): void {
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
  process.on("SIGTERM", (s) => void shutdown(s));
  process.on("SIGINT", (s) => void shutdown(s));
}

/** Resolves true when `promise` settles within `ms`, false otherwise (it keeps running). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
