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
 * the outcome stream: the end of the pipeline for each of them.
 */
export async function waitUntilPublished(
  impUids: readonly string[],
  options: SettleOptions,
): Promise<void> {
  const { rows, redis, stream, timeoutMs = 120_000 } = options;
  const wanted = new Set(impUids);
  const streamed = async () => {
    const seen = new Set<string>();
    for (const event of await readOutcomeStream(redis, stream)) {
      const impUid = event.payload.imp_uid;
      if (typeof impUid === "string" && wanted.has(impUid)) seen.add(impUid);
    }
    return seen.size;
  };
  await waitFor(
    async () =>
      (await rows.publishedAmong(impUids)) === wanted.size && (await streamed()) === wanted.size,
    {
      what: `${wanted.size} outcomes published`,
      timeoutMs,
      intervalMs: 500,
      progress: async () =>
        `published in postgres: ${await rows.publishedAmong(impUids)}, in the stream: ${await streamed()}`,
    },
  );
}
