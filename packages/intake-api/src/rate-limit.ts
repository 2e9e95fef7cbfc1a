import { createHash } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { RedisStore } from "rate-limit-redis";
import { RateLimitedError } from "./errors";
import type { ThrottledWarning } from "./throttled-warning";

/** The one Redis method the limiter needs; an ioredis client has it. */
export interface RateLimitRedis {
  call(command: string, ...args: string[]): Promise<unknown>;
}

type SendCommand = Extract<
  ConstructorParameters<typeof RedisStore>[0],
  { sendCommand: unknown }
>["sendCommand"];

export interface RateLimiterOptions {
  /** A connection of its own (fail-fast, like the queue's), shared by every route it guards. */
  redis: RateLimitRedis;
  /** Requests allowed per client per minute (`RATE_LIMIT_PER_MINUTE`, default 600). */
  limitPerMinute: number;
  /** Redis key prefix; instances sharing it share the counts (e.g. `cert:rl:`). */
  prefix: string;
  /** Reports store errors (the request then passes unlimited). */
  warn: ThrottledWarning;
}

/**
 * Sends raw commands for rate-limit-redis. `SCRIPT LOAD` never fails through it: the store
 * issues two in its constructor and never awaits one of them, so with Redis down at start-up
 * the rejection would be unhandled and kill the process. When Redis cannot load a script the
 * adapter answers with the script's SHA1 (what Redis would have answered); the next `EVALSHA`
 * then fails with NOSCRIPT and the store loads the script again, as it does after a restart.
 */
function sendCommandVia(redis: RateLimitRedis): SendCommand {
  return (command, ...args) => {
    const reply = redis.call(command, ...args) as ReturnType<SendCommand>;
    if (command.toUpperCase() !== "SCRIPT" || args[0]?.toUpperCase() !== "LOAD") return reply;
    const sha1 = createHash("sha1")
      .update(args[1] ?? "")
      .digest("hex");
    return reply.catch(() => sha1);
  };
}

/** Distinct client addresses whose keys are remembered; the memo is emptied when it fills. */
const KEY_MEMO_SIZE = 10_000;

/**
 * The client key: the IP, with IPv6 addresses reduced to their /56 (one subscriber's range)
 * and IPv4-mapped ones (`::ffff:1.2.3.4`, what a dual-stack listener sees) to plain IPv4, by
 * express-rate-limit's `ipKeyGenerator`. That parses addresses with a slow general-purpose
 * library, so the result is memoised per address: intake calls this on every request.
 */
function clientKeys(): (req: Request) => string {
  const memo = new Map<string, string>();
  return (req) => {
    const ip = req.ip ?? "unknown";
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
 * limit whose counts live in Redis, so every API instance enforces one shared limit. Over the
 * limit: `429 rate_limited` with `Retry-After`. (No `RateLimit-*` headers on every answer:
 * they would cost each intake request two more headers for clients that rarely read them.) When
 * Redis fails, the request passes (`passOnStoreError`): the limiter must not turn a Redis blip
 * into an outage on its own, and the enqueue that follows answers 503 if Redis is really down.
 */
export function createRateLimiter(options: RateLimiterOptions): RequestHandler {
  const { redis, limitPerMinute, prefix, warn } = options;
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: clientKeys(),
    passOnStoreError: true,
    store: new RedisStore({ sendCommand: sendCommandVia(redis), prefix }),
    logger: { error: (error) => warn(error), warn: (error) => warn(error) },
    handler: (req, _res, next) => {
      next(new RateLimitedError(retryAfterSeconds(req)));
    },
  });
}
