import { createRateLimiter, type RedisCaller } from "@cert/http";
import type { Logger } from "@cert/logger";
import type { RequestHandler, Response } from "express";

/** Marks the request as a failed authentication: a wrong token, session or sign-in. */
export function markAuthFailure(res: Response): void {
  res.locals.adminAuthFailed = true;
}

export interface AuthFailureLimitOptions {
  /** Fail-fast Redis connection holding the counters, shared by every API instance. */
  redis: RedisCaller;
  /** Key prefix of the counters, e.g. `cert:admin:auth-failures:`. */
  prefix: string;
  /** Failed authentications one client may make per window. */
  limit: number;
  windowMs: number;
  logger: Logger;
}

/**
 * Guards every admin route: once a client (IP) has failed to authenticate `limit` times in the
 * window, each of its admin requests is answered `429` with `Retry-After`, right credentials
 * included (otherwise a guesser over the limit would still learn which guess is right). Only
 * requests marked by {@link markAuthFailure} count; a browser arriving without any credential is
 * routine and does not. Counted in Redis so a guesser spread over instances is limited once.
 */
export function createAuthFailureLimit(options: AuthFailureLimitOptions): RequestHandler {
  const { redis, prefix, limit, windowMs, logger } = options;
  return createRateLimiter({
    windowMs,
    limit,
    shared: { redis, prefix },
    countOnly: (_req, res) => res.locals.adminAuthFailed === true,
    onLimited: (req) =>
      logger.warn(
        { ip: req.ip, path: req.originalUrl.split("?")[0], reason: "rate_limited" },
        "admin request refused: too many failed authentications",
      ),
    warn: (error) => logger.warn({ err: error }, "admin authentication limiter failed"),
    logger,
  });
}
