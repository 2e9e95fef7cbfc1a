import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ProviderTokenSealer } from "@cert/pii";
import type { Cluster, Redis } from "ioredis";
import { type SharedToken, SharedTokenStore } from "./shared-token-store";

/** What `POST /users/getToken` grants: the token and the provider's clock, unix seconds. */
export interface TokenGrant {
  readonly accessToken: string;
  readonly now: number;
  readonly expiredAt: number;
}

export interface TokenManagerOptions {
  /** Asks the provider for a token; the only way the manager reaches the provider. */
  readonly fetchToken: () => Promise<TokenGrant>;
  /** Redis shared by the processes that should share one token. Default none (this process only). */
  readonly redis?: Redis | Cluster;
  /**
   * Seals the token stored in `redis` (`providerTokenSealer(apiSecret, "iamport")` of
   * @cert/pii). Required with `redis`: the token never sits in Redis in clear.
   */
  readonly tokenSealer?: ProviderTokenSealer;
  /** Prefix of the Redis keys. Default `iamport:`. */
  readonly keyPrefix?: string;
  /**
   * Separates credentials sharing one Redis (the client passes a hash of API URL and key, never
   * the secret). Default `default`.
   */
  readonly scope?: string;
  /**
   * Refresh this long before the token expires, ms, so a request never leaves with a token
   * about to lapse. Capped at half the token's lifetime so short-lived tokens are still reused.
   * Default 60000.
   */
  readonly refreshMarginMs?: number;
  /** How long the refresh lock is held at most (a crashed holder frees it after this), ms. Default 10000. */
  readonly lockTtlMs?: number;
  /**
   * How long a process that lost the lock waits for the winner's token before fetching one
   * itself, ms. Default `lockTtlMs` + 1000.
   */
  readonly lockWaitMs?: number;
  /** Pause between looks at Redis while waiting, ms. Default 50. */
  readonly pollIntervalMs?: number;
  /** Local clock, ms. Default `Date.now`. */
  readonly now?: () => number;
}

export interface TokenManagerStats {
  /** getToken requests this manager sent to the provider. */
  readonly providerFetches: number;
  /** Tokens taken from Redis, fetched by another process or manager. */
  readonly sharedHits: number;
  /** Cached tokens dropped after a 401. */
  readonly invalidations: number;
}

interface CachedToken {
  readonly token: string;
  /** Local ms after which the token is refreshed. */
  readonly refreshAt: number;
}

/**
 * Hands out the provider's access token. Cached until shortly before expiry (computed from the
 * provider's own `now`, so a skewed provider clock does not matter); one refresh in flight per
 * process however many callers wait (single-flight); shared across processes through Redis,
 * where a SET NX lock lets one process refresh while the others wait for its token.
 */
export class TokenManager {
  private readonly fetchToken: () => Promise<TokenGrant>;
  readonly #shared: SharedTokenStore | null;
  private readonly refreshMarginMs: number;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly pollIntervalMs: number;
  private readonly now: () => number;
  // #private so that inspecting or logging the manager (or the client) never shows the token.
  #cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;
  private counters = { providerFetches: 0, sharedHits: 0, invalidations: 0 };

  constructor(options: TokenManagerOptions) {
    this.fetchToken = options.fetchToken;
    const key = `${options.keyPrefix ?? "iamport:"}token:${options.scope ?? "default"}`;
    if (options.redis && !options.tokenSealer) {
      throw new TypeError("tokenSealer is required with redis: the shared token is stored sealed");
    }
    this.#shared =
      options.redis && options.tokenSealer
        ? new SharedTokenStore(options.redis, key, options.tokenSealer)
        : null;
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000;
    this.lockTtlMs = options.lockTtlMs ?? 10_000;
    this.lockWaitMs = options.lockWaitMs ?? this.lockTtlMs + 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.now = options.now ?? Date.now;
  }

  /** A token fresh enough to use now. */
  getToken(): Promise<string> {
    const cached = this.#cached;
    if (cached !== null && this.now() < cached.refreshAt) return Promise.resolve(cached.token);
    if (this.inflight === null) {
      this.inflight = this.refresh().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /**
   * After a 401 with `token`: drops it here and in Redis, but only if it is still the cached
   * one, so the many requests of one 401 wave cause a single refresh.
   */
  async invalidate(token: string): Promise<void> {
    if (this.#cached?.token === token) {
      this.#cached = null;
      this.counters.invalidations += 1;
    }
    await this.#shared?.deleteIf(token);
  }

  stats(): TokenManagerStats {
    return { ...this.counters };
  }

  private async refresh(): Promise<string> {
    const shared = this.#shared;
    if (shared === null) return this.fetchAndShare();
    const found = await shared.read();
    if (found !== null) return this.adopt(found);
    const owner = randomUUID();
    const deadline = this.now() + this.lockWaitMs;
    for (;;) {
      const lock = await shared.lock(owner, this.lockTtlMs);
      if (lock === "unavailable") return this.fetchAndShare();
      if (lock === "acquired") {
        try {
          // The previous holder may have stored its token between our read and our lock.
          const stored = await shared.read();
          return stored === null ? await this.fetchAndShare() : this.adopt(stored);
        } finally {
          await shared.unlock(owner);
        }
      }
      // Bounded wait: if the holder hangs past the deadline, fetch without the lock.
      if (this.now() >= deadline) return this.fetchAndShare();
      await sleep(this.pollIntervalMs);
      const awaited = await shared.read();
      if (awaited !== null) return this.adopt(awaited);
    }
  }

  private adopt(found: SharedToken): string {
    this.counters.sharedHits += 1;
    this.#cached = { token: found.token, refreshAt: this.now() + found.freshMs };
    return found.token;
  }

  private async fetchAndShare(): Promise<string> {
    const askedAt = this.now();
    this.counters.providerFetches += 1;
    const grant = await this.fetchToken();
    // Skew-free expiry: the provider's remaining lifetime, counted from when we asked.
    const lifetimeMs = (grant.expiredAt - grant.now) * 1000;
    const margin = Math.min(this.refreshMarginMs, lifetimeMs / 2);
    const refreshAt = askedAt + lifetimeMs - margin;
    this.#cached = { token: grant.accessToken, refreshAt };
    await this.#shared?.write(grant.accessToken, refreshAt - this.now());
    return grant.accessToken;
  }
}
