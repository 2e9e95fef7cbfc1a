import { Redis } from "ioredis";

/** Deletes every key under `prefix:` and the given streams, so scenarios leave Redis as found. */
export async function removeKeys(
  redisUrl: string,
  prefix: string,
  streams: string[],
): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== "0");
    if (streams.length > 0) await redis.unlink(...streams);
  } finally {
    redis.disconnect();
  }
}

/** `INFO memory` `used_memory`, in bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
}

/** Bytes a key takes (`MEMORY USAGE key SAMPLES 0`: every element counted); 0 when absent. */
export async function keyBytes(redis: Redis, key: string): Promise<number> {
  const bytes = (await redis.call("MEMORY", "USAGE", key, "SAMPLES", "0")) as number | null;
  return bytes ?? 0;
}
