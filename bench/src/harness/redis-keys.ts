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

/**
 * Entries ever added to a stream (`XINFO STREAM` `entries-added`, Redis 7+): unlike `XLEN` it
 * keeps counting once `MAXLEN` trims, and unlike an `XREAD` reader it cannot miss entries
 * trimmed before it read them. Falls back to `XLEN` on older Redis. 0 when the stream is absent.
 */
export async function streamEntriesAdded(redis: Redis, stream: string): Promise<number> {
  let info: unknown[];
  try {
    info = (await redis.call("XINFO", "STREAM", stream)) as unknown[];
  } catch (err) {
    if (err instanceof Error && /no such key/i.test(err.message)) return 0;
    throw err;
  }
  const at = info.indexOf("entries-added");
  return at >= 0 ? Number(info[at + 1]) : redis.xlen(stream);
}

/** A `CONFIG GET` integer, or `fallback` where CONFIG is unavailable (managed Redis). */
export async function configNumber(redis: Redis, name: string, fallback: number): Promise<number> {
  try {
    const [, value] = (await redis.call("CONFIG", "GET", name)) as string[];
    const n = Number(value);
    return value !== undefined && Number.isFinite(n) ? n : fallback;
  } catch {
    return fallback;
  }
}
