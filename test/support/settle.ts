import type { Redis } from "ioredis";
import type { DatabaseRows } from "./database-rows";
import { readOutcomeStream } from "./outcome-stream";
import { waitFor } from "./wait-for";

export interface SettleOptions {
  rows: DatabaseRows;
  redis: Redis;
  stream: string;
  /** Give up after this long, in ms. Default 120000. */
  timeoutMs?: number;
}

/**
 * Waits until every imp_uid has its outcome event marked published in Postgres and an entry in
 * the outcome stream: the end of the pipeline for each of them. On timeout the error names a
 * few that are missing and where, to tell a lost write (published, not in the stream) from a
 * slow one.
 */
export async function waitUntilPublished(
  impUids: readonly string[],
  options: SettleOptions,
): Promise<void> {
  const { rows, redis, stream, timeoutMs = 120_000 } = options;
  const wanted = new Set(impUids);
  const missing = async () => {
    const published = await rows.publishedAmong(impUids);
    const streamed = new Set<string>();
    for (const event of await readOutcomeStream(redis, stream)) {
      const impUid = event.payload.imp_uid;
      if (typeof impUid === "string" && wanted.has(impUid)) streamed.add(impUid);
    }
    const gaps = impUids.filter((id) => !published.has(id) || !streamed.has(id));
    return { published, streamed, gaps };
  };
  await waitFor(async () => (await missing()).gaps.length === 0, {
    what: `${wanted.size} outcomes published`,
    timeoutMs,
    intervalMs: 500,
    progress: async () => {
      const { published, streamed, gaps } = await missing();
      const named = gaps
        .slice(0, 5)
        .map(
          (id) => `${id} (${published.has(id) ? "published, not in the stream" : "not published"})`,
        );
      return `published in postgres: ${published.size}, in the stream: ${streamed.size}; missing: ${named.join(", ")}`;
    },
  });
}
