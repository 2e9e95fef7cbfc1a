import type { Logger } from "@cert/logger";
import type { Request, RequestHandler } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { RateLimitedError } from "./errors";
import { LeasedRateStore } from "./leased-rate-store";
import type { RedisCommands } from "./redis-commands";
import type { ThrottledWarning } from "./throttled-warning";

export interface RateLimiterOptions {
  /** Redis for the counters: a fail-fast connection apart from the queue's. */
  redis: RedisCommands;
  /** Requests allowed per client per minute (`RATE_LIMIT_PER_MINUTE`, default 600). */
  limitPerMinute: number;
  /** Redis key prefix; instances sharing it share the counts (e.g. `cert:rl:`). */
  prefix: string;
  /** Reports store errors (the request then passes unlimited). */
  warn: ThrottledWarning;
  /** For express-rate-limit's start-up checks of its own configuration. */
  logger: Logger;
  /**
   * Whether the app trusts a proxy (`TRUST_PROXY`). When it does not, the client address is
   * read straight from the socket, which is what `req.ip` answers then, without express parsing
   * `X-Forwarded-For` on every request to find that out. Default true (always ask `req.ip`).
   */
  trustProxy?: boolean;
}

/** express-rate-limit's configuration checks report errors with codes like `ERR_ERL_...`. */
function isConfigurationCheck(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_ERL_");
}

/** Distinct client addresses whose keys are remembered; the memo is emptied when it fills. */
const KEY_MEMO_SIZE = 10_000;

/**
 * The client key: the IP, with IPv6 addresses reduced to their /56 (one subscriber's range)
 * and IPv4-mapped ones (`::ffff:1.2.3.4`, what a dual-stack listener sees) to plain IPv4, by
 * express-rate-limit's `ipKeyGenerator`. That parses addresses with a slow general-purpose
 * library, so the result is memoised per address: intake calls this on every request.
 */
function clientKeys(trustProxy: boolean): (req: Request) => string {
  const memo = new Map<string, string>();
  return (req) => {
    const ip = (trustProxy ? req.ip : req.socket.remoteAddress) ?? "unknown";
    let key = memo.get(ip);
    if (key === undefined) {
      if (memo.size >= KEY_MEMO_SIZE) memo.clear();
      key = ipKeyGenerator(ip, 56);
      memo.set(ip, key);
    }
    return key;
  };
}

/** Seconds until the client's window resets, at least 1. */
function retryAfterSeconds(req: Request): number {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  if (resetTime === undefined) return 60;
  return Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
}

/**
 * Per-client (by IP: set express's `trust proxy` to read it behind a proxy) fixed-window rate
 * limit of express-rate-limit, counted in Redis by {@link LeasedRateStore} so every API
 * instance enforces one shared limit (most hits served from a lease, without a round trip).
 * Over the limit: `429 rate_limited` with `Retry-After`.
 * (No `RateLimit-*` headers on every answer: two more headers on each intake request, for
 * clients that rarely read them.) When Redis fails, the request passes (`passOnStoreError`):
 * the limiter must not turn a Redis blip into an outage on its own, and the enqueue that
 * follows answers 503 if Redis is really down.
 */
export function createRateLimiter(options: RateLimiterOptions): RequestHandler {
  const { redis, limitPerMinute, prefix, warn, logger, trustProxy = true } = options;
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: clientKeys(trustProxy),
    passOnStoreError: true,
    store: new LeasedRateStore({ redis, prefix }),
    logger: {
      error: (error) =>
        isConfigurationCheck(error)
          ? logger.error({ err: error }, "rate limiter misconfigured")
          : warn(error),
      warn: (error) => logger.warn({ err: error }, "rate limiter configuration warning"),
    },
    handler: (req, _res, next) => {
      next(new RateLimitedError(retryAfterSeconds(req)));
    },
  });
}
