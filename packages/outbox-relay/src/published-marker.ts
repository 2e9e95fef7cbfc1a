import { setTimeout as sleep } from "node:timers/promises";
import { markEventsPublished } from "@cert/db";
import type pg from "pg";

export interface PublishedMarker {
  /** Marks `ids` published; resolves when the statement holding them has committed. */
  mark(ids: readonly number[]): Promise<void>;
}

export interface PublishedMarkerOptions {
  /**
   * How long a mark waits for more ids before its statement starts, ms. Default 0: only ids
   * handed over while a mark is running share the next one.
   */
  readonly lingerMs?: number;
}

/**
 * Coalesces the "published" marks of many small publications into few statements: ids handed
 * over while a mark is running, or within `lingerMs` of the first, go into one statement. A
 * worker publishing each commit's events right after it would otherwise pay a second statement
 * for every persist statement. A failed mark rejects its callers; their rows stay claimed until
 * the claim lapses and are then published again (consumers deduplicate on `event_id`).
 */
export function createPublishedMarker(
  pool: pg.Pool,
  options: PublishedMarkerOptions = {},
): PublishedMarker {
  const lingerMs = options.lingerMs ?? 0;
  let waiting: { ids: number[]; done: Promise<void> } | undefined;
  let running: Promise<void> | undefined;

  function next(): { ids: number[]; done: Promise<void> } {
    const ids: number[] = [];
    const done = (async () => {
      // Start after the statement running now, with whatever arrived meanwhile.
      if (lingerMs > 0) await sleep(lingerMs);
      await running?.catch(() => {});
      waiting = undefined;
      running = markEventsPublished(pool, ids).then(() => {});
      await running;
    })();
    return { ids, done };
  }

  return {
    mark(ids) {
      if (ids.length === 0) return Promise.resolve();
      waiting ??= next();
      waiting.ids.push(...ids);
      return waiting.done;
    },
  };
}
