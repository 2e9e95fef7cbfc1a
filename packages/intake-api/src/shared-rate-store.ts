import type { ClientRateLimitInfo, Options, Store } from "express-rate-limit";
import type { RedisCommands } from "./redis-commands";
import { tickBatcher } from "./tick-batcher";

/**
 * Adds ARGV[i] hits to counter KEYS[i] (starting its window, ARGV[#KEYS+1] ms, when it is new)
 * and returns, per key, the total after the addition and the ms left in the window.
 */
const INCREMENT_SCRIPT = `
local window = tonumber(ARGV[#KEYS + 1])
local replies = {}
for i, key in ipairs(KEYS) do
  local total = redis.call("INCRBY", key, ARGV[i])
  local ttl = redis.call("PTTL", key)
  if ttl < 0 then
    redis.call("PEXPIRE", key, window)
    ttl = window
  end
  replies[#replies + 1] = total
  replies[#replies + 1] = ttl
end
return replies`;

export interface SharedRateStoreOptions {
  /** Where the counters live (every instance must use the same Redis). */
  redis: RedisCommands;
  /** Prefix of the counter keys; stores sharing it share the counts. */
  prefix: string;
}

/**
 * An express-rate-limit store with fixed windows counted in Redis, shared by every API
 * instance, like rate-limit-redis's, but with the hits of one event-loop turn sent as one
 * command (one `INCRBY` per distinct client, in a script). Counting stays exact: a batch of n
 * hits of one client gets the totals `T-n+1 ... T` after the increment to `T`, exactly what n
 * separate increments would have answered. What changes is the cost under load: a command per
 * turn instead of a command per request, on the hot path of intake.
 */
export class SharedRateStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private readonly redis: RedisCommands;
  private windowMs = 60_000;
  private readonly hit = tickBatcher<string, ClientRateLimitInfo>((keys) => this.count(keys));

  constructor(options: SharedRateStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    return this.hit(key);
  }

  async decrement(key: string): Promise<void> {
    await this.redis.call("DECR", this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.redis.call("DEL", this.prefix + key);
  }

  /** One script call for a turn's hits; each hit learns its own place in its client's count. */
  private async count(keys: readonly string[]): Promise<ClientRateLimitInfo[]> {
    const hitsPerKey = new Map<string, number>();
    for (const key of keys) hitsPerKey.set(key, (hitsPerKey.get(key) ?? 0) + 1);
    const distinct = [...hitsPerKey.keys()];
    const replies = (await this.redis.call(
      "EVAL",
      INCREMENT_SCRIPT,
      distinct.length,
      ...distinct.map((key) => this.prefix + key),
      ...distinct.map((key) => hitsPerKey.get(key) ?? 0),
      this.windowMs,
    )) as number[];
    const now = Date.now();
    const state = new Map<string, { next: number; resetTime: Date }>();
    distinct.forEach((key, i) => {
      const total = Number(replies[2 * i]);
      const hits = hitsPerKey.get(key) ?? 0;
      state.set(key, {
        next: total - hits + 1,
        resetTime: new Date(now + Number(replies[2 * i + 1])),
      });
    });
    return keys.map((key) => {
      const entry = state.get(key) as { next: number; resetTime: Date };
      const totalHits = entry.next;
      entry.next += 1;
      return { totalHits, resetTime: entry.resetTime };
    });
  }
}
