import type { ClientRateLimitInfo, Options, Store } from "express-rate-limit";
import type { RedisCommands } from "./redis-commands";
import { tickBatcher } from "./tick-batcher";

/**
 * For each counter KEYS[i], grants up to ARGV[i] hits or more (a lease) out of what is left of
 * the limit ARGV[n+2] in the current window, adding the grant to the counter (a new counter
 * starts its window of ARGV[n+1] ms). The lease is a share 1/ARGV[n+3] of what is left, never
 * less than the hits asked for, never more than what is left. Returns, per key, the counter
 * before the grant, the grant and the ms left in the window.
 */
const LEASE_SCRIPT = `
local n = #KEYS
local window = tonumber(ARGV[n + 1])
local limit = tonumber(ARGV[n + 2])
local divisor = tonumber(ARGV[n + 3])
local replies = {}
for i, key in ipairs(KEYS) do
  local need = tonumber(ARGV[i])
  local used = tonumber(redis.call("GET", key) or "0")
  local left = limit - used
  local grant = 0
  if left > 0 then
    grant = math.min(left, math.max(need, math.ceil(left / divisor)))
    redis.call("INCRBY", key, grant)
  end
  local ttl = redis.call("PTTL", key)
  if ttl == -1 then
    redis.call("PEXPIRE", key, window)
    ttl = window
  elseif ttl < 0 then
    ttl = window
  end
  replies[#replies + 1] = used
  replies[#replies + 1] = grant
  replies[#replies + 1] = ttl
end
return replies`;

/** Hits an instance holds for one client in the current window, already counted in Redis. */
interface Lease {
  /** Hits granted and not yet used. */
  left: number;
  /** The shared counter right after the last grant. */
  counted: number;
  /** When the window (and so the lease) ends, ms since the epoch. */
  resetAt: number;
}

export interface LeasedRateStoreOptions {
  /** Where the counters live (every instance must use the same Redis). */
  redis: RedisCommands;
  /** Prefix of the counter keys; stores sharing it share the counts. */
  prefix: string;
  /**
   * The share of a client's remaining budget one lease takes, as a divisor: with 16, an
   * instance takes 1/16 of what is left. Larger is closer to one Redis round trip per hit;
   * smaller is fewer round trips. Default 16.
   */
  leaseDivisor?: number;
  /** Clients whose leases are remembered before expired ones are swept. Default 10,000. */
  maxClients?: number;
}

/**
 * An express-rate-limit store with fixed windows counted in Redis and shared by every API
 * instance, that takes hits from Redis in leases instead of one by one. A client's first hit in
 * a window takes a share of its remaining budget (1/16 by default) into this instance; the next
 * hits are served from that lease with no Redis round trip, so the limiter is off the intake's
 * request path for all but about one hit in sixteen of a busy client.
 *
 * The count is never exceeded: a lease is added to the shared counter before any of it is used,
 * so the hits admitted across all instances never pass the limit. Near the limit leases shrink
 * to the hits asked for, so the last hits of a window are counted exactly, one by one. What a
 * lease can cost is the other way: hits leased by an instance the client stops using are lost
 * for that window, at most 1/16 of what was left when the lease was taken. The hits of one
 * event-loop turn that need Redis go as one command.
 */
export class LeasedRateStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private readonly redis: RedisCommands;
  private readonly leaseDivisor: number;
  private readonly maxClients: number;
  private readonly leases = new Map<string, Lease>();
  private windowMs = 60_000;
  private limit = 0;
  private readonly lease = tickBatcher<string, ClientRateLimitInfo>((keys) => this.take(keys));

  constructor(options: LeasedRateStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.leaseDivisor = options.leaseDivisor ?? 16;
    this.maxClients = options.maxClients ?? 10_000;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    if (typeof options.limit !== "number") {
      throw new TypeError("LeasedRateStore needs a fixed numeric limit");
    }
    this.limit = options.limit;
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    const lease = this.current(key);
    if (lease === undefined || lease.left === 0) return this.lease(key);
    lease.left -= 1;
    return Promise.resolve({
      totalHits: lease.counted - lease.left,
      resetTime: new Date(lease.resetAt),
    });
  }

  /** Gives a hit back to the lease it came from (express-rate-limit's skip options). */
  async decrement(key: string): Promise<void> {
    const lease = this.current(key);
    if (lease !== undefined) lease.left += 1;
    else await this.redis.call("DECR", this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    this.leases.delete(key);
    await this.redis.call("DEL", this.prefix + key);
  }

  /** The client's lease in the current window, if any. */
  private current(key: string): Lease | undefined {
    const lease = this.leases.get(key);
    if (lease === undefined) return undefined;
    if (lease.resetAt > Date.now()) return lease;
    this.leases.delete(key);
    return undefined;
  }

  /** One script call for the turn's hits without a lease; each hit learns its place. */
  private async take(keys: readonly string[]): Promise<ClientRateLimitInfo[]> {
    const need = new Map<string, number>();
    for (const key of keys) need.set(key, (need.get(key) ?? 0) + 1);
    const distinct = [...need.keys()];
    const replies = (await this.redis.call(
      "EVAL",
      LEASE_SCRIPT,
      distinct.length,
      ...distinct.map((key) => this.prefix + key),
      ...distinct.map((key) => need.get(key) ?? 0),
      this.windowMs,
      this.limit,
      this.leaseDivisor,
    )) as number[];
    const now = Date.now();
    const next = new Map<string, { totalHits: number; resetTime: Date }>();
    distinct.forEach((key, i) => {
      const used = Number(replies[3 * i]);
      const grant = Number(replies[3 * i + 1]);
      const resetAt = now + Number(replies[3 * i + 2]);
      const spare = Math.max(0, grant - (need.get(key) ?? 0));
      this.keep(key, spare, used + grant, resetAt);
      next.set(key, { totalHits: used + 1, resetTime: new Date(resetAt) });
    });
    // Hits past the grant count past the limit, so express-rate-limit refuses them.
    return keys.map((key) => {
      const entry = next.get(key) as { totalHits: number; resetTime: Date };
      const info = { totalHits: entry.totalHits, resetTime: entry.resetTime };
      entry.totalHits += 1;
      return info;
    });
  }

  /** Adds a grant's unused hits to the client's lease. */
  private keep(key: string, spare: number, counted: number, resetAt: number): void {
    const lease = this.current(key);
    if (lease !== undefined) {
      lease.left += spare;
      lease.counted = Math.max(lease.counted, counted);
      return;
    }
    if (spare === 0) return;
    if (this.leases.size >= this.maxClients) this.sweep();
    this.leases.set(key, { left: spare, counted, resetAt });
  }

  /** Drops expired leases, or all of them if none expired (dropping one only loses hits). */
  private sweep(): void {
    const now = Date.now();
    for (const [key, lease] of this.leases) if (lease.resetAt <= now) this.leases.delete(key);
    if (this.leases.size >= this.maxClients) this.leases.clear();
  }
}
