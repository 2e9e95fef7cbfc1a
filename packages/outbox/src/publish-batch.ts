import { confirmReplicated } from "@cert/redis";
import type { Cluster, Redis } from "ioredis";
import { OUTCOME_EVENT_TYPE } from "./outcome-event";

/** One claimed outbox row, as the relay needs it. */
export interface PublishableEvent {
  /** The row's `id`, used to mark it published. */
  readonly id: number;
  readonly eventId: string;
  /** The stream entry's `type`; default `certification.age_checked` (what the writer inserts). */
  readonly type?: string;
  /** The payload as stored (parsed jsonb or its JSON text). */
  readonly payload: unknown;
}

export interface PublishResult {
  /** Row ids whose XADD succeeded. */
  readonly publishedIds: number[];
  /** The first XADD error, when some entries were refused. */
  readonly error?: Error;
}

/** Where to publish, and how much of the stream to keep. */
export interface StreamTarget {
  /** Stream key (config `OUTCOME_STREAM`). */
  readonly stream: string;
  /**
   * Entries to keep, about: each XADD trims with `MAXLEN ~`, which Redis does cheaply, whole
   * macro-nodes at a time, so the stream may briefly hold somewhat more. 0 keeps every entry.
   */
  readonly maxLen: number;
}

/**
 * XADDs every event to the stream in ONE pipeline (one round trip for the whole batch), with
 * the fields the public contract names. The stream is capped (`maxLen`): it is the live feed, and Redis
 * memory must stay bounded however many outcomes pass through; `outcome_events` is the durable
 * log a consumer that fell further behind catches up from (by `id`).
 *
 * @throws when the pipeline as a whole fails (connection lost): nothing is known published.
 */
export async function publishBatch(
  redis: Redis | Cluster,
  target: StreamTarget,
  events: readonly PublishableEvent[],
): Promise<PublishResult> {
  const pipeline = redis.pipeline();
  const trim = target.maxLen > 0 ? ["MAXLEN", "~", target.maxLen] : [];
  for (const event of events) {
    const payload =
      typeof event.payload === "string" ? event.payload : JSON.stringify(event.payload);
    pipeline.xadd(
      target.stream,
      ...trim,
      "*",
      "event_id",
      event.eventId,
      "type",
      event.type ?? OUTCOME_EVENT_TYPE,
      "payload",
      payload,
    );
  }
  const results = (await pipeline.exec()) ?? [];
  const publishedIds: number[] = [];
  let error: Error | undefined;
  events.forEach((event, i) => {
    const failure = results[i]?.[0] ?? (results[i] ? null : new Error("no reply from Redis"));
    if (failure) error ??= failure;
    else publishedIds.push(event.id);
  });
  if (publishedIds.length > 0) {
    // Marked published only once a replica holds the entries (when the primary has replicas):
    // entries a dying primary acknowledged but never replicated are published again after the
    // failover (consumers dedupe by event_id), never lost.
    try {
      await confirmReplicated(redis, target.stream);
    } catch (unreplicated) {
      return { publishedIds: [], error: unreplicated as Error };
    }
  }
  return error ? { publishedIds, error } : { publishedIds };
}
