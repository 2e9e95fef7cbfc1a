import { claimUnpublishedEvents, DbError, markEventsPublished, releaseEventClaims } from "@cert/db";
import type { Logger } from "@cert/logger";
import type { Redis } from "ioredis";
import type pg from "pg";
import { StreamPublishError } from "./errors";
import { type NotifyListener, startNotifyListener } from "./notify-listener";
import { publishBatch } from "./publish-batch";
import { createWakeSignal } from "./wake-signal";

export interface OutboxRelayOptions {
  /** Postgres pool holding `outcome_events`. */
  readonly pool: pg.Pool;
  /** Redis connection the stream lives on. The relay never closes it. */
  readonly redis: Redis;
  /** Stream key (config `OUTCOME_STREAM`). */
  readonly stream: string;
  readonly logger: Logger;
  /** Most events claimed and XADDed per round trip. Default 500. */
  readonly batchSize?: number;
  /**
   * Longest sleep between scans when nothing nudges the relay, in ms. It bounds publication
   * delay when a nudge is missed (another process wrote the row, LISTEN was disconnected).
   * Default 200.
   */
  readonly pollIntervalMs?: number;
  /**
   * When given, a dedicated connection LISTENs for the db package's insert trigger, so rows
   * written by other processes are published at once too. Default: none (nudges and polling).
   */
  readonly databaseUrl?: string;
  /**
   * How long a claim holds before another relay may take the rows, in ms; a relay that dies
   * mid-batch delays those events by at most this. Default 15000.
   */
  readonly leaseMs?: number;
  /** Longest wait between attempts while Redis or Postgres fails, in ms. Default 5000. */
  readonly maxBackoffMs?: number;
}

export interface OutboxRelay {
  /** Starts the background loop (idempotent). */
  start(): void;
  /**
   * Stops the loop, then (unless `flush: false`) publishes what is still unpublished until the
   * outbox is empty or a publish fails. Never throws.
   */
  stop(options?: { flush?: boolean }): Promise<void>;
  /** Nudge: something was just committed, scan now instead of at the next poll. */
  wake(): void;
  /** One claim-publish-mark round. Returns how many rows were claimed. Throws on failure. */
  publishOnce(): Promise<number>;
}

/** Names what failed, for logs: the Redis side, the database side, or (a bug) neither. */
function failureCode(err: unknown): string {
  if (err instanceof StreamPublishError) return err.code;
  if (err instanceof DbError) return err.retryable ? "database_unavailable" : "database_error";
  return "internal_error";
}

/**
 * The transactional outbox relay (issue 4): moves committed `outcome_events` rows to the Redis
 * Stream, at least once, in batches. Claims are leases (see @cert/db), so several relays can
 * run against one database without double-publishing in the normal path, and no transaction
 * stays open while Redis is called. A crash between XADD and the mark re-publishes the batch
 * with the same `event_id`s once the lease expires; consumers deduplicate on it.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, redis, stream, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const leaseMs = options.leaseMs ?? 15_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const signal = createWakeSignal();
  let running = false;
  let loop: Promise<void> | undefined;
  let listener: NotifyListener | undefined;

  async function publishOnce(): Promise<number> {
    const events = await claimUnpublishedEvents(pool, { limit: batchSize, leaseMs });
    if (events.length === 0) return 0;
    let result: Awaited<ReturnType<typeof publishBatch>>;
    try {
      result = await publishBatch(redis, stream, events);
    } catch (err) {
      // Nothing is known published: hand the rows back so the next round retries them now.
      await releaseEventClaims(
        pool,
        events.map((e) => e.id),
      ).catch(() => {});
      throw new StreamPublishError(err);
    }
    await markEventsPublished(pool, result.publishedIds);
    if (result.error) {
      const published = new Set(result.publishedIds);
      const failed = events.filter((e) => !published.has(e.id)).map((e) => e.id);
      await releaseEventClaims(pool, failed).catch(() => {});
      throw new StreamPublishError(result.error);
    }
    return events.length;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      let claimed: number;
      try {
        claimed = await publishOnce();
        if (failures > 0) logger.info({ code: "relay_recovered" }, "outbox relay recovered");
        failures = 0;
      } catch (err) {
        failures++;
        // Exponential backoff with full jitter, so relays restarting together spread out.
        const ceiling = Math.min(maxBackoffMs, pollIntervalMs * 2 ** Math.min(failures, 16));
        const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
        logger.warn(
          { err, code: failureCode(err), failures, retryInMs: delayMs },
          "outbox relay could not publish; will retry",
        );
        await sleepUnlessStopped(delayMs);
        continue;
      }
      // A full batch means more may be waiting: go again without sleeping.
      if (claimed < batchSize && running) await signal.wait(pollIntervalMs);
    }
  }

  let stopWaiter: (() => void) | undefined;
  function sleepUnlessStopped(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stopWaiter = undefined;
        resolve();
      }
      stopWaiter = done;
    });
  }

  async function flush(): Promise<void> {
    try {
      while ((await publishOnce()) === batchSize) {}
    } catch (err) {
      logger.warn(
        { err, code: failureCode(err) },
        "outbox relay final flush failed; rows stay queued",
      );
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      if (options.databaseUrl) {
        listener = startNotifyListener({
          databaseUrl: options.databaseUrl,
          onNotify: () => signal.ring(),
          logger,
        });
      }
      loop = run();
    },
    async stop({ flush: finalFlush = true } = {}) {
      running = false;
      signal.ring();
      stopWaiter?.();
      await loop;
      loop = undefined;
      await listener?.stop();
      listener = undefined;
      if (finalFlush) await flush();
    },
    wake: () => signal.ring(),
    publishOnce,
  };
}
