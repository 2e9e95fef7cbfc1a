import type { ProviderTokenSealer } from "@cert/pii";
import type { Cluster, Redis } from "ioredis";

/** A token read from Redis with the time it stays fresh, ms. */
export interface SharedToken {
  readonly token: string;
  readonly freshMs: number;
}

/**
 * Deletes the key only while it still holds the given value, atomically. Registered once on the
 * connection under this name: ioredis then sends it as EVALSHA, the script itself only once.
 */
const DELETE_IF_EQUAL = "certDeleteIfEqual";
const DELETE_IF_EQUAL_LUA = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** The connection once `DELETE_IF_EQUAL` is defined on it: 1 if the key was deleted, else 0. */
type WithDeleteIfEqual = {
  [DELETE_IF_EQUAL](key: string, value: string): Promise<number>;
};

/**
 * The token cache shared by every process using the same Redis and key: the token lives under
 * `key` with a TTL equal to the time it stays fresh (so expiry needs no clock agreement between
 * hosts), and `key:lock` elects the one process that refreshes it. Redis failures are reported
 * as "unavailable" so callers fall back to asking the provider: the provider allows many
 * callers, the cache only saves calls.
 *
 * The token is stored sealed (`sealer`, keyed by the provider secret): whoever reads Redis alone
 * could otherwise fetch any person's certification with it. A value that does not open (another
 * secret, altered, an older plain value) counts as no token.
 */
export class SharedTokenStore {
  private readonly lockKey: string;
  private readonly scripts: WithDeleteIfEqual;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly key: string,
    private readonly sealer: ProviderTokenSealer,
  ) {
    this.lockKey = `${key}:lock`;
    redis.defineCommand(DELETE_IF_EQUAL, { numberOfKeys: 1, lua: DELETE_IF_EQUAL_LUA });
    this.scripts = redis as unknown as WithDeleteIfEqual;
  }

  /** The shared token, or null when there is none, it is about to lapse, or Redis fails. */
  async read(): Promise<SharedToken | null> {
    try {
      const [[, sealed], [, ttl]] = (await this.redis
        .multi()
        .get(this.key)
        .pttl(this.key)
        .exec()) as [[unknown, string | null], [unknown, number]];
      const token = typeof sealed === "string" ? this.sealer.open(sealed) : undefined;
      return token !== undefined && ttl > 0 ? { token, freshMs: ttl } : null;
    } catch {
      return null;
    }
  }

  async write(token: string, freshMs: number): Promise<void> {
    if (freshMs < 1) return;
    try {
      await this.redis.set(this.key, this.sealer.seal(token), "PX", Math.floor(freshMs));
    } catch {
      // Unshared this time; other processes fetch their own.
    }
  }

  /** Drops the shared token only if it is still `token` (a newer one stays). */
  async deleteIf(token: string): Promise<void> {
    try {
      // Each seal differs (fresh nonce): compare what is stored, opened, then delete that exact value.
      const sealed = await this.redis.get(this.key);
      if (sealed === null || this.sealer.open(sealed) !== token) return;
      await this.scripts[DELETE_IF_EQUAL](this.key, sealed);
    } catch {
      // Nothing shared to drop.
    }
  }

  /** SET NX PX: "acquired", "held" by another process, or "unavailable" (Redis failed). */
  async lock(owner: string, ttlMs: number): Promise<"acquired" | "held" | "unavailable"> {
    try {
      const result = await this.redis.set(this.lockKey, owner, "PX", ttlMs, "NX");
      return result === "OK" ? "acquired" : "held";
    } catch {
      return "unavailable";
    }
  }

  async unlock(owner: string): Promise<void> {
    try {
      await this.scripts[DELETE_IF_EQUAL](this.lockKey, owner);
    } catch {
      // The lock expires by itself.
    }
  }
}
