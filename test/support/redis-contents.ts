import type { Redis } from "ioredis";

/** One Redis key and everything it holds, flattened to text. */
export interface KeyContents {
  key: string;
  type: string;
  text: string;
}

async function contentsOf(redis: Redis, key: string, type: string): Promise<string> {
  switch (type) {
    case "string":
      return (await redis.get(key)) ?? "";
    case "hash":
      return JSON.stringify(await redis.hgetall(key));
    case "list":
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case "set":
      return JSON.stringify(await redis.smembers(key));
    case "zset":
      return JSON.stringify(await redis.zrange(key, 0, -1, "WITHSCORES"));
    case "stream":
      return JSON.stringify(await redis.xrange(key, "-", "+"));
    default:
      return "";
  }
}

/**
 * Every key matching `pattern` (SCAN, so a shared Redis is not blocked) with its whole value:
 * for BullMQ job hashes that is the job data, return value, failed reason and stack traces.
 */
export async function dumpKeys(redis: Redis, pattern: string): Promise<KeyContents[]> {
  const keys = new Set<string>();
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    for (const key of batch) keys.add(key);
  } while (cursor !== "0");
  const dump: KeyContents[] = [];
  for (const key of [...keys].sort()) {
    const type = await redis.type(key);
    dump.push({ key, type, text: await contentsOf(redis, key, type) });
  }
  return dump;
}

/** Deletes every key matching `pattern` (test clean-up on a shared Redis). */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (batch.length > 0) deleted += await redis.unlink(...batch);
  } while (cursor !== "0");
  return deleted;
}
