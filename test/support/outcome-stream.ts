import type { Redis } from "ioredis";

/** One entry of the outcome stream. */
export interface StreamEvent {
  /** The stream entry id. */
  id: string;
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  /** The raw `payload` field. */
  rawPayload: string;
}

/** Reads every entry of `stream`, oldest first (XRANGE in pages). */
export async function readOutcomeStream(redis: Redis, stream: string): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  let start = "-";
  for (;;) {
    const page = await redis.xrange(stream, start, "+", "COUNT", 1000);
    for (const [id, flat] of page) {
      const fields = new Map<string, string>();
      for (let i = 0; i + 1 < flat.length; i += 2)
        fields.set(flat[i] as string, flat[i + 1] as string);
      const rawPayload = fields.get("payload") ?? "";
      events.push({
        id,
        event_id: fields.get("event_id") ?? "",
        type: fields.get("type") ?? "",
        payload: JSON.parse(rawPayload) as Record<string, unknown>,
        rawPayload,
      });
    }
    if (page.length < 1000) return events;
    start = `(${page.at(-1)?.[0]}`;
  }
}

/** Entries grouped by a key (event_id or imp_uid), to count duplicates. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
