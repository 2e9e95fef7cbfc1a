import { Redis } from "ioredis";

/** One entry of the outcome stream, as a downstream consumer sees it. */
export interface OutcomeEvent {
  /** The stream entry id. */
  readonly id: string;
  readonly eventId: string;
  readonly type: string;
  /** The parsed `payload` field; null when it is not JSON (counted as a mismatch). */
  readonly payload: OutcomePayload | null;
}

export interface OutcomePayload {
  /** `iamport` (V1) or `portone` (V2). */
  readonly provider?: string;
  /** The imp_uid or the V2 identityVerificationId. */
  readonly verification_id?: string;
  /** V1 only; null for V2. */
  readonly imp_uid?: string | null;
  readonly unique_key?: string | null;
  readonly outcome?: string;
  readonly age?: number | null;
  readonly age_min?: number;
  readonly age_rule?: string;
}

export interface OutcomeStreamReader {
  /** Stops reading and closes the connection. */
  stop(): Promise<void>;
}

/** Entries read per XREAD. */
const BATCH = 1000;
/** How long one XREAD blocks, so stop() is noticed promptly even with a quiet stream. */
const BLOCK_MS = 500;

function toEvent(id: string, fields: string[]): OutcomeEvent {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2)
    map.set(fields[i] as string, fields[i + 1] as string);
  let payload: OutcomePayload | null = null;
  try {
    payload = JSON.parse(map.get("payload") ?? "null") as OutcomePayload | null;
  } catch {
    payload = null;
  }
  return { id, eventId: map.get("event_id") ?? "", type: map.get("type") ?? "", payload };
}

/**
 * Follows `stream` with XREAD BLOCK on a connection of its own, starting after the newest entry
 * present now, and hands every new entry to `onEvent` (as a downstream consumer would read it).
 * Connection errors are retried by ioredis; reading resumes from the last id seen.
 */
export async function followOutcomeStream(
  redisUrl: string,
  stream: string,
  onEvent: (event: OutcomeEvent) => void,
): Promise<OutcomeStreamReader> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  redis.on("error", () => {});
  await redis.connect();
  const newest = await redis.xrevrange(stream, "+", "-", "COUNT", 1);
  let lastId = newest[0]?.[0] ?? "0-0";
  let stopped = false;

  const loop = (async () => {
    while (!stopped) {
      let reply: Array<[string, Array<[string, string[]]>]> | null;
      try {
        reply = (await redis.xread(
          "COUNT",
          BATCH,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          stream,
          lastId,
        )) as typeof reply;
      } catch {
        if (stopped) return;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      for (const [, entries] of reply ?? []) {
        for (const [id, fields] of entries) {
          lastId = id;
          onEvent(toEvent(id, fields));
        }
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      redis.disconnect();
    },
  };
}
