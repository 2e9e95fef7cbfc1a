import { createHash } from "node:crypto";
import { createCallBatcher } from "@cert/call-batcher";
import type { Logger } from "@cert/logger";
import { callOnEveryPrimary } from "@cert/redis";
import type { Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, rateLimit, type Store } from "express-rate-limit";
import { type RedisReply, RedisStore } from "rate-limit-redis";
import { RateLimitedError } from "./http-errors";

/** The Redis methods the counters need; an ioredis client (standalone or cluster) has them. */
export interface RedisCaller {
  call(command: string, ...args: string[]): Promise<unknown>;
  /** Commands queued, then written together by `exec` (ioredis's pipeline). */
  pipeline(): RedisPipeline;
}

/** The part of an ioredis pipeline the counters use. */
export interface RedisPipeline {
  call(command: string, ...args: string[]): unknown;
  exec(): Promise<[error: Error | null, reply: unknown][] | null>;
}

/** Where the counters live: shared by every instance in Redis. */
export interface SharedCounters {
  /** A fail-fast connection (commands fail at once while Redis is down). */
  redis: RedisCaller;
  /** Key prefix; instances sharing it share the counts (e.g. `cert:rl:`). */
  prefix: string;
}

export interface RateLimiterOptions {
  /** Length of a fixed window, in ms. */
  windowMs: number;
  /** Requests one client may make per window. */
  limit: number;
  /** Count in Redis, shared by all instances; omitted: counted in this process. */
  shared?: SharedCounters;
  /**
   * Count only the requests this says failed (e.g. wrong credentials), decided once the answer
   * is sent: every request is counted when it arrives (so a burst of guesses is held back at
   * once) and given back when it finishes unless it failed. Default: every request counts.
   */
  countOnly?: (req: Request, res: Response) => boolean;
  /**
   * Whether the app trusts a proxy (`TRUST_PROXY`). When it does not, the client address is
   * read straight from the socket, which is what `req.ip` answers then. Default true.
   */
  trustProxy?: boolean;
  /** Called with each refused request before it is answered 429 (e.g. to log it). */
  onLimited?: (req: Request) => void;
  /** Reports store errors (the request then passes unlimited); throttle it. */
  warn: (error: unknown) => void;
  /** For express-rate-limit's start-up checks of its own configuration. */
  logger: Logger;
}

/** express-rate-limit's configuration checks report errors with codes like `ERR_ERL_...`. */
function isConfigurationCheck(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_ERL_");
}

/** Addresses whose keys {@link clientKey} remembers before it starts over. */
const CLIENT_KEY_MEMO_SIZE = 10_000;

/**
 * The client key: the IP, with IPv6 addresses reduced to their /56 (one subscriber's range)
 * and IPv4-mapped ones to plain IPv4, by express-rate-limit's `ipKeyGenerator`.
 *
 * Memoised per address: `ipKeyGenerator` parses every IPv6 address with `ip-address`, and a
 * server listening on `::` sees IPv4 clients as IPv4-mapped IPv6 (`::ffff:a.b.c.d`), so it
 * would parse on every request. The memo is bounded: full, it is emptied (recomputing a key
 * only costs that parse again).
 */
function clientKey(trustProxy: boolean): (req: Request) => string {
  const keys = new Map<string, string>();
  return (req) => {
    const address = (trustProxy ? req.ip : req.socket.remoteAddress) ?? "unknown";
    let key = keys.get(address);
    if (key === undefined) {
      key = ipKeyGenerator(address, 56);
      if (keys.size >= CLIENT_KEY_MEMO_SIZE) keys.clear();
      keys.set(address, key);
    }
    return key;
  };
}

/** Seconds until the client's window resets, at least 1. */
function retryAfterSeconds(req: Request, windowMs: number): number {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  if (resetTime === undefined) return Math.ceil(windowMs / 1000);
  return Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
}

/**
 * Sends the counters' script calls (`EVALSHA`) of requests that arrive together as one pipeline:
 * one socket write and one read for many requests, where one call per request would pay both
 * for each. Each call still gets its own reply or error (a `NOSCRIPT` then fails only its call,
 * and the store reloads the script). On a cluster one pipeline's keys must share a slot, so the
 * counters' prefix must carry a hash tag (intake's and admin's derive from the queue's tagged
 * prefix).
 */
function batchedCalls(redis: RedisCaller): (command: string, args: string[]) => Promise<unknown> {
  const batcher = createCallBatcher<readonly string[], unknown>({
    run: async (calls) => {
      // A lone call skips the pipeline object, which would cost more than the call itself.
      if (calls.length === 1) {
        const [command = "", ...args] = calls[0] as readonly string[];
        return [await settledCall(redis, command, args)];
      }
      const pipeline = redis.pipeline();
      for (const [command = "", ...args] of calls) pipeline.call(command, ...args);
      const replies = (await pipeline.exec()) ?? [];
      return calls.map((_, i): PromiseSettledResult<unknown> => {
        const [error, reply] = replies[i] ?? [new Error("no reply in the pipeline")];
        return error
          ? { status: "rejected", reason: error }
          : { status: "fulfilled", value: reply };
      });
    },
  });
  return (command, args) => batcher.add([command, ...args]);
}

async function settledCall(
  redis: RedisCaller,
  command: string,
  args: string[],
): Promise<PromiseSettledResult<unknown>> {
  try {
    return { status: "fulfilled", value: await redis.call(command, ...args) };
  } catch (reason) {
    return { status: "rejected", reason };
  }
}

/**
 * rate-limit-redis over `redis`. The store loads its scripts once, at start-up, and keeps the
 * resulting promise: a load that failed because Redis was down then would fail every later hit.
 * So a failed `SCRIPT LOAD` answers the SHA1 Redis would have returned; once Redis is back,
 * `EVALSHA` meets `NOSCRIPT` and the store loads the script again by itself.
 */
function redisStore({ redis, prefix }: SharedCounters): Store {
  const call = batchedCalls(redis);
  return new RedisStore({
    prefix,
    sendCommand: async (command: string, ...args: string[]) => {
      try {
        // On a cluster the script must be loaded where EVALSHA will run: on every primary.
        if (command === "SCRIPT")
          return (await callOnEveryPrimary(redis, command, ...args)) as RedisReply;
        return (await call(command, args)) as RedisReply;
      } catch (error) {
        if (command === "SCRIPT" && args[0] === "LOAD" && args[1] !== undefined) {
          return createHash("sha1").update(args[1]).digest("hex");
        }
        throw error;
      }
    },
  });
}

/**
 * A per-client (by IP: set express's `trust proxy` to read it behind a proxy) fixed-window
 * limit of express-rate-limit. Over the limit: `429 rate_limited` with `Retry-After`, through
 * the app's JSON error handler. No `RateLimit-*` headers on every answer (two more headers on
 * each intake request, for clients that rarely read them).
 *
 * When the store fails (Redis down), the request passes (`passOnStoreError`): the limiter must
 * not turn a Redis blip into an outage on its own, and what the route does next with Redis
 * (intake's enqueue) answers 503 with `Retry-After` if Redis is really down.
 */
export function createRateLimiter(options: RateLimiterOptions): RequestHandler {
  const { windowMs, limit, shared, warn, logger, onLimited, trustProxy = true } = options;
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: options.countOnly !== undefined,
    ...(options.countOnly === undefined
      ? {}
      : { requestWasSuccessful: (req, res) => !options.countOnly?.(req, res) }),
    keyGenerator: clientKey(trustProxy),
    passOnStoreError: true,
    ...(shared === undefined ? {} : { store: redisStore(shared) }),
    logger: {
      error: (error) =>
        isConfigurationCheck(error)
          ? logger.error({ err: error }, "rate limiter misconfigured")
          : warn(error),
      warn: (error) => logger.warn({ err: error }, "rate limiter configuration warning"),
    },
    handler: (req, _res, next) => {
      onLimited?.(req);
      next(new RateLimitedError(retryAfterSeconds(req, windowMs)));
    },
  });
}
