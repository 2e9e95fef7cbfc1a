import type { Logger } from "@cert/logger";
import { sweepRetention } from "@cert/outbox";
import type pg from "pg";
import type { Counter } from "prom-client";

export interface RetentionScheduleOptions {
  readonly pool: pg.Pool;
  /** `PII_RETENTION_DAYS`. */
  readonly retentionDays: number;
  readonly logger: Logger;
  /** `cert_user_erasures_total`, when this process serves metrics. */
  readonly erasures?: Counter;
  /** Between sweeps. Default one hour: at least daily even across restarts, and cheap when idle. */
  readonly intervalMs?: number;
}

/**
 * Runs the retention sweep at start and then every `intervalMs`, never two at once in this
 * process. Several workers may all run it: the sweep's advisory lock lets one erase while the
 * others skip, so each person is erased exactly once. A failed sweep is logged and retried at
 * the next tick. Returns a function that stops the schedule and waits for a running sweep.
 */
export function startRetentionSweeps(options: RetentionScheduleOptions): () => Promise<void> {
  const { pool, retentionDays, logger, erasures } = options;
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = running.then(async () => {
      try {
        const { erased } = await sweepRetention(pool, { retentionDays });
        erasures?.inc(erased);
        if (erased > 0) logger.info({ erased, retentionDays }, "retention sweep");
      } catch (err) {
        logger.error({ err, code: "retention_sweep_failed" }, "retention sweep failed");
      }
    });
  };
  sweep();
  const timer = setInterval(sweep, options.intervalMs ?? 3_600_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
