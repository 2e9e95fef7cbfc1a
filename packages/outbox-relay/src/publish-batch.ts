import type { Redis } from "ioredis";
import { OUTCOME_EVENT_TYPE } from "./event-type";

/** One claimed outbox row, as the relay needs it. */
export interface PublishableEvent {
  /** The row's `id`, used to mark it published. */
  readonly id: number;
  readonly eventId: string;
  /** The payload as stored (parsed jsonb or its JSON text). */
  readonly payload: unknown;
}

export interface PublishResult {
  /** Row ids whose XADD succeeded. */
  readonly publishedIds: number[];
  /** The first XADD error, when some entries were refused. */
  readonly error?: Error;
}

/**
 * XADDs every event to `stream` in ONE pipeline (one round trip for the whole batch), with the
 * fields CONTRACT §5 names. No MAXLEN: the stream is the downstream record of every outcome
 * and trimming it could drop entries a slow consumer has not read; trimming is the consumers'
 * call (XTRIM MINID after they acknowledge), not the producer's.
 *
 * @throws when the pipeline as a whole fails (connection lost): nothing is known published.
 */
export async function publishBatch(
  redis: Redis,
  stream: string,
  events: readonly PublishableEvent[],
): Promise<PublishResult> {
  const pipeline = redis.pipeline();
  for (const event of events) {
    const payload =
      typeof event.payload === "string" ? event.payload : JSON.stringify(event.payload);
    pipeline.xadd(
      stream,
      "*",
      "event_id",
      event.eventId,
      "type",
      OUTCOME_EVENT_TYPE,
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
  return error ? { publishedIds, error } : { publishedIds };
}
