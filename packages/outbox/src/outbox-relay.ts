import { setTimeout as sleep } from "node:timers/promises";
import { createCallBatcher } from "@cert/call-batcher";
import { DbError } from "@cert/db";
import type { Logger } from "@cert/logger";
import { SpanKind, withSpan } from "@cert/telemetry";
import type { Cluster, Redis } from "ioredis";
import type pg from "pg";
import { StreamPublishError } from "./errors";
import { OUTBOX_DEFAULTS } from "./outbox-defaults";
import { type PublishableEvent, publishBatch } from "./publish-batch";
import { claimUnpublishedEvents, releaseEventClaims } from "./queries/claim-events";
import { markEventsPublished } from "./queries/mark-events-published";
import { createWakeSignal } from "./wake-signal";

export interface OutboxRelayOptions {
  /** Postgres pool holding `outcome_events`. */
  readonly pool: pg.Pool;
  /** Redis connection the stream lives on. The relay never closes it. */
  readonly redis: Redis | Cluster;
  /** Stream key (config `OUTCOME_STREAM`). */
  readonly stream: string;
  /** Entries the stream keeps, about (config `OUTCOME_STREAM_MAXLEN`); 0 keeps all. Default 0. */
  readonly maxLen?: number;
  readonly logger: Logger;
  /** Most events claimed and XADDed per round trip. Default `OUTBOX_DEFAULTS.batchSize`. */
  readonly batchSize?: number;
  /**
   * Longest sleep between sweeps when nothing nudges the relay, in ms. It bounds the delay of
   * rows no writer published itself (the writer crashed, Redis failed, a writer without a
   * relay). Default `OUTBOX_DEFAULTS.pollIntervalMs`.
   */
  readonly pollIntervalMs?: number;
  /**
   * How long a claim holds before another relay may take the rows, in ms; a relay that dies
   * mid-batch delays those events by at most this. Default `OUTBOX_DEFAULTS.leaseMs`.
   */
  readonly leaseMs?: number;
  /**
   * How long marking rows published waits to gather more of them into one statement, in ms.
   * Published rows stay claimed until marked, so the wait only delays the bookkeeping; under
   * load it saves a statement per persist commit. The sweep waits it once per batch, which
   * bounds how fast it drains a backlog (`batchSize` rows per round). Default
   * `OUTBOX_DEFAULTS.markLingerMs`.
   */
  readonly markLingerMs?: number;
  /** Longest wait between attempts while Redis or Postgres fails, in ms. Default `OUTBOX_DEFAULTS.maxBackoffMs`. */
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
  /**
   * Publishes rows the caller has just committed and holds the claim of (the outcome writer's),
   * without waiting for a sweep. Returns at once; a failure hands the rows back to
   * the sweep. `stop()` waits for these publications.
   */
  publishWritten(events: readonly PublishableEvent[]): void;
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
 * The transactional outbox relay: moves committed `outcome_events` rows to the Redis
 * Stream, at least once, in batches. Two paths:
 * - the writer's: a worker publishes what each persist statement inserted right after its
 *   commit (`publishWritten`, called by the outcome writer), the rows claimed by the insert
 *   itself, so no relay takes them;
 * - the sweep: a loop claims rows nobody published (their writer crashed before publishing, a
 *   publish failed, a writer ran without a relay) once their claim lapses.
 * Claims are leases (see queries/claim-events.ts), so several relays can run against one database without
 * double-publishing in the normal path, and no transaction stays open while Redis is called. A
 * crash between XADD and the mark re-publishes the batch with the same `event_id`s once the
 * lease expires; consumers deduplicate on it.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, redis, logger } = options;
  const target = { stream: options.stream, maxLen: options.maxLen ?? 0 };
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const pollIntervalMs = options.pollIntervalMs ?? OUTBOX_DEFAULTS.pollIntervalMs;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const maxBackoffMs = options.maxBackoffMs ?? OUTBOX_DEFAULTS.maxBackoffMs;
  const signal = createWakeSignal();
  // The "published" marks of many small publications share few statements: ids handed over
  // while a mark runs, or within the linger of the first, go together. Published rows stay
  // claimed until marked; a failed mark leaves them to be published again once the claim
  // lapses (consumers deduplicate on `event_id`).
  const marker = createCallBatcher<readonly number[], void>({
    lingerMs: options.markLingerMs ?? OUTBOX_DEFAULTS.markLingerMs,
    run: async (idLists) => {
      await markEventsPublished(pool, idLists.flat());
      return idLists.map(() => ({ status: "fulfilled", value: undefined }));
    },
  });
  /** Cuts a backoff sleep short when the relay stops (one per start, not one per publish). */
  let stopping = new AbortController();
  const deliveries = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let writtenFailing = false;

  /** XADDs claimed rows and marks them; hands back what was not published. */
  async function deliver(events: readonly PublishableEvent[]): Promise<void> {
    let result: Awaited<ReturnType<typeof publishBatch>>;
    const attributes = {
      "messaging.system": "redis",
      "messaging.destination.name": target.stream,
      "messaging.batch.message_count": events.length,
    };
    try {
      result = await withSpan("outbox.publish", { kind: SpanKind.PRODUCER, attributes }, () =>
        publishBatch(redis, target, events),
      );
    } catch (err) {
      // Nothing is known published: hand the rows back so the next sweep retries them now.
      await releaseEventClaims(
        pool,
        events.map((e) => e.id),
      ).catch(() => {});
      throw new StreamPublishError(err);
    }
    if (result.publishedIds.length > 0) await marker.add(result.publishedIds);
    if (result.error) {
      const published = new Set(result.publishedIds);
      const failed = events.filter((e) => !published.has(e.id)).map((e) => e.id);
      await releaseEventClaims(pool, failed).catch(() => {});
      throw new StreamPublishError(result.error);
    }
  }

  async function publishOnce(): Promise<number> {
    const events = await claimUnpublishedEvents(pool, { limit: batchSize, leaseMs });
    if (events.length > 0) await deliver(events);
    return events.length;
  }

  function publishWritten(events: readonly PublishableEvent[]): void {
    const delivery = deliver(events).then(
      () => {
        if (!writtenFailing) return;
        writtenFailing = false;
        logger.info({ code: "relay_recovered" }, "publishing after commit works again");
      },
      (err: unknown) => {
        // Once per outage, not once per batch: the sweep's own warnings carry on from here.
        if (!writtenFailing) {
          logger.warn(
            { err, code: failureCode(err) },
            "could not publish outcomes after commit; the relay's sweep will retry them",
          );
        }
        writtenFailing = true;
        signal.ring();
      },
    );
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
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
        await sleep(delayMs, undefined, { signal: stopping.signal }).catch(() => {});
        continue;
      }
      // A full batch means more may be waiting: go again without sleeping.
      if (claimed < batchSize && running) await signal.wait(pollIntervalMs);
    }
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
      stopping = new AbortController();
      loop = run();
    },
    async stop({ flush: finalFlush = true } = {}) {
      running = false;
      signal.ring();
      stopping.abort();
      await loop;
      loop = undefined;
      await Promise.all(deliveries);
      if (finalFlush) await flush();
    },
    wake: () => signal.ring(),
    publishWritten,
    publishOnce,
  };
}
