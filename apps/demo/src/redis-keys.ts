import { Redis } from "ioredis";
import type { RunNames } from "./run-names";

/** Keys unlinked per round trip. */
const BATCH = 500;

/**
 * Deletes the keys of the names a run made for itself (`<queuePrefix>:*` and the outcome
 * stream) from a shared Redis, so repeated demo runs leave nothing behind.
 */
export async function deleteRunKeys(redisUrl: string, owned: RunNames["owned"]): Promise<void> {
  if (!owned.queuePrefix && !owned.outcomeStream) return;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  redis.on("error", () => {});
  try {
    await redis.connect();
    if (owned.queuePrefix) {
      const scan = redis.scanStream({ match: `${owned.queuePrefix}:*`, count: BATCH });
      for await (const keys of scan as AsyncIterable<string[]>) {
        if (keys.length > 0) await redis.unlink(...keys);
      }
    }
    if (owned.outcomeStream) await redis.unlink(owned.outcomeStream);
  } finally {
    redis.disconnect();
  }
}
